/**
 * Builds the compact tabular-benchmark files shipped in `data/` from the
 * third-party exports in `../shared/data/` (see data/README.md).
 *
 *   npx tsx scripts/build-tabular-data.ts [sharedDataDir]
 *
 * Output (gzipped columnar JSON, rows in token order so that a token list is
 * its own row index):
 * - data/nas-bench-201/nb201-hw.json.gz: NB201 test accuracies joined with
 *   HW-NAS-Bench latencies; row = base-5 value of the 6 op tokens.
 * - data/nas-bench-macro/nas-bench-macro.json.gz: mean/std accuracy, params,
 *   FLOPs, canonical row; row = base-3 value of the 8 op tokens.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data'));

type Json = Record<string, unknown>;
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8')) as Json;

function fail(message: string): never {
  throw new Error(message);
}

function buildNb201(): void {
  const src = readJson(join(shared, 'hw-nas-bench', 'nb201_cifar10_acc_latency.json'));
  const codes = src.arch_code as string[];
  const acc = src.test_acc as Record<string, (number | null)[]>;
  const lat = src.latency_ms as Record<string, (number | null)[]>;
  const n = codes.length;
  if (n !== 15625) fail(`expected 15625 NB201 archs, got ${n}`);
  const index = new Array<number>(n).fill(-1);
  codes.forEach((code, i) => {
    const row = parseInt(code, 5);
    if (!(row >= 0 && row < n) || index[row] !== -1) fail(`bad or duplicate arch_code ${code}`);
    index[row] = i;
  });
  const reorder = <T>(col: readonly T[]): T[] => index.map((i) => col[i] as T);
  const out = {
    format: 'mnas-ts/nb201-hw@1',
    benchmark: 'NAS-Bench-201 (NATS-Bench tss) test accuracies joined with HW-NAS-Bench CIFAR-10 latencies',
    ops: src.ops,
    rows: 'row = base-5 value of the 6 op tokens (edge order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2; first edge most significant)',
    units: { accuracy: '%', latency: 'ms' },
    nb201Index: index,
    isoClass: null as number[] | null,
    accuracy: {
      cifar10: reorder(acc.cifar10 ?? fail('cifar10')),
      cifar100: reorder(acc.cifar100 ?? fail('cifar100')),
      imagenet16_120: reorder(acc.imagenet16_120 ?? fail('imagenet16_120')),
    },
    latencyMs: Object.fromEntries(Object.entries(lat).map(([device, col]) => [device, reorder(col)])),
  };
  // Isomorphism classes (same computed function), remapped to rows.
  const accSrc = readJson(join(shared, 'nas-bench-201', 'nb201_accuracies.json'));
  const iso = accSrc.iso_class as number[];
  const rowOf = new Array<number>(n);
  index.forEach((i, row) => (rowOf[i] = row));
  out.isoClass = reorder(iso).map((i) => rowOf[i] as number);
  const dir = join(root, 'data', 'nas-bench-201');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'nb201-hw.json.gz'), gzipSync(JSON.stringify(out), { level: 9 }));
  writeFileSync(join(dir, 'README.nas-bench-201.md'), readFileSync(join(shared, 'nas-bench-201', 'README.md')));
  writeFileSync(join(dir, 'README.hw-nas-bench.md'), readFileSync(join(shared, 'hw-nas-bench', 'README.md')));
}

function buildMacro(): void {
  const src = readJson(join(shared, 'nas-bench-macro', 'nas_bench_macro_cifar10.json'));
  const archs = src.archs as string[];
  archs.forEach((a, i) => {
    if (parseInt(a, 3) !== i) fail(`macro row ${i} is ${a}`);
  });
  const out = {
    format: 'mnas-ts/nas-bench-macro@1',
    benchmark: 'NAS-Bench-Macro (CIFAR-10)',
    ops: src.ops,
    layers: src.layers,
    rows: 'row = base-3 value of the 8 op tokens (first layer most significant)',
    units: { accuracy: '%', params: 'count', flops: 'count as in the source' },
    meanAcc: src.mean_acc,
    std: src.std,
    params: src.params,
    flops: src.flops,
    canonical: src.canonical,
  };
  const dir = join(root, 'data', 'nas-bench-macro');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'nas-bench-macro.json.gz'), gzipSync(JSON.stringify(out), { level: 9 }));
  writeFileSync(join(dir, 'README.source.md'), readFileSync(join(shared, 'nas-bench-macro', 'README.md')));
}

buildNb201();
buildMacro();
console.log('wrote data/nas-bench-201/nb201-hw.json.gz and data/nas-bench-macro/nas-bench-macro.json.gz');
