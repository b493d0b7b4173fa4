/**
 * Device benchmark: one architecture set measured on every runtime available
 * here (tfjs WASM in Node and in Chromium, the tfjs-tflite alpha and LiteRT.js
 * in Chromium, onnxruntime-node, onnxruntime-web on WebAssembly and, with an
 * adapter, WebGPU; an Android phone with --adb, Chrome on a phone with --cdp)
 * and the rank correlation between runtimes and with the MACs count:
 * MnasNet's point that latency is platform-specific, with our own numbers.
 * Writes the results into docs/devices.md, between the `devices-table`
 * markers (`devices-table-<size>` for another input size than 224).
 *
 *   npm run bench:devices                      # 3 presets + 20 sampled architectures at 224x224
 *   npm run bench:devices -- --n 100 --input 96
 *   npm run bench:devices -- --runtimes ort-node,ort-wasm --quick --no-write
 *   npm run bench:devices -- --adb --cpu-mask 80 --benchmark-binary /data/local/tmp/benchmark_model
 *
 * A runtime that cannot run here (a missing optional package, no WebGPU
 * adapter) is left out with a note rather than failing the run.
 * Reports are cached under --cache, so an interrupted run resumes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  AndroidLatencyMeasurer,
  BrowserLatencyMeasurer,
  JsonFileLatencyStore,
  OrtLatencyMeasurer,
  Rng,
  RuntimeUnavailableError,
  WasmLatencyMeasurer,
  cachedMeasurer,
  countMacs,
  countParams,
  kendallTau,
  mnasnetA1,
  mnasnetB1,
  mnasnetSpace,
  mobilenetV2,
  spearmanRho,
  type Architecture,
  type LatencyMeasurer,
  type LatencyReport,
} from 'mnas-ts';
import { benchCommand } from './args.js';

/** The runtimes `--runtimes` can name, and what each is. */
const RUNTIMES_HELP = {
  'node-wasm': 'tfjs WASM backend in Node',
  'chromium-wasm': 'tfjs WASM backend in Chromium',
  'chromium-tflite': 'the .tflite export on the tfjs-tflite alpha in Chromium',
  'chromium-litert': 'the .tflite export on LiteRT.js in Chromium',
  'ort-node': 'the .onnx export on onnxruntime-node (CPU)',
  'ort-wasm': 'the .onnx export on onnxruntime-web (WebAssembly) in Chromium',
  'ort-webgpu': 'the .onnx export on onnxruntime-web (WebGPU) in Chromium, when it has an adapter',
} as const;
const DEFAULT_RUNTIMES = Object.keys(RUNTIMES_HELP).join(',');

const opts = benchCommand('devices', 'One architecture set measured on every runtime available here, and the rank correlation between them')
  .option('--n <n>', 'architectures sampled from the MnasNet space', '20')
  .option('--input <px>', 'input size', '224')
  .option('--seed <n>', 'sampling seed', '1')
  .option('--adb', 'also measure on the Android device adb sees', false)
  .option('--serial <serial>', 'Android device serial')
  .option('--cpu-mask <hex>', 'taskset CPU mask on the phone (one big core, e.g. 80)')
  .option('--benchmark-binary <path>', 'benchmark_model on the device', '/data/local/tmp/benchmark_model')
  .option('--cdp <endpoint>', 'also measure in the Chrome at this DevTools endpoint (tflite backend)')
  .option(
    '--webgl',
    'also measure tfjs on WebGL in headless Chromium (SwiftShader without a GPU: slow, so 10 timed runs and one pass)',
    false,
  )
  .option('--runtimes <list>', `comma-separated runtimes to measure (${Object.keys(RUNTIMES_HELP).join(', ')})`, DEFAULT_RUNTIMES)
  .option('--passes <n>', 'measure every platform this many times (fresh measurer each pass) to show the noise floor', '1')
  .option('--cache <dir>', 'cache directory', '.bench-cache/devices')
  .option('--quick', 'tiny settings for a smoke test', false)
  .option('--no-write', 'print only')
  .parse()
  .opts<{
    n: string;
    input: string;
    seed: string;
    adb: boolean;
    serial?: string;
    cpuMask?: string;
    benchmarkBinary: string;
    cdp?: string;
    webgl: boolean;
    runtimes: string;
    passes: string;
    cache: string;
    quick: boolean;
    write: boolean;
  }>();

const size = opts.quick ? 64 : Number(opts.input);
const n = opts.quick ? 3 : Number(opts.n);
const inputShape = [size, size, 3] as const;
const protocol = opts.quick ? { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9 } : { runs: 30 };

interface Named {
  readonly name: string;
  readonly arch: Architecture;
}

function architectures(): Named[] {
  const space = mnasnetSpace({ inputShape, numClasses: 1000 });
  const rng = new Rng(Number(opts.seed));
  return [
    { name: 'MnasNet-A1', arch: mnasnetA1({ inputShape }) },
    { name: 'MnasNet-B1', arch: mnasnetB1({ inputShape }) },
    { name: 'MobileNetV2', arch: mobilenetV2({ inputShape }) },
    ...Array.from({ length: n }, (_, i) => ({ name: `sample ${i + 1}`, arch: space.sample(rng) })),
  ];
}

interface Platform {
  readonly label: string;
  readonly make: () => LatencyMeasurer;
  /** Measured in the first pass only. */
  readonly once?: boolean;
}

function platforms(): Platform[] {
  const byName: Readonly<Record<keyof typeof RUNTIMES_HELP, Platform>> = {
    'node-wasm': { label: 'Node WASM', make: () => new WasmLatencyMeasurer({ ...protocol, clock: 'wall' }) },
    'chromium-wasm': { label: 'Chromium WASM', make: () => new BrowserLatencyMeasurer({ ...protocol, backend: 'wasm' }) },
    'chromium-tflite': { label: 'Chromium TFLite', make: () => new BrowserLatencyMeasurer({ ...protocol, backend: 'tflite' }) },
    'chromium-litert': { label: 'Chromium LiteRT.js', make: () => new BrowserLatencyMeasurer({ ...protocol, backend: 'litert' }) },
    'ort-node': { label: 'Node ORT', make: () => new OrtLatencyMeasurer({ ...protocol, runtime: 'node', threads: 1 }) },
    'ort-wasm': { label: 'Chromium ORT WASM', make: () => new OrtLatencyMeasurer({ ...protocol, runtime: 'wasm' }) },
    'ort-webgpu': { label: 'Chromium ORT WebGPU', make: () => new OrtLatencyMeasurer({ ...protocol, runtime: 'webgpu' }) },
  };
  const list: Platform[] = opts.runtimes.split(',').map((name) => {
    const p = byName[name.trim() as keyof typeof RUNTIMES_HELP];
    if (p === undefined) throw new Error(`--runtimes: unknown runtime ${JSON.stringify(name)} (known: ${DEFAULT_RUNTIMES})`);
    return p;
  });
  if (opts.webgl) {
    const light = opts.quick ? protocol : { runs: 10, window: 3, minWarmupRuns: 3, maxWarmupRuns: 10 };
    list.push({ label: 'Chromium WebGL', make: () => new BrowserLatencyMeasurer({ ...light, backend: 'webgl' }), once: true });
  }
  if (opts.cdp !== undefined) {
    const cdpEndpoint = opts.cdp;
    list.push({
      label: 'Chrome (CDP) TFLite',
      make: () => new BrowserLatencyMeasurer({ ...protocol, backend: 'tflite', cdpEndpoint, port: 8765 }),
    });
  }
  if (opts.adb) {
    list.push({
      label: 'Android TFLite',
      make: () =>
        new AndroidLatencyMeasurer({
          benchmarkBinary: opts.benchmarkBinary,
          ...(opts.serial === undefined ? {} : { serial: opts.serial }),
          ...(opts.cpuMask === undefined ? {} : { cpuMask: opts.cpuMask }),
        }),
    });
  }
  return list;
}

const fmt = (x: number, d = 2): string => x.toFixed(d);

async function main(): Promise<void> {
  const cacheDir = join(opts.cache, opts.quick ? 'quick' : `${size}`);
  mkdirSync(cacheDir, { recursive: true });
  const archs = architectures();
  let plats = platforms();
  /** Platforms that cannot run here (index -> why), left out of the tables. */
  const skipped = new Map<number, string>();
  const passes = Math.max(1, Number(opts.passes));
  /** results[pass][platform][arch] */
  const all: LatencyReport[][][] = [];
  const started = Date.now();
  for (let pass = 0; pass < passes; pass++) {
    // Platforms take turns on each architecture, so a change in the machine's load
    // during the run affects every platform alike instead of biasing one of them.
    const measurers = plats.map((p) => {
      if ((pass > 0 && p.once === true) || skipped.has(plats.indexOf(p))) return undefined;
      const file = join(cacheDir, `${p.label.replace(/\W+/g, '-').toLowerCase()}${pass === 0 ? '' : `-pass${pass + 1}`}.json`);
      return cachedMeasurer(p.make(), new JsonFileLatencyStore(file));
    });
    const perPlatform: LatencyReport[][] = plats.map(() => []);
    try {
      for (const [i, a] of archs.entries()) {
        for (const [k, m] of measurers.entries()) {
          if (m === undefined) continue;
          let r: LatencyReport;
          try {
            r = await m.measure(a.arch);
          } catch (error) {
            if (!(error instanceof RuntimeUnavailableError)) throw error;
            skipped.set(k, error.message);
            process.stderr.write(`${plats[k]!.label}: left out: ${error.message}\n`);
            await m.close?.();
            measurers[k] = undefined;
            continue;
          }
          perPlatform[k]!.push(r);
          process.stderr.write(
            `pass ${pass + 1} ${i + 1}/${archs.length} ${a.name} ${plats[k]!.label}: ${fmt(r.medianMs)} ms (MAD ${fmt(r.madMs)})\n`,
          );
        }
      }
    } finally {
      for (const m of measurers) await m?.close?.();
    }
    all.push(perPlatform);
  }
  const notes = [...skipped].map(([k, why]) => `- ${plats[k]!.label}: left out, ${why}`);
  const kept = (_: unknown, k: number): boolean => !skipped.has(k);
  plats = plats.filter(kept);
  for (let pass = 0; pass < all.length; pass++) all[pass] = all[pass]!.filter(kept);
  const results = all[0]!;
  const minutes = (Date.now() - started) / 60_000;

  const header = ['architecture', 'params (M)', 'MACs (M)', ...plats.map((p) => `${p.label} (ms)`)];
  const rows = archs.map((a, i) => [
    a.name,
    fmt(countParams(a.arch) / 1e6),
    fmt(countMacs(a.arch) / 1e6, 0),
    ...results.map((r) => `${fmt(r[i]!.medianMs)} ± ${fmt(r[i]!.madMs)}`),
  ]);
  const table = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

  const medians = results.map((r) => r.map((x) => x.medianMs));
  const macs = archs.map((a) => countMacs(a.arch));
  const series = [{ label: 'MACs', values: macs }, ...plats.map((p, i) => ({ label: p.label, values: medians[i]! }))];
  const corrRows: string[] = [];
  for (let i = 0; i < series.length; i++) {
    for (let j = i + 1; j < series.length; j++) {
      const a = series[i]!;
      const b = series[j]!;
      corrRows.push(`| ${a.label} | ${b.label} | ${fmt(spearmanRho(a.values, b.values), 3)} | ${fmt(kendallTau(a.values, b.values), 3)} |`);
    }
  }
  for (let pass = 1; pass < all.length; pass++) {
    plats.forEach((p, i) => {
      if (all[pass]![i]!.length === 0) return;
      const again = all[pass]![i]!.map((x) => x.medianMs);
      corrRows.push(
        `| ${p.label} | ${p.label}, pass ${pass + 1} (noise floor) | ${fmt(spearmanRho(medians[i]!, again), 3)} | ${fmt(kendallTau(medians[i]!, again), 3)} |`,
      );
    });
  }
  const corr = ['| platform A | platform B | Spearman ρ | Kendall τ |', '|---|---|---|---|', ...corrRows].join('\n');
  const mnv2 = archs.findIndex((a) => a.name === 'MobileNetV2');
  const perRuntime = [
    '| runtime | MobileNetV2 median (ms) | Kendall τ with MACs | Spearman ρ with MACs |',
    '|---|---|---|---|',
    ...plats.map(
      (p, i) =>
        `| ${p.label} | ${fmt(medians[i]![mnv2]!)} | ${fmt(kendallTau(macs, medians[i]!), 3)} | ${fmt(spearmanRho(macs, medians[i]!), 3)} |`,
    ),
  ].join('\n');
  const ratio = plats.map((p, i) => {
    const r = medians[i]!.map((x, k) => x / medians[0]![k]!);
    const sorted = [...r].sort((x, y) => x - y);
    return `| ${p.label} | ${fmt(sorted[0]!)} | ${fmt(sorted[Math.floor(sorted.length / 2)]!)} | ${fmt(sorted.at(-1)!)} |`;
  });
  const ratios = ['| platform | min | median | max |', '|---|---|---|---|', ...ratio].join('\n');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const platformLines = results.map(
    (r, i) =>
      `- ${plats[i]!.label}: \`${r[0]!.platform.name}\`, backend ${r[0]!.platform.backend}, SIMD ${String(r[0]!.platform.simd ?? 'n/a')}, threads ${String(r[0]!.platform.threads ?? 'n/a')}${r[0]!.platform.device ? `; ${r[0]!.platform.device}` : ''}`,
  );
  const section = [
    `Measured by \`npm run bench:devices${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${archs.length} architectures at ${size}x${size}x3, 1000 classes, batch 1`,
    `(MnasNet-A1, MnasNet-B1, MobileNetV2 and ${n} samples of the MnasNet space, seed ${opts.seed}); ${cpus().length} x ${cpu}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; ${fmt(minutes, 1)} min.`,
    'Each cell: median ± scaled MAD of the timed runs (warm-up until stable, then 30 runs; wall clock; one thread).',
    '',
    ...platformLines,
    ...notes,
    '',
    'Per runtime: MobileNetV2 at this size, and how well the MACs count ranks the networks:',
    '',
    perRuntime,
    '',
    table,
    '',
    'Rank correlation of the medians between platforms (and with the MACs count):',
    '',
    corr,
    '',
    `Latency relative to ${plats[0]?.label ?? 'the first runtime'}, over the architectures:`,
    '',
    ratios,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (opts.write && !opts.quick) {
    const path = 'docs/devices.md';
    const doc = readFileSync(path, 'utf8');
    const marker = size === 224 ? 'devices-table' : `devices-table-${size}`;
    const start = `<!-- ${marker}:start -->`;
    const end = `<!-- ${marker}:end -->`;
    const a = doc.indexOf(start);
    const b = doc.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${path} has no ${start} ... ${end} markers`);
    writeFileSync(path, `${doc.slice(0, a + start.length)}\n${section}\n${doc.slice(b)}`);
    process.stderr.write(`wrote ${path}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
