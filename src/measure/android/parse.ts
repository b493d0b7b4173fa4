/**
 * Parsing the output of TFLite's `benchmark_model`.
 *
 * Two formats are in the wild. TF 1.x (old):
 * ```
 * Running benchmark for 50 iterations
 * count=50 first=23456 curr=23012 min=22890 max=24500 avg=23210.5 std=300
 * Average inference timings in us: Warmup: 25000, Init: 1234, no stats: 23210.5
 * ```
 * TF 2.x (new), every line logged with an `INFO: ` prefix:
 * ```
 * INFO: Running benchmark for at least 50 iterations and at least 1 seconds ...
 * INFO: count=50 first=21331 curr=21088 min=20890 max=22461 avg=21285.3 std=305
 * INFO: Inference timings in us: Init: 45215, First inference: 25603, Warmup (avg): 21807.2, Inference (avg): 21285.3
 * ```
 * Some builds print the statistics in scientific notation (`avg=2.12853e+04`).
 * The timed runs are the last `count=... avg=...` line; the summary line is
 * the fallback.
 *
 * @module
 */

/** What a `benchmark_model` run reported; times in microseconds. */
export interface BenchmarkOutput {
  /** Mean latency of the timed runs. */
  readonly avgUs: number;
  /** Number of timed runs, when printed. */
  readonly count?: number;
  readonly minUs?: number;
  readonly maxUs?: number;
  readonly stdUs?: number;
  /** Interpreter initialization time, when printed. */
  readonly initUs?: number;
  /** `new` (TF 2.x `Inference timings in us` summary) or `old` (TF 1.x `Average inference timings`). */
  readonly format: 'new' | 'old';
}

const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
const STAT = new RegExp(`count=(\\d+)(?:\\s+first=${NUM})?\\s+curr=${NUM}\\s+min=${NUM}\\s+max=${NUM}\\s+avg=${NUM}\\s+std=${NUM}`);
const NEW_SUMMARY = new RegExp(`Inference timings in us:.*?Inference \\(avg\\):\\s*${NUM}`);
const OLD_SUMMARY = new RegExp(`Average inference timings in us:.*?no stats:\\s*${NUM}`);
const INIT = new RegExp(`Init:\\s*${NUM}`);

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const x = Number(s);
  return Number.isFinite(x) ? x : undefined;
}

/**
 * Reads the timed-run statistics from `benchmark_model` output (stdout and
 * stderr together; log prefixes such as `INFO: ` anywhere before the fields).
 *
 * @returns the statistics, or undefined when the output has no parseable
 *   timed-run line or summary (a crash, an error message, garbage).
 * @example parseBenchmarkOutput('INFO: count=50 first=2 curr=2 min=1 max=3 avg=2.1e+03 std=4\n...')?.avgUs // 2100
 */
export function parseBenchmarkOutput(text: string): BenchmarkOutput | undefined {
  const lines = text.split(/\r?\n/);
  let stat: RegExpExecArray | undefined;
  let summary: { avg: number; format: 'new' | 'old'; line: string } | undefined;
  for (const line of lines) {
    const s = STAT.exec(line);
    if (s) stat = s;
    const n = NEW_SUMMARY.exec(line);
    const o = OLD_SUMMARY.exec(line);
    const m = n ?? o;
    const avg = num(m?.[1]);
    if (m && avg !== undefined) summary = { avg, format: n ? 'new' : 'old', line };
  }
  const statAvg = num(stat?.[6]);
  const avgUs = statAvg ?? summary?.avg;
  if (avgUs === undefined || avgUs < 0) return undefined;
  const initUs = num(summary === undefined ? undefined : INIT.exec(summary.line)?.[1]);
  const out: { -readonly [K in keyof BenchmarkOutput]: BenchmarkOutput[K] } = {
    avgUs,
    format: summary?.format ?? (text.includes('INFO:') ? 'new' : 'old'),
  };
  if (stat) {
    out.count = Number(stat[1]);
    const [min, max, std] = [num(stat[4]), num(stat[5]), num(stat[7])];
    if (min !== undefined) out.minUs = min;
    if (max !== undefined) out.maxUs = max;
    if (std !== undefined) out.stdUs = std;
  }
  if (initUs !== undefined) out.initUs = initUs;
  return out;
}

/** Android `adb devices` states. */
export interface AdbDevice {
  readonly serial: string;
  /** `device` (usable), `unauthorized`, `offline`, `recovery`, ... */
  readonly state: string;
}

/** Parses `adb devices` output (the lines after `List of devices attached`). */
export function parseAdbDevices(text: string): AdbDevice[] {
  const devices: AdbDevice[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('List of devices') || line.startsWith('*')) continue;
    const m = /^(\S+)\s+(\S+)/.exec(line.trim());
    if (m) devices.push({ serial: m[1]!, state: m[2]! });
  }
  return devices;
}

/**
 * Parses the output of `adb shell getprop` (every property, one
 * `[name]: [value]` line each) into a map.
 *
 * @example parseGetprop('[ro.product.model]: [Pixel 3]\n').get('ro.product.model') // 'Pixel 3'
 */
export function parseGetprop(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\[([^\]]+)\]:\s*\[(.*)\]\s*$/.exec(line);
    if (m) props.set(m[1]!, m[2]!);
  }
  return props;
}
