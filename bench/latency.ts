/**
 * Latency-measurement benchmark: repeatability of the WASM measurer, fidelity
 * of the lookup-table predictor and of the MACs proxy, and their cost.
 *
 *   npm run bench:latency                 # full run, writes docs/latency.md and docs/figures/latency-*.svg
 *   npm run bench:latency -- --quick --no-write
 *
 * Lookup tables and end-to-end measurements are cached under --cache, so an
 * interrupted run resumes (use --fresh to start over).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  JsonFileLatencyStore,
  LookupTablePredictor,
  Rng,
  WasmLatencyMeasurer,
  type WasmLatencyMeasurerOptions,
  cachedMeasurer,
  countMacs,
  kendallTau,
  mnasnetSmall,
  mnasnetSpace,
  mobilenetV2,
  pinDuet,
  referenceArchitecture,
  repeatedMeasurer,
  spearmanRho,
  type Architecture,
  type LatencyReport,
} from 'mnas-ts';
import { fitOverhead, shareWithin, coefficientOfVariation, mean } from 'mnas-ts/measure';
import { scatterSvg } from './latency-plot.js';
import { renderLatencyDoc, type FidelityResult, type RepeatResult } from './latency-report.js';
import { benchCommand } from './args.js';

const opts = benchCommand('latency', 'Latency fidelity: repeatability of the WASM measurer, and the lookup-table predictor against it')
  .option('--n224 <n>', 'sampled architectures at 224x224', '100')
  .option('--n-small <n>', 'sampled architectures at the small input', '50')
  .option('--small <px>', 'small input size', '96')
  .option('--calib <n>', 'calibration architectures per input size (not in the test set)', '10')
  .option('--reps <n>', 'fresh measurers per model for repeatability', '10')
  .option('--only <parts>', 'comma-separated: repeat, fidelity224, fidelitySmall', 'repeat,fidelity224,fidelitySmall')
  .option('--cache <dir>', 'cache directory (lookup tables, end-to-end reports)', '.bench-cache/latency')
  .option('--fresh', 'ignore and overwrite the caches', false)
  .option('--quick', 'tiny settings for a smoke test', false)
  .option(
    '--timing <kind>',
    'fidelity measurements: duet (wall clock, scaled by the reference network, WasmLatencyMeasurer reference) or cpu (the default measurer)',
    'duet',
  )
  .option('--e2e-repeats <k>', 'end-to-end measurements: the median of k fresh measurers (repeatedMeasurer); 1 is one measurer', '1')
  .option(
    '--repeat-variants <list>',
    'repeatability: run only these variants (comma-separated: cpu, wall, duet, span, fast, fresh, freshspan) and merge them into the cached part',
    '',
  )
  .option(
    '--repeat-models <sizes>',
    'repeatability: run only the models of these input sizes (comma-separated: 224 and the --small size)',
    '',
  )
  .option('--timed-ms <ms>', 'minTimedMs of the end-to-end duet measurements (and of the repeatability variant that uses it)', '10000')
  .option('--no-write', 'print only')
  .parse()
  .opts<{
    n224: string;
    nSmall: string;
    small: string;
    calib: string;
    reps: string;
    only: string;
    cache: string;
    fresh: boolean;
    quick: boolean;
    write: boolean;
    timing: string;
    timedMs: string;
    e2eRepeats: string;
    repeatVariants: string;
    repeatModels: string;
  }>();
if (opts.timing !== 'duet' && opts.timing !== 'cpu') throw new Error(`--timing: expected duet or cpu, received ${opts.timing}`);
const timedMs = Number(opts.timedMs);
if (!(Number.isFinite(timedMs) && timedMs >= 0)) throw new Error(`--timed-ms: expected a number of ms >= 0, received ${opts.timedMs}`);
const e2eRepeats = Number(opts.e2eRepeats);
if (!(Number.isSafeInteger(e2eRepeats) && e2eRepeats >= 1))
  throw new Error(`--e2e-repeats: expected an integer >= 1, received ${opts.e2eRepeats}`);
const repeatVariants = opts.repeatVariants === '' ? undefined : new Set(opts.repeatVariants.split(','));
const repeatModels = opts.repeatModels === '' ? undefined : new Set(opts.repeatModels.split(','));

const quick = opts.quick;
const n224 = quick ? 4 : Number(opts.n224);
const nSmall = quick ? 4 : Number(opts.nSmall);
const small = Number(opts.small);
const calib = quick ? 3 : Number(opts.calib);
const reps = quick ? 2 : Number(opts.reps);
const parts = new Set(opts.only.split(','));
const cacheDir = quick ? join(opts.cache, 'quick') : opts.cache;
mkdirSync(cacheDir, { recursive: true });
const startedAt = new Date();

/** Processes using the CPU besides this benchmark (for the record). */
function otherLoad(): string[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pcpu=,args=', '--sort=-pcpu'], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter(
        (l) => l !== '' && Number.parseFloat(l) >= 5 && !l.includes('bench/latency') && !l.includes('wasm-worker') && !l.includes('pcpu='),
      )
      .slice(0, 8)
      .map((l) => {
        const [pcpu, ...args] = l.split(/\s+/);
        const cmd = args
          .filter((a) => !a.startsWith('--') && !a.includes('tsx/dist') && !a.startsWith('file:'))
          .slice(0, 3)
          .join(' ');
        return `${pcpu}% ${cmd.replace(/\/work\/main\/node_modules\/\.bin\//g, '')}`;
      });
  } catch {
    return [];
  }
}

interface LoadRecord {
  at: string;
  load: number[];
  others: string[];
}
interface CostRecord {
  buildS: number;
  measuredEntries: number;
  e2eS: number[];
  loads: LoadRecord[];
}
const loadSnapshots: LoadRecord[] = [];
const snapshot = (at: string): void => {
  loadSnapshots.push({ at: `${at} (${new Date().toISOString().slice(11, 19)} UTC)`, load: loadavg(), others: otherLoad() });
};
/** Protocol of the table's probe networks: shorter than the default (small networks, many of them). */
const PROBE_PROTOCOL = { runs: 15, window: 5, minWarmupRuns: 10, maxWarmupRuns: 100 } as const;
const log = (...a: unknown[]): void => console.log(new Date().toISOString().slice(11, 19), ...a);

/** The reference network of models of input size `size`, for labels. */
function referenceLabel(size: number): string {
  const side = referenceArchitecture(size).inputShape[0];
  return `MobileNetV2 @${side} reference`;
}

async function repeatability(): Promise<RepeatResult[]> {
  const models: [string, Architecture, number][] = [
    ['MobileNetV2-1.0 @224', mobilenetV2(), 224],
    [`MnasNet-small @${small}`, mnasnetSmall({ inputShape: [small, small, 3] }), small],
  ].filter(([, , size]) => repeatModels === undefined || repeatModels.has(String(size))) as [string, Architecture, number][];
  const out: RepeatResult[] = [];
  const freshRepeats = Math.max(e2eRepeats, 3);
  /**
   * The variants for models of input size `size`: duet timing against that size's reference network
   * (referenceArchitecture(size)), calibrated once per variant and size and shared by its measurers (as a study would share it).
   */
  type Variant = { key: string; label: string; options: WasmLatencyMeasurerOptions; repeats?: number };
  const variantsFor = async (size: number): Promise<Variant[]> => {
    const network = referenceArchitecture(size);
    const ref = referenceLabel(size);
    const referenceMs = await calibrateReference(false, size);
    const fastMs = await calibrateReference(true, size);
    const duet = { clock: 'wall', duet: { referenceMs, network } } as const;
    const all: Variant[] = [
      { key: 'cpu', label: 'cpu', options: { clock: 'cpu' } },
      { key: 'wall', label: 'wall', options: { clock: 'wall' } },
      { key: 'duet', label: `duet (wall, ${ref}, referenceMs ${referenceMs.toFixed(2)})`, options: duet },
      {
        key: 'span',
        label: `duet (wall, ${ref}, referenceMs ${referenceMs.toFixed(2)}, minTimedMs ${timedMs})`,
        options: { ...duet, minTimedMs: timedMs },
      },
      {
        key: 'fast',
        label: `duet, fast state (wall, ${ref}, referenceMs ${fastMs.toFixed(2)}, tolerance ${FAST_TOLERANCE})`,
        options: { ...duet, duet: { referenceMs: fastMs, network, tolerance: FAST_TOLERANCE } },
      },
      {
        key: 'fresh',
        label: `duet (wall, ${ref}, referenceMs ${referenceMs.toFixed(2)}), median of ${freshRepeats} fresh measurers`,
        options: duet,
        repeats: freshRepeats,
      },
      {
        key: 'freshspan',
        label: `duet (wall, ${ref}, referenceMs ${referenceMs.toFixed(2)}, minTimedMs ${timedMs}), median of ${freshRepeats} fresh measurers`,
        options: { ...duet, minTimedMs: timedMs },
        repeats: freshRepeats,
      },
    ];
    return all.filter((v) => repeatVariants === undefined || repeatVariants.has(v.key));
  };
  // Each model's variants, built (and their references calibrated) once; run variant by variant, model by model.
  const variantsOf = new Map<number, Variant[]>();
  for (const [, , size] of models) variantsOf.set(size, await variantsFor(size));
  const keys = (variantsOf.get(models[0]?.[2] ?? 224) ?? []).map((v) => v.key);
  for (const key of keys) {
    for (const [name, arch, size] of models) {
      const { label, options, repeats } = variantsOf.get(size)!.find((v) => v.key === key)!;
      const medians: number[] = [];
      const warmups: number[] = [];
      const seconds: number[] = [];
      const rejected: number[] = [];
      let waitedOut = 0;
      for (let r = 0; r < reps; r++) {
        const m =
          repeats === undefined ? new WasmLatencyMeasurer(options) : repeatedMeasurer(() => new WasmLatencyMeasurer(options), { repeats });
        const t0 = performance.now();
        try {
          const rep = await m.measure(arch);
          medians.push(rep.medianMs);
          warmups.push(rep.warmupRuns);
          seconds.push((performance.now() - t0) / 1000);
          const duet = m instanceof WasmLatencyMeasurer ? m.details()?.duet : undefined;
          if (duet !== undefined) {
            rejected.push(duet.rejectedRuns);
            if (duet.waitedOut) waitedOut++;
          }
        } finally {
          await m.close?.();
        }
      }
      const res: RepeatResult = {
        name,
        clock: label,
        medians,
        warmups,
        seconds,
        ...(rejected.length > 0 ? { rejected, waitedOut } : {}),
        cv: coefficientOfVariation(medians),
        at: new Date().toISOString(),
        load: loadavg(),
        others: otherLoad(),
      };
      log('repeatability', name, label, medians.map((x) => x.toFixed(2)).join(' '), `CV ${(res.cv * 100).toFixed(2)}%`);
      out.push(res);
    }
  }
  return out;
}

/** `duetTolerance` of the fast-state duet variant. */
const FAST_TOLERANCE = 0.2;

/**
 * The duet scale: the reference network measured alone (wall clock) by a
 * fresh measurer, the median of its runs or, for fast-state selection, its
 * fast state's speed; cached with the results.
 */
async function calibrateReference(fast: boolean, size: number): Promise<number> {
  // The reference of models of this input size; 224's keeps the part names of earlier caches.
  const part = `${fast ? 'reference-ms-fast' : 'reference-ms'}${size === 224 ? '' : `-${size}`}`;
  const saved = loadPart<number>(part);
  if (saved !== undefined && !opts.fresh) return saved;
  const pinned = await pinDuet({
    clock: 'wall',
    duet: { network: referenceArchitecture(size), ...(fast ? { tolerance: FAST_TOLERANCE } : {}) },
  });
  if (pinned === undefined) throw new Error('duet timing is on: pinDuet returns its option');
  log(fast ? 'duet referenceMs (fast state)' : 'duet referenceMs', referenceLabel(size), pinned.referenceMs.toFixed(3));
  return savePart(part, pinned.referenceMs);
}

async function fidelity(size: number, n: number, seed: number): Promise<FidelityResult> {
  const space = mnasnetSpace({ inputShape: [size, size, 3] });
  const rng = new Rng(seed);
  const calibration = Array.from({ length: calib }, () => space.sample(rng));
  const test = Array.from({ length: n }, () => space.sample(rng));
  const suffix = `${size}-s${seed}`;
  const lutFile = join(cacheDir, `lut-${suffix}.json`);
  const e2eFile = join(cacheDir, `e2e-${suffix}.json`);
  if (opts.fresh) for (const f of [lutFile, e2eFile]) rmSync(f, { force: true });
  const e2eStore = new JsonFileLatencyStore(e2eFile);
  const timing: WasmLatencyMeasurerOptions =
    opts.timing === 'duet'
      ? { clock: 'wall', duet: { referenceMs: await calibrateReference(false, size), network: referenceArchitecture(size) } }
      : {};
  // The probes keep the short protocol: a table sums dozens of them, measured at different times, so
  // the machine's phases average out in the sum; an end-to-end measurement has to span them itself.
  const probeMeasurer = new WasmLatencyMeasurer({ ...PROBE_PROTOCOL, ...timing });
  const e2eOptions = opts.timing === 'duet' ? { ...timing, minTimedMs: timedMs } : timing;
  const e2eMeasurer =
    e2eRepeats > 1
      ? repeatedMeasurer(() => new WasmLatencyMeasurer(e2eOptions), { repeats: e2eRepeats })
      : new WasmLatencyMeasurer(e2eOptions);
  const e2e = cachedMeasurer(e2eMeasurer, e2eStore);
  const lut = new LookupTablePredictor({ measurer: probeMeasurer, file: lutFile });
  // Cost and load records accumulate across resumed runs.
  const costFile = join(cacheDir, `cost-${suffix}.json`);
  if (opts.fresh) rmSync(costFile, { force: true });
  const cost: CostRecord = existsSync(costFile)
    ? (JSON.parse(readFileSync(costFile, 'utf8')) as CostRecord)
    : { buildS: 0, measuredEntries: 0, e2eS: [], loads: [] };
  const all = [...calibration, ...test];
  try {
    const missing = lut.missingKeys(all).length;
    const measured: number[] = [];
    // Interleaved: each architecture's missing table entries, then the architecture end to end,
    // so that a change in the machine's load affects both sides alike.
    for (const [i, a] of all.entries()) {
      const t0 = performance.now();
      const built = await lut.build([a]);
      if (built.measured > 0) {
        cost.buildS += (performance.now() - t0) / 1000;
        cost.measuredEntries += built.measured;
      }
      const t1 = performance.now();
      const misses = e2e.misses;
      const r: LatencyReport = await e2e.measure(a);
      const measuredNow = e2e.misses > misses;
      if (measuredNow) cost.e2eS.push((performance.now() - t1) / 1000);
      measured.push(r.medianMs);
      if (i % 20 === 0 && (measuredNow || built.measured > 0)) {
        cost.loads.push({ at: new Date().toISOString(), load: loadavg(), others: otherLoad() });
        log(`fidelity ${size}`, `${i}/${all.length}`, `table ${lut.size} entries`, `e2e ${r.medianMs.toFixed(2)} ms`);
      }
      writeFileSync(costFile, JSON.stringify(cost));
    }
    const calMs = measured.slice(0, calibration.length);
    const testMs = measured.slice(calibration.length);
    const fit = await lut.calibrate(calibration, { measuredMs: calMs });
    const lutPred = test.map((a) => lut.predict(a).ms);
    const lutSum = test.map((a) => lut.predict(a).sumMs);
    const macs = test.map((a) => countMacs(a));
    // The MACs proxy gets a fitted ms-per-MAC on the same calibration set (a plain offset would make no sense).
    const macsFit = fitOverhead(
      calibration.map((a) => countMacs(a)),
      calMs,
      'scale',
    );
    const macsPred = macs.map((x) => macsFit.scale * x + macsFit.offsetMs);
    const stats = (pred: number[]) => ({
      tau: kendallTau(pred, testMs),
      rho: spearmanRho(pred, testMs),
      within10: shareWithin(pred, testMs, 0.1),
      within5: shareWithin(pred, testMs, 0.05),
      meanAbsRelErr: mean(pred.map((p, i) => Math.abs(p - (testMs[i] as number)) / (testMs[i] as number))),
    });
    return {
      size,
      n,
      calib: calibration.length,
      entries: lut.size,
      missing,
      measuredNow: cost.measuredEntries,
      buildS: cost.buildS,
      e2eS: cost.e2eS.length > 0 ? mean(cost.e2eS) : Number.NaN,
      e2eCount: cost.e2eS.length,
      loads: cost.loads,
      fit,
      measuredMs: testMs,
      lutPred,
      macsPred,
      lut: stats(lutPred),
      lutRaw: { tau: kendallTau(lutSum, testMs), rho: spearmanRho(lutSum, testMs) },
      macs: stats(macsPred),
      estimated: test.filter((a) => lut.predict(a).estimatedKeys.length > 0).length,
    };
  } finally {
    await probeMeasurer.close();
    await e2eMeasurer.close?.();
  }
}

/** Results of each part are saved, so parts run separately still make one document. */
function partFile(name: string): string {
  return join(cacheDir, `result-${name}.json`);
}
function savePart<T>(name: string, value: T): T {
  writeFileSync(partFile(name), JSON.stringify(value));
  return value;
}
function loadPart<T>(name: string): T | undefined {
  return existsSync(partFile(name)) ? (JSON.parse(readFileSync(partFile(name), 'utf8')) as T) : undefined;
}

snapshot('start');
if (parts.has('fidelity224')) savePart('fidelity-224', await fidelity(224, n224, 1));
snapshot('after fidelity 224');
if (parts.has('fidelitySmall')) savePart(`fidelity-${small}`, await fidelity(small, nSmall, 2));
snapshot('after fidelity small');
if (parts.has('repeat')) {
  const fresh = await repeatability();
  // With --repeat-variants, the new rows replace or join the cached ones.
  const kept =
    repeatVariants === undefined
      ? []
      : (loadPart<RepeatResult[]>('repeat') ?? []).filter((r) => !fresh.some((f) => f.name === r.name && f.clock === r.clock));
  savePart('repeat', [...kept, ...fresh]);
}
snapshot('end');
savePart(`loads-${startedAt.toISOString().replace(/[:.]/g, '-')}`, loadSnapshots);
const fid = [loadPart<FidelityResult>('fidelity-224'), loadPart<FidelityResult>(`fidelity-${small}`)].filter((f) => f !== undefined);
const repeat = loadPart<RepeatResult[]>('repeat') ?? [];

const doc = renderLatencyDoc({
  startedAt: startedAt.toISOString(),
  endedAt: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  command: `npm run bench:latency -- ${process.argv.slice(2).join(' ')}`.trim(),
  probeProtocol: JSON.stringify(PROBE_PROTOCOL),
  timing:
    opts.timing === 'duet'
      ? `duet timing against the reference of the models' size (\`{ clock: 'wall', duet: { referenceMs, network: referenceArchitecture(size) }, minTimedMs: ${timedMs} }\`: ${[
          224,
          small,
        ]
          .map(
            (size) =>
              `${referenceLabel(size).replace(' reference', '')} and referenceMs ${loadPart<number>(size === 224 ? 'reference-ms' : `reference-ms-${size}`)?.toFixed(3)} at ${size}`,
          )
          .join(', ')})${e2eRepeats > 1 ? `, each measurement the median of ${e2eRepeats} fresh measurers (\`repeatedMeasurer\`)` : ''}`
      : 'the default options (CPU-time clock)',
  loads: loadSnapshots,
  repeat,
  fidelity: fid,
});
console.log(doc);
if (opts.write && !quick) {
  writeFileSync('docs/latency.md', doc);
  for (const f of fid) {
    const svg = scatterSvg(
      `Predicted vs measured latency, ${f.size}x${f.size}, ${f.n} architectures (Node WASM)`,
      [
        {
          label: `lookup table (tau ${f.lut.tau.toFixed(3)})`,
          color: '#1f77b4',
          points: f.measuredMs.map((m, i) => [m, f.lutPred[i] as number]),
        },
        {
          label: `MACs proxy, fitted ms per MAC (tau ${f.macs.tau.toFixed(3)})`,
          color: '#d62728',
          points: f.measuredMs.map((m, i) => [m, f.macsPred[i] as number]),
        },
      ],
      opts.timing === 'duet' ? 'measured latency (ms, duet timing)' : 'measured latency (ms, CPU-time clock)',
      'predicted latency (ms)',
    );
    writeFileSync(`docs/figures/latency-fidelity-${f.size}.svg`, svg);
  }
  log('wrote docs/latency.md and docs/figures/latency-fidelity-*.svg');
}
