/**
 * NAS-Bench-Macro (Su et al., CVPR 2021): 8 MobileNetV2-style layers x
 * {identity, MB3_K3, MB6_K5}, CIFAR-10 accuracy (mean of 3 runs), params and
 * FLOPs, as a search space of ours plus lookups. Data: `data/nas-bench-macro/`.
 *
 * @module
 */

import { InvalidTokensError, describeValue, throwIfAborted } from '../../errors.js';
import type { Decision, SearchSpace } from '../../space/types.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationResult } from '../types.js';
import { expectFormat, numberColumn } from './columns.js';
import { packageDataDir, readDataJson } from './data-dir.js';
import { rowToTokens, tableSpace } from './token-space.js';

/** The three NAS-Bench-Macro layer choices, in the benchmark's order. */
export const MACRO_OPS = ['identity', 'mb3_k3', 'mb6_k5'] as const;
/** One NAS-Bench-Macro layer choice. */
export type MacroOp = (typeof MACRO_OPS)[number];

/** One NAS-Bench-Macro network: plain readonly JSON, the value type of its search space. */
export interface MacroArch {
  /** Row in the table: the 8 tokens read as a base-3 number (the source's own order). */
  readonly row: number;
  /** Layer choices, first layer first. */
  readonly ops: readonly MacroOp[];
  /** The source's 8-character key, e.g. `"22212220"`. */
  readonly key: string;
}

const ROWS = 6561;
const FORMAT = 'mnas-ts/nas-bench-macro@1';
const DECISIONS: readonly Decision[] = Array.from({ length: 8 }, (_, i) => ({ name: `layer${i}`, size: 3 }));

/**
 * NAS-Bench-Macro. Build it with {@link loadNasBenchMacro} or {@link nasBenchMacroFromJson}.
 *
 * @example
 * const macro = loadNasBenchMacro();
 * const arch = macro.space.decode([2, 2, 2, 1, 2, 2, 2, 0]);
 * macro.accuracy(arch); // 0.931267
 * macro.flops(arch); // 85164544
 */
export class NasBenchMacro {
  /** Search space: 8 decisions x 3 choices = 6,561 networks (3,969 distinct). */
  readonly space: SearchSpace<MacroArch>;
  /** Number of rows (6,561). */
  readonly rows = ROWS;
  private readonly mean: Float64Array;
  private readonly sd: Float64Array;
  private readonly par: Float64Array;
  private readonly fl: Float64Array;
  private readonly canon: Float64Array;

  /** @internal Use {@link loadNasBenchMacro} or {@link nasBenchMacroFromJson}. */
  constructor(data: unknown) {
    expectFormat(data, FORMAT);
    this.mean = numberColumn(data, ['meanAcc'], ROWS);
    this.sd = numberColumn(data, ['std'], ROWS);
    this.par = numberColumn(data, ['params'], ROWS);
    this.fl = numberColumn(data, ['flops'], ROWS);
    this.canon = numberColumn(data, ['canonical'], ROWS);
    this.space = tableSpace(
      DECISIONS,
      (row) => this.archAt(row),
      (arch) => this.rowOf(arch),
    );
  }

  /** The network in row `row`. @throws InvalidTokensError for a bad row. */
  archAt(row: number): MacroArch {
    if (!Number.isInteger(row) || row < 0 || row >= ROWS) {
      throw new InvalidTokensError(`Invalid NAS-Bench-Macro row: expected an integer in [0, ${ROWS}), received ${describeValue(row)}`, {
        path: ['row'],
      });
    }
    const tokens = rowToTokens(row, DECISIONS);
    return { row, ops: tokens.map((t) => MACRO_OPS[t] as MacroOp), key: tokens.join('') };
  }

  /** Row of a network, from its ops. @throws InvalidTokensError when the ops are not 8 known choices. */
  rowOf(arch: Pick<MacroArch, 'ops'>): number {
    const ops = arch?.ops;
    if (!Array.isArray(ops) || ops.length !== 8) {
      throw new InvalidTokensError(`Invalid NAS-Bench-Macro network: expected 8 ops, received ${describeValue(ops)}`, { path: ['ops'] });
    }
    let row = 0;
    ops.forEach((op, i) => {
      const t = MACRO_OPS.indexOf(op as MacroOp);
      if (t < 0) {
        throw new InvalidTokensError(
          `Invalid NAS-Bench-Macro op at ops[${i}]: expected one of ${MACRO_OPS.join(', ')}, received ${describeValue(op)}`,
          {
            path: ['ops', i],
          },
        );
      }
      row = row * 3 + t;
    });
    return row;
  }

  /** CIFAR-10 test accuracy, mean of 3 runs, as a fraction (best epoch of 50; see the data README). */
  accuracy(arch: Pick<MacroArch, 'ops'>): number {
    return (this.mean[this.rowOf(arch)] as number) / 100;
  }

  /** Population standard deviation of the 3 runs' accuracy, as a fraction. */
  accuracyStd(arch: Pick<MacroArch, 'ops'>): number {
    return (this.sd[this.rowOf(arch)] as number) / 100;
  }

  /** Number of parameters. */
  params(arch: Pick<MacroArch, 'ops'>): number {
    return this.par[this.rowOf(arch)] as number;
  }

  /** FLOPs as counted by the benchmark's authors. */
  flops(arch: Pick<MacroArch, 'ops'>): number {
    return this.fl[this.rowOf(arch)] as number;
  }

  /** Row of the equivalent network that was actually trained (identities moved to the end of each stage). */
  canonicalRow(arch: Pick<MacroArch, 'ops'>): number {
    return this.canon[this.rowOf(arch)] as number;
  }

  /** An {@link AccuracyEvaluator} that looks the accuracy up; `extra` has params, FLOPs and std. */
  evaluator(): AccuracyEvaluator<MacroArch> {
    return {
      evaluate: (arch: MacroArch, opts: EvaluateOptions = {}): Promise<EvaluationResult> => {
        try {
          throwIfAborted(opts.signal);
          const extra = { params: this.params(arch), flops: this.flops(arch), accuracyStd: this.accuracyStd(arch) };
          opts.onProgress?.({ fraction: 1 });
          return Promise.resolve({ accuracy: this.accuracy(arch), wallMs: 0, extra });
        } catch (error) {
          return Promise.reject(error as Error);
        }
      },
    };
  }
}

/**
 * Builds {@link NasBenchMacro} from the parsed content of `nas-bench-macro.json.gz`.
 * @throws EvaluationError when the data is malformed.
 */
export function nasBenchMacroFromJson(data: unknown): NasBenchMacro {
  return new NasBenchMacro(data);
}

/**
 * Loads NAS-Bench-Macro from the package's `data/` folder (Node).
 * @param options.dataDir - a data folder to use instead of the package's. @defaultValue the package's `data/`
 * @throws EvaluationError when the data cannot be found or read.
 */
export function loadNasBenchMacro(options: { readonly dataDir?: string } = {}): NasBenchMacro {
  const dir = packageDataDir(options.dataDir);
  return new NasBenchMacro(readDataJson(dir, 'nas-bench-macro/nas-bench-macro.json.gz'));
}
