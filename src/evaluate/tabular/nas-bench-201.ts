/**
 * NAS-Bench-201 (Dong and Yang, ICLR 2020; NATS-Bench tss) test accuracies
 * joined with HW-NAS-Bench (Li et al., ICLR 2021) CIFAR-10 device latencies,
 * as a search space of ours plus lookups. Data: `data/nas-bench-201/`.
 *
 * @module
 */

import { InvalidOptionsError, InvalidTokensError, describeValue, throwIfAborted } from '../../errors.js';
import type { Decision, SearchSpace } from '../../space/types.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationResult } from '../types.js';
import { expectFormat, numberColumn } from './columns.js';
import { packageDataDir, readDataJson } from './data-dir.js';
import { rowToTokens, tableSpace } from './token-space.js';

/** The five NB201 edge operations, in the benchmark's order. */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
/** One NB201 edge operation. */
export type Nb201Op = (typeof NB201_OPS)[number];
/** The six NB201 edges as `to<-from`, in token order. */
export const NB201_EDGES = ['1<-0', '2<-0', '2<-1', '3<-0', '3<-1', '3<-2'] as const;
/** Datasets with NB201 test accuracies. */
export const NB201_DATASETS = ['cifar10', 'cifar100', 'imagenet16_120'] as const;
/** An NB201 dataset. */
export type Nb201Dataset = (typeof NB201_DATASETS)[number];
/** HW-NAS-Bench devices (pixel3, raspi4, fpga, eyeriss for every cell; edgegpu, edgetpu for a subset). */
export const NB201_DEVICES = ['pixel3', 'raspi4', 'fpga', 'eyeriss', 'edgegpu', 'edgetpu'] as const;
/** An HW-NAS-Bench device. */
export type Nb201Device = (typeof NB201_DEVICES)[number];

/** One NB201 cell: plain readonly JSON, the value type of the NB201 search space. */
export interface Nb201Cell {
  /** Row in our table: the token list read as a base-5 number. */
  readonly row: number;
  /** Official NB201/NATS-Bench architecture index (0..15624). */
  readonly index: number;
  /** Operation on each edge, in {@link NB201_EDGES} order. */
  readonly ops: readonly Nb201Op[];
  /** Official NB201 string, e.g. `|nor_conv_3x3~0|+|...|`. */
  readonly archStr: string;
}

const ROWS = 15625;
const FORMAT = 'mnas-ts/nb201-hw@1';
const DECISIONS: readonly Decision[] = NB201_EDGES.map((e) => ({ name: `edge${e}`, size: NB201_OPS.length }));

function archStr(ops: readonly Nb201Op[]): string {
  const [a, b, c, d, e, f] = ops;
  return `|${a}~0|+|${b}~0|${c}~1|+|${d}~0|${e}~1|${f}~2|`;
}

function checkOne<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionsError(`Invalid ${what}: expected one of ${allowed.join(', ')}, received ${describeValue(value)}`, {
      path: [what],
    });
  }
  return value as T;
}

/**
 * NAS-Bench-201 with HW-NAS-Bench latencies. Build it with
 * {@link loadNasBench201} (reads the shipped data) or
 * {@link nasBench201FromJson} (data you loaded yourself, e.g. in a browser).
 *
 * @example
 * const nb = loadNasBench201();
 * const cell = nb.space.decode([3, 3, 1, 3, 1, 3]);
 * nb.accuracy(cell, 'cifar10'); // 0.9x (fraction)
 * nb.latencyMs(cell, 'pixel3'); // ms, or undefined where not measured
 */
export class NasBench201 {
  /** Search space: 6 decisions (edges) x 5 ops = 15,625 cells. */
  readonly space: SearchSpace<Nb201Cell>;
  /** Number of cells (15,625). */
  readonly rows = ROWS;
  private readonly acc: Readonly<Record<Nb201Dataset, Float64Array>>;
  private readonly lat: Readonly<Record<Nb201Device, Float64Array>>;
  private readonly index: Float64Array;
  private readonly iso: Float64Array;

  /** @internal Use {@link loadNasBench201} or {@link nasBench201FromJson}. */
  constructor(data: unknown) {
    expectFormat(data, FORMAT);
    this.index = numberColumn(data, ['nb201Index'], ROWS);
    this.iso = numberColumn(data, ['isoClass'], ROWS);
    const acc = {} as Record<Nb201Dataset, Float64Array>;
    for (const d of NB201_DATASETS) acc[d] = numberColumn(data, ['accuracy', d], ROWS);
    const lat = {} as Record<Nb201Device, Float64Array>;
    for (const d of NB201_DEVICES) lat[d] = numberColumn(data, ['latencyMs', d], ROWS, true);
    this.acc = acc;
    this.lat = lat;
    this.space = tableSpace(
      DECISIONS,
      (row) => this.cellAt(row),
      (cell) => this.rowOf(cell),
    );
  }

  /** The cell in table row `row` (0..15624). @throws InvalidTokensError for a bad row. */
  cellAt(row: number): Nb201Cell {
    if (!Number.isInteger(row) || row < 0 || row >= ROWS) {
      throw new InvalidTokensError(`Invalid NB201 row: expected an integer in [0, ${ROWS}), received ${describeValue(row)}`, {
        path: ['row'],
      });
    }
    const ops = rowToTokens(row, DECISIONS).map((t) => NB201_OPS[t] as Nb201Op);
    return { row, index: this.index[row] as number, ops, archStr: archStr(ops) };
  }

  /** The cell with official NB201 index `index`. @throws InvalidTokensError for a bad index. */
  cellOfIndex(index: number): Nb201Cell {
    const row = Number.isInteger(index) ? this.index.indexOf(index) : -1;
    if (row < 0) {
      throw new InvalidTokensError(`Invalid NB201 index: expected an integer in [0, ${ROWS}), received ${describeValue(index)}`, {
        path: ['index'],
      });
    }
    return this.cellAt(row);
  }

  /** Table row of a cell, from its ops. @throws InvalidTokensError when the ops are not 6 NB201 ops. */
  rowOf(cell: Pick<Nb201Cell, 'ops'>): number {
    const ops = cell?.ops;
    if (!Array.isArray(ops) || ops.length !== 6) {
      throw new InvalidTokensError(`Invalid NB201 cell: expected 6 ops, received ${describeValue(ops)}`, { path: ['ops'] });
    }
    let row = 0;
    ops.forEach((op, i) => {
      const t = NB201_OPS.indexOf(op as Nb201Op);
      if (t < 0) {
        throw new InvalidTokensError(
          `Invalid NB201 op at ops[${i}]: expected one of ${NB201_OPS.join(', ')}, received ${describeValue(op)}`,
          {
            path: ['ops', i],
          },
        );
      }
      row = row * 5 + t;
    });
    return row;
  }

  /**
   * Test accuracy (fraction in [0, 1]; the table stores %) after NB201's 200-epoch schedule.
   * @param dataset - @defaultValue `'cifar10'`
   * @throws InvalidOptionsError for an unknown dataset; InvalidTokensError for a bad cell.
   */
  accuracy(cell: Pick<Nb201Cell, 'ops'>, dataset: Nb201Dataset = 'cifar10'): number {
    const col = this.acc[checkOne(dataset, NB201_DATASETS, 'dataset')];
    return (col[this.rowOf(cell)] as number) / 100;
  }

  /**
   * HW-NAS-Bench latency in ms (CIFAR-10 network, batch 1) on `device`, or
   * `undefined` where the benchmark has no measurement (edgegpu and edgetpu
   * cover 1,999 and 1,740 cells).
   * @throws InvalidOptionsError for an unknown device; InvalidTokensError for a bad cell.
   */
  latencyMs(cell: Pick<Nb201Cell, 'ops'>, device: Nb201Device): number | undefined {
    const v = this.lat[checkOne(device, NB201_DEVICES, 'device')][this.rowOf(cell)] as number;
    return Number.isNaN(v) ? undefined : v;
  }

  /** Whether `device` has a latency for every cell (pixel3, raspi4, fpga, eyeriss). */
  coversAll(device: Nb201Device): boolean {
    return !this.lat[checkOne(device, NB201_DEVICES, 'device')].some(Number.isNaN);
  }

  /** Table row of the first cell computing the same function (NATS-Bench unique string). */
  isoClassRow(cell: Pick<Nb201Cell, 'ops'>): number {
    return this.iso[this.rowOf(cell)] as number;
  }

  /**
   * An {@link AccuracyEvaluator} over cells that looks accuracies up (no
   * training). `extra` carries the NB201 index and the latency on every
   * device that has one.
   * @param options.dataset - @defaultValue `'cifar10'`
   */
  evaluator(options: { readonly dataset?: Nb201Dataset } = {}): AccuracyEvaluator<Nb201Cell> {
    const dataset = checkOne(options.dataset ?? 'cifar10', NB201_DATASETS, 'dataset');
    return {
      evaluate: (cell: Nb201Cell, opts: EvaluateOptions = {}): Promise<EvaluationResult> => {
        try {
          throwIfAborted(opts.signal);
          const extra: Record<string, number | string> = { nb201Index: this.index[this.rowOf(cell)] as number };
          for (const d of NB201_DEVICES) {
            const ms = this.latencyMs(cell, d);
            if (ms !== undefined) extra[`latencyMs.${d}`] = ms;
          }
          opts.onProgress?.({ fraction: 1 });
          return Promise.resolve({ accuracy: this.accuracy(cell, dataset), wallMs: 0, extra });
        } catch (error) {
          return Promise.reject(error as Error);
        }
      },
    };
  }
}

/**
 * Builds {@link NasBench201} from the parsed content of `nb201-hw.json.gz` (for browsers or custom storage).
 * @throws EvaluationError when the data is malformed.
 */
export function nasBench201FromJson(data: unknown): NasBench201 {
  return new NasBench201(data);
}

/**
 * Loads NAS-Bench-201 + HW-NAS-Bench from the package's `data/` folder (Node).
 * @param options.dataDir - a data folder to use instead of the package's. @defaultValue the package's `data/`
 * @throws EvaluationError when the data cannot be found or read.
 * @example
 * const nb = loadNasBench201();
 */
export function loadNasBench201(options: { readonly dataDir?: string } = {}): NasBench201 {
  const dir = packageDataDir(options.dataDir);
  return new NasBench201(readDataJson(dir, 'nas-bench-201/nb201-hw.json.gz'));
}
