/**
 * {@link LookupTablePredictor}: latency as a sum of per-layer latencies
 * measured once each, plus a fitted overhead.
 *
 * @module
 */

import { InvalidOptionsError, MeasurementError, describeValue, throwIfAborted } from '../../errors.js';
import type { Architecture } from '../../space/types.js';
import { fitOverhead, type LutFit, type LutFitMode } from './fit.js';
import { sumPieces } from './sum.js';
import { lutPieces, type LutPiece } from './keys.js';
import { LUT_FORMAT, checkTable, emptyTable, readTableFile, type LookupTableData, type LutEntry } from './table.js';
import { makeLatencyReport, toMeasurementError } from '../report.js';
import { writeJsonAtomic } from '../stores.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from '../types.js';
import { checkKnownKeys, type Rule } from '../../validate.js';
import { NON_EMPTY, measurerFail, optional } from '../option-rules.js';
import type { LookupTablePredictorOptions, LutBuildProgress, LutBuildResult, LutPrediction } from './predictor-options.js';

/** A latency measurer: an object with measure(). */
const MEASURER: Rule<LatencyMeasurer> = {
  expected: 'a LatencyMeasurer',
  test: (v): v is LatencyMeasurer => typeof (v as Partial<LatencyMeasurer> | undefined)?.measure === 'function',
};

/**
 * Predicts latency from a table of per-layer latencies, in the manner of
 * ProxylessNAS and Once-for-All (Cai et al., ICLR 2019, 2020) and nn-Meter
 * (Zhang et al., MobiSys 2021), built from any {@link LatencyMeasurer}.
 *
 * - `build(archs)` measures every distinct piece (stem, layer configuration,
 *   head) of `archs` once, each as a probe network minus a base network
 *   (see `lut/keys.ts`), persisting each entry as it goes: resumable.
 * - `calibrate(archs)` measures a few whole architectures and fits the
 *   overhead: `measured ~ sum + offset` by least squares on relative error
 *   (or a scale, or both: {@link LutFitMode}).
 * - `predict(arch)` sums the entries; pieces missing from the table are
 *   estimated from their MACs and reported in `estimatedKeys`.
 * - It is itself a LatencyMeasurer (`measure` = prediction), platform
 *   `<platform>+lut`, backend `lookup-table`.
 *
 * @example
 * const wasm = new WasmLatencyMeasurer({ runs: 20 });
 * const lut = new LookupTablePredictor({ measurer: wasm, file: 'wasm-lut.json' });
 * await lut.build(archs);            // resumes if wasm-lut.json has entries
 * await lut.calibrate(archs.slice(0, 8));
 * lut.predict(someArch).ms;
 */
export class LookupTablePredictor implements LatencyMeasurer {
  private readonly measurer: LatencyMeasurer | undefined;
  private readonly file: string | undefined;
  private platformInfo: PlatformInfo | null;
  private readonly entries: Map<string, LutEntry>;
  private fit: LutFit;

  /**
   * @throws InvalidOptionsError on a bad option; MeasurementError when `file`
   *   or `table` is not a lookup table.
   */
  constructor(options: LookupTablePredictorOptions = {}) {
    const fail = measurerFail('LookupTablePredictor');
    checkKnownKeys(options, ['measurer', 'file', 'table'], [], fail);
    optional<unknown>(MEASURER, options.measurer, undefined, 'measurer', fail);
    optional<unknown>(NON_EMPTY, options.file, undefined, 'file', fail);
    this.measurer = options.measurer;
    this.file = options.file;
    const data =
      options.table !== undefined
        ? checkTable(options.table)
        : ((options.file !== undefined ? readTableFile(options.file) : undefined) ?? emptyTable());
    this.platformInfo = data.platform;
    this.entries = new Map(Object.entries(data.entries));
    this.fit = data.fit;
  }

  /** Loads a table saved with {@link save}. @throws MeasurementError when the file is missing or malformed. */
  static load(file: string, options: Omit<LookupTablePredictorOptions, 'file' | 'table'> = {}): LookupTablePredictor {
    const table = readTableFile(file);
    if (table === undefined) throw new MeasurementError(`The latency lookup table ${file} does not exist`, { cause: new Error('ENOENT') });
    return new LookupTablePredictor({ ...options, table });
  }

  /** Number of entries (bases included). */
  get size(): number {
    return this.entries.size;
  }

  /** The current overhead fit. */
  get overhead(): LutFit {
    return this.fit;
  }

  /** The entry under `key`, if measured. */
  entry(key: string): LutEntry | undefined {
    return this.entries.get(key);
  }

  /** Distinct keys (bases included) that `archs` need and the table lacks. @throws InvalidArchitectureError on an invalid architecture. */
  missingKeys(archs: Iterable<Architecture>): string[] {
    const out = new Set<string>();
    for (const arch of archs) {
      for (const p of lutPieces(arch)) {
        if (p.base !== undefined && !this.entries.has(p.base.key)) out.add(p.base.key);
        if (!this.entries.has(p.key)) out.add(p.key);
      }
    }
    return [...out];
  }

  /**
   * Measures every piece of `archs` the table lacks, once each, saving the
   * table after each new entry when a `file` was given.
   *
   * @throws InvalidOptionsError without a measurer or when the measurer's platform differs from the table's;
   *   MeasurementError (cause attached) on an invalid architecture or a failed probe; AbortError when aborted
   *   (entries measured so far are kept).
   */
  async build(
    archs: Iterable<Architecture>,
    options: MeasureOptions & { readonly onProgress?: (p: LutBuildProgress) => void } = {},
  ): Promise<LutBuildResult> {
    const measurer = this.requireMeasurer('build');
    const pieces = new Map<string, LutPiece>();
    try {
      for (const arch of archs) for (const p of lutPieces(arch)) if (!pieces.has(p.key)) pieces.set(p.key, p);
    } catch (err) {
      throw toMeasurementError(err, 'Cannot build a lookup table for an invalid architecture');
    }
    if (measurer.platform !== undefined && [...pieces.keys()].some((k) => !this.entries.has(k))) {
      let platform: PlatformInfo;
      try {
        platform = await measurer.platform();
      } catch (err) {
        throw toMeasurementError(err, 'The measurer cannot describe its platform');
      }
      this.checkPlatform(platform);
    }
    const total = pieces.size;
    let done = 0;
    let measured = 0;
    let reused = 0;
    for (const p of pieces.values()) {
      throwIfAborted(options.signal);
      if (this.entries.has(p.key)) reused++;
      else measured += await this.measurePiece(measurer, p, options.signal);
      done++;
      options.onProgress?.({ done, total, key: p.key });
    }
    return { measured, reused };
  }

  /**
   * Fits the overhead on architectures measured end to end (`measuredMs`, or
   * measured now with the measurer). Builds their missing entries first.
   * `mode` (default `'offset'`): see {@link LutFitMode}.
   *
   * @returns the new fit. @throws as {@link build}.
   */
  async calibrate(
    archs: readonly Architecture[],
    options: MeasureOptions & { readonly measuredMs?: readonly number[]; readonly mode?: LutFitMode } = {},
  ): Promise<LutFit> {
    if (options.measuredMs !== undefined && options.measuredMs.length !== archs.length) {
      throw new InvalidOptionsError(
        `Invalid calibrate option measuredMs: expected ${archs.length} values, received ${options.measuredMs.length}`,
        {
          path: ['measuredMs'],
        },
      );
    }
    if (this.missingKeys(archs).length > 0) await this.build(archs, options);
    const measured: number[] = [];
    for (const [i, arch] of archs.entries()) {
      measured.push(options.measuredMs?.[i] ?? (await this.requireMeasurer('calibrate').measure(arch, options)).medianMs);
    }
    const sums = archs.map((a) => sumPieces(this.entries, a).sumMs);
    this.fit = fitOverhead(sums, measured, options.mode);
    this.persist();
    return this.fit;
  }

  /** Predicts the latency of `arch`. @throws MeasurementError on an invalid architecture or an empty table. */
  predict(arch: Architecture): LutPrediction {
    const { sumMs, parts } = sumPieces(this.entries, arch);
    const estimatedKeys = [...new Set(parts.filter((p) => p.estimated).map((p) => p.key))];
    return { ms: this.fit.scale * sumMs + this.fit.offsetMs, sumMs, parts, estimatedKeys };
  }

  /** The prediction as a {@link LatencyReport} (one sample). @throws as {@link predict}; AbortError when aborted. */
  async measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
    throwIfAborted(options.signal);
    return makeLatencyReport([Math.max(0, this.predict(arch).ms)], 0, this.platform());
  }

  /** `{ name: '<measured platform>+lut', backend: 'lookup-table' }` (the platform is `unknown` before anything was measured). */
  platform(): PlatformInfo {
    const p = this.platformInfo;
    const { name, backend: _backend, ...rest } = p ?? { name: 'unknown', backend: 'unknown' };
    void _backend;
    return { ...rest, name: `${name}+lut`, backend: 'lookup-table' };
  }

  /** The table as plain JSON. */
  toJSON(): LookupTableData {
    return { format: LUT_FORMAT, version: 1, platform: this.platformInfo, entries: Object.fromEntries(this.entries), fit: this.fit };
  }

  /** Writes the table to `file` (default: the `file` option). @throws InvalidOptionsError without a file. */
  save(file: string | undefined = this.file): void {
    if (file === undefined)
      throw new InvalidOptionsError('LookupTablePredictor.save needs a file (argument or the file option)', { path: ['file'] });
    writeJsonAtomic(file, this.toJSON());
  }

  private persist(): void {
    if (this.file !== undefined) this.save(this.file);
  }

  private requireMeasurer(what: string): LatencyMeasurer {
    if (this.measurer === undefined) {
      throw new InvalidOptionsError(`LookupTablePredictor.${what} needs a measurer (option measurer)`, { path: ['measurer'] });
    }
    return this.measurer;
  }

  /** Measures one piece (and its base when missing); returns the number of entries added. */
  private async measurePiece(measurer: LatencyMeasurer, p: LutPiece, signal: AbortSignal | undefined): Promise<number> {
    let added = 0;
    let baseMs = 0;
    if (p.base !== undefined) {
      const existing = this.entries.get(p.base.key);
      if (existing === undefined) {
        baseMs = await this.measureArch(measurer, p.base.arch, p.base.key, signal);
        this.add(p.base.key, { kind: 'base', ms: baseMs });
        added++;
      } else baseMs = existing.ms;
    }
    const probeMs = await this.measureArch(measurer, p.probe, p.key, signal);
    const entry: LutEntry =
      p.base === undefined
        ? { kind: p.kind, ms: probeMs, macs: p.macs, group: p.group }
        : { kind: p.kind, ms: probeMs - baseMs, probeMs, baseKey: p.base.key, macs: p.macs, group: p.group };
    this.add(p.key, entry);
    return added + 1;
  }

  private async measureArch(measurer: LatencyMeasurer, arch: Architecture, key: string, signal: AbortSignal | undefined): Promise<number> {
    let report: LatencyReport;
    try {
      report = await measurer.measure(arch, signal === undefined ? {} : { signal });
    } catch (err) {
      throw toMeasurementError(err, `Measuring the lookup-table entry ${key} failed`);
    }
    this.checkPlatform(report.platform);
    return report.medianMs;
  }

  private checkPlatform(p: PlatformInfo): void {
    if (this.platformInfo === null) {
      this.platformInfo = p;
      return;
    }
    const t = this.platformInfo;
    if (t.name !== p.name || t.backend !== p.backend || t.clock !== p.clock) {
      throw new InvalidOptionsError(
        `The lookup table was measured on ${describeValue(t)} but the measurer measures on ${describeValue(p)}; use a new table per platform`,
        { path: ['measurer'] },
      );
    }
  }

  private add(key: string, entry: LutEntry): void {
    this.entries.set(key, entry);
    this.persist();
  }
}
