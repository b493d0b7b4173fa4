/**
 * `npm run bench:paper-hw`: two of MnasNet's latency claims checked on the
 * shipped HW-NAS-Bench data (NAS-Bench-201 cells on CIFAR-10, six devices),
 * with no measurement of ours, for docs/paper.md:
 *
 * 1. FLOPs are an inaccurate proxy for latency: Kendall tau between each
 *    cell's MACs and its latency on each device.
 * 2. Latency is platform-specific: Kendall tau between the latencies of the
 *    same cells on each pair of devices; and the cell with the best CIFAR-10
 *    accuracy within a target on one device (the target: that device's
 *    median latency), timed on another: whether it meets the other device's
 *    target, and how much accuracy it gives up there against that device's
 *    own best within its target.
 *
 * Cells: one per isomorphism class (6,466 of 15,625), so that duplicates do
 * not weigh twice; edgegpu and edgetpu cover only part of them, and every
 * pair is taken over the cells both cover. MACs of a cell are its edges' only
 * (the stem, the reduction blocks and the classifier are the same in every
 * network and do not change a ranking): at each of the 3 stages (16, 32, 64
 * channels at 32, 16, 8 pixels; 5 cells each) a 3x3 convolution costs
 * 9 C^2 HW, a 1x1 convolution C^2 HW, a 3x3 average pool 9 C HW, skip and none 0.
 *
 * Flags: --out <file> (write the tables between <!-- bench:paper-hw --> and <!-- /bench:paper-hw -->).
 */
import { NB201_DEVICES, type Nb201Cell, type Nb201Device, loadNasBench201 } from 'mnas-ts/evaluate';
import { kendallTau } from 'mnas-ts/measure';
import { writeBetweenMarkers } from './page-markers.js';
import { benchCommand } from './args.js';

const { out } = benchCommand('paper-hw', 'Claims 1 and 2 of docs/paper.md on the recorded devices of HW-NAS-Bench')
  .option('--out <page>', 'docs page to write between <!-- bench:paper-hw --> markers')
  .parse()
  .opts<{ out?: string }>();

const STAGES = [
  { channels: 16, pixels: 32 * 32 },
  { channels: 32, pixels: 16 * 16 },
  { channels: 64, pixels: 8 * 8 },
] as const;
const CELLS_PER_STAGE = 5;

function cellMacs(cell: Nb201Cell): number {
  let macs = 0;
  for (const { channels: c, pixels: hw } of STAGES) {
    for (const op of cell.ops) {
      if (op === 'nor_conv_3x3') macs += 9 * c * c * hw;
      else if (op === 'nor_conv_1x1') macs += c * c * hw;
      else if (op === 'avg_pool_3x3') macs += 9 * c * hw;
    }
  }
  return macs * CELLS_PER_STAGE;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const nb = loadNasBench201();
const cells: Nb201Cell[] = [];
for (let row = 0; row < 15625; row++) {
  const cell = nb.cellAt(row);
  if (nb.isoClassRow(cell) === row) cells.push(cell);
}
const devices = NB201_DEVICES as readonly Nb201Device[];
const latency = (cell: Nb201Cell, d: Nb201Device): number | undefined => nb.latencyMs(cell, d);
const covered = (ds: readonly Nb201Device[]): Nb201Cell[] => cells.filter((c) => ds.every((d) => latency(c, d) !== undefined));
const f2 = (x: number): string => x.toFixed(2);

const lines: string[] = [
  `HW-NAS-Bench (NAS-Bench-201 on CIFAR-10), ${cells.length} cells (one per isomorphism class); \`npm run bench:paper-hw\`.`,
  '',
  '**MACs against latency**',
  '',
  '| device | cells | Kendall tau (MACs, latency) |',
  '|---|---:|---:|',
];
for (const d of devices) {
  const cs = covered([d]);
  lines.push(
    `| ${d} | ${cs.length} | ${f2(
      kendallTau(
        cs.map(cellMacs),
        cs.map((c) => latency(c, d) as number),
      ),
    )} |`,
  );
}
lines.push('', '**Latency on one device against another** (Kendall tau over the cells both cover)', '');
lines.push(`| | ${devices.join(' | ')} |`, `|---|${devices.map(() => '---:').join('|')}|`);
for (const a of devices) {
  const row = devices.map((b) => {
    if (a === b) return '1';
    const cs = covered([a, b]);
    return f2(
      kendallTau(
        cs.map((c) => latency(c, a) as number),
        cs.map((c) => latency(c, b) as number),
      ),
    );
  });
  lines.push(`| ${a} | ${row.join(' | ')} |`);
}
lines.push(
  '',
  "**The best cell within one device's target, on another** (target: the device's median latency over the cells both cover; accuracy: CIFAR-10 test, %)",
  '',
  '| searched on | deployed on | best on A: acc | its latency on B / target B | meets target B | best within target B: acc | accuracy given up |',
  '|---|---|---:|---:|---|---:|---:|',
);
for (const a of devices) {
  for (const b of devices) {
    if (a === b) continue;
    const cs = covered([a, b]);
    const [ta, tb] = [median(cs.map((c) => latency(c, a) as number)), median(cs.map((c) => latency(c, b) as number))];
    const bestWithin = (d: Nb201Device, t: number): Nb201Cell =>
      cs.filter((c) => (latency(c, d) as number) <= t).reduce((x, y) => (nb.accuracy(y) > nb.accuracy(x) ? y : x));
    const [onA, onB] = [bestWithin(a, ta), bestWithin(b, tb)];
    const lb = latency(onA, b) as number;
    const lost = (nb.accuracy(onB) - nb.accuracy(onA)) * 100;
    lines.push(
      `| ${a} | ${b} | ${(nb.accuracy(onA) * 100).toFixed(2)} | ${lb.toPrecision(3)} / ${tb.toPrecision(3)} ms | ${lb <= tb ? 'yes' : '**no**'} | ${(nb.accuracy(onB) * 100).toFixed(2)} | ${lb <= tb ? f2(lost) : '-'} |`,
    );
  }
}
console.log(lines.join('\n'));
if (out !== undefined) {
  writeBetweenMarkers(out, 'paper-hw', lines);
}
