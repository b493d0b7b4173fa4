/**
 * Latency under load: does a measurer rank the MobileNetV2 width family
 * (0.35 / 0.5 / 0.75 / 1.0) in order on an idle machine and beside busy
 * processes, and when it does not, does it say the result is noisy?
 *
 *   npm run bench:latency-load                          # 10 repeats, 28 and 224, idle and with 2 busy processes
 *   npm run bench:latency-load -- --repeats 1 --sizes 28 # smoke test
 *   npm run bench:latency-load -- --measurer ort         # onnxruntime-node (also ort-wasm, browser)
 *
 * Each repeat measures the four widths with one fresh measurer (`--measurer`:
 * wasm, the default, a WasmLatencyMeasurer with its CPU-time clock; ort,
 * ort-wasm or browser; default options, load watched), forwards on even repeats
 * and backwards on odd ones (so a drift during a repeat does not favour one
 * order). "Busy" starts `--busy` child processes that spin on the CPU for the
 * whole condition, and stops them after. A repeat is in order when the medians
 * rise strictly with the width; a wrong order is flagged when at least one of
 * its four reports has `load.noisy`. Goal (issue 28): with two busy processes,
 * in order in at least 9 of 10 repeats, or every wrong order flagged.
 *
 * Prints a table and, with `--out`, writes every report's median, interval and
 * load as JSON. Do not run it on a machine that other jobs load: the idle
 * rows would not be idle.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg } from 'node:os';
import {
  BrowserLatencyMeasurer,
  type LatencyMeasurer,
  type LatencyReport,
  OrtLatencyMeasurer,
  WasmLatencyMeasurer,
  busyCores,
  mobilenetV2,
  procStatProbe,
} from 'mnas-ts';
import { benchCommand, finite, integer, listOf, numbers, oneOf, recordedArgs } from './args.js';

const WIDTHS = [0.35, 0.5, 0.75, 1.0] as const;

const opts = benchCommand('latency-load', 'MobileNetV2 at four widths timed by a measurer on an idle machine and beside busy processes')
  .option('--repeats <n>', 'repeats of each condition', integer(1), 10)
  .option('--sizes <list>', 'input sides (>= 8)', numbers, [28, 224])
  .option('--conditions <list>', 'idle and/or busy', listOf(['idle', 'busy']), ['idle', 'busy'])
  .option('--busy <n>', 'busy processes beside the measurement', integer(1), 2)
  .option('--channels <n>', 'input channels', integer(1), 3)
  .option('--classes <n>', 'classes of the classifier', integer(1), 1000)
  .option('--quiet-wait <ms>', "the measurer's load.maxWaitMs: how long it waits for a quiet machine", finite, 0)
  .option('--measurer <name>', 'wasm, ort (onnxruntime-node), ort-wasm or browser', oneOf(['wasm', 'ort', 'ort-wasm', 'browser']), 'wasm')
  .option('--out <file>', 'raw results as JSON')
  .parse()
  .opts<{
    repeats: number;
    sizes: number[];
    conditions: string[];
    busy: number;
    channels: number;
    classes: number;
    quietWait: number;
    measurer: 'wasm' | 'ort' | 'ort-wasm' | 'browser';
    out?: string;
  }>();
const { repeats, sizes, conditions, channels, classes } = opts;
const busyCount = opts.busy;
const quietWaitMs = opts.quietWait;
const out = opts.out ?? '';
if (!sizes.every((s) => Number.isSafeInteger(s) && s >= 8)) throw new Error(`--sizes: expected input sides >= 8, received ${sizes}`);
if (!(quietWaitMs >= 0)) throw new Error(`--quiet-wait: expected a number of ms >= 0, received ${quietWaitMs}`);

/** The measurers the bench can run, each with its default options and the load watched (`--quiet-wait`). */
const MEASURERS: Readonly<Record<typeof opts.measurer, () => LatencyMeasurer>> = {
  wasm: () => new WasmLatencyMeasurer({ load: { maxWaitMs: quietWaitMs } }),
  ort: () => new OrtLatencyMeasurer({ load: { maxWaitMs: quietWaitMs } }),
  'ort-wasm': () => new OrtLatencyMeasurer({ runtime: 'wasm', load: { maxWaitMs: quietWaitMs } }),
  browser: () => new BrowserLatencyMeasurer({ load: { maxWaitMs: quietWaitMs } }),
};
const createMeasurer = MEASURERS[opts.measurer];

/** One repeat of one condition at one input size. */
interface RepeatResult {
  readonly condition: string;
  readonly size: number;
  readonly repeat: number;
  /** The reports in width order (0.35 first), whatever order they were measured in. */
  readonly reports: readonly LatencyReport[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Other processes' CPU use over one second, in cores (undefined off Linux). */
async function machineLoad(): Promise<number | undefined> {
  const probe = procStatProbe();
  const before = probe.read();
  await sleep(1000);
  const after = probe.read();
  return before === undefined || after === undefined ? undefined : busyCores(before, after);
}

/** Starts `n` processes that spin on the CPU until killed. */
function startSpinners(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function stopSpinners(spinners: readonly ChildProcess[]): void {
  for (const s of spinners) s.kill('SIGKILL');
}

async function measureRepeat(condition: string, size: number, repeat: number): Promise<RepeatResult> {
  const order = repeat % 2 === 0 ? [...WIDTHS.keys()] : [...WIDTHS.keys()].reverse();
  const measurer = createMeasurer();
  const reports: LatencyReport[] = new Array(WIDTHS.length);
  try {
    for (const i of order) {
      const arch = mobilenetV2({ widthMultiplier: WIDTHS[i] as number, inputShape: [size, size, channels], numClasses: classes });
      reports[i] = await measurer.measure(arch);
    }
  } finally {
    await measurer.close?.();
  }
  return { condition, size, repeat, reports };
}

const inOrder = (r: RepeatResult): boolean =>
  r.reports.every((x, i) => i === 0 || x.medianMs > (r.reports[i - 1] as LatencyReport).medianMs);
const flagged = (r: RepeatResult): boolean => r.reports.some((x) => x.load?.noisy === true);
/** Adjacent widths whose median intervals do not overlap (the measurement itself separates them). */
const separated = (r: RepeatResult): boolean =>
  r.reports.every((x, i) => i === 0 || (x.medianCi?.lowMs ?? 0) > ((r.reports[i - 1] as LatencyReport).medianCi?.highMs ?? Infinity));

function describeRepeat(r: RepeatResult): string {
  const cells = r.reports.map((x, i) => `${WIDTHS[i]}: ${x.medianMs.toFixed(2)}${x.load?.noisy === true ? '*' : ''}`);
  const other = Math.max(...r.reports.map((x) => x.load?.otherCores ?? 0));
  const share = Math.min(...r.reports.map((x) => x.load?.cpuShare ?? 1));
  return `  ${r.condition} ${r.size} #${r.repeat}: ${cells.join('  ')}  ${inOrder(r) ? 'in order' : 'WRONG ORDER'}${flagged(r) ? ', flagged' : ''}  (others up to ${other.toFixed(2)} cores, CPU share down to ${share.toFixed(2)})`;
}

function summaryRow(condition: string, size: number, rows: readonly RepeatResult[]): string {
  const wrong = rows.filter((r) => !inOrder(r));
  const noisy = rows.flatMap((r) => r.reports).filter((x) => x.load?.noisy === true).length;
  const widths = rows
    .flatMap((r) => r.reports)
    .map((x) => ((x.medianCi?.highMs ?? x.medianMs) - (x.medianCi?.lowMs ?? x.medianMs)) / x.medianMs);
  widths.sort((a, b) => a - b);
  const midWidth = widths[Math.floor((widths.length - 1) / 2)] ?? 0;
  return `| ${condition} | ${size} | ${rows.length} | ${rows.length - wrong.length} | ${wrong.length} | ${wrong.filter(flagged).length} | ${rows.filter(flagged).length} | ${noisy} / ${rows.length * WIDTHS.length} | ${rows.filter(separated).length} | ${(100 * midWidth).toFixed(1)}% |`;
}

async function main(): Promise<void> {
  console.log(`# Latency under load (bench/latency-load.ts ${recordedArgs()})`);
  console.log(
    `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; other processes' CPU use before starting: ${(await machineLoad())?.toFixed(2) ?? 'unknown'} cores`,
  );
  const results: RepeatResult[] = [];
  for (const condition of conditions) {
    const spinners = condition === 'busy' ? startSpinners(busyCount) : [];
    try {
      if (spinners.length > 0) await sleep(1000);
      console.log(
        `\n${condition}${spinners.length > 0 ? ` (${spinners.length} spinning processes)` : ''}: machine CPU use ${(await machineLoad())?.toFixed(2) ?? 'unknown'} cores`,
      );
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const size of sizes) {
          const r = await measureRepeat(condition, size, repeat);
          results.push(r);
          console.log(describeRepeat(r));
        }
      }
    } finally {
      stopSpinners(spinners);
    }
  }
  console.log(
    '\n| condition | input | repeats | in order | wrong order | wrong and flagged | flagged | noisy reports | intervals apart | median 95% CI width |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const condition of conditions)
    for (const size of sizes)
      console.log(
        summaryRow(
          condition,
          size,
          results.filter((r) => r.condition === condition && r.size === size),
        ),
      );
  for (const size of sizes) {
    const busy = results.filter((r) => r.condition === 'busy' && r.size === size);
    if (busy.length === 0) continue;
    const ok = busy.filter(inOrder).length;
    const wrong = busy.filter((r) => !inOrder(r));
    const met = ok >= Math.ceil(0.9 * busy.length) || wrong.every(flagged);
    console.log(
      `goal at ${size} (busy): in order in ${ok} of ${busy.length}, ${wrong.filter(flagged).length} of ${wrong.length} wrong orders flagged: ${met ? 'met' : 'missed'}`,
    );
  }
  console.log(
    `\nload average at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; * = the report is marked noisy`,
  );
  if (out !== '') {
    const rows = results.map((r) => ({
      ...r,
      reports: r.reports.map((x) => ({ medianMs: x.medianMs, medianCi: x.medianCi, load: x.load, runs: x.runs })),
    }));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ args: recordedArgs(), widths: WIDTHS, results: rows }, null, 1)}\n`);
    console.log(`raw results: ${out}`);
  }
}

await main();
