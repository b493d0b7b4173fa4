/**
 * The estimator contract of `bench/accuracy.ts`: what an estimator is, what
 * it caches per architecture, and the rows it contributes to the table.
 */
import type { CurvePoint } from 'mnas-ts/evaluate';
import type { GroundTruthEntry } from './ground-truth-data.js';

/** What an estimator scores: only `hash` and `arch` are read. */
export type Scored = Pick<GroundTruthEntry, 'hash' | 'arch'>;

/** One architecture's cached score. */
export interface Cached {
  readonly score: number;
  readonly cpuSeconds: number;
  /** The checkpoints of a pruned estimator's trial. */
  readonly curve?: readonly CurvePoint[];
  /** Further figures of the same run, read by the estimator's variants. */
  readonly alt?: Readonly<Record<string, number>>;
}

/** What one scoring returns: a score, or a score with its curve or further figures. */
export type ScoreOutcome =
  | number
  | { readonly score: number; readonly curve?: readonly CurvePoint[]; readonly alt?: Readonly<Record<string, number>> };

/** A further row read from the same cached runs as its estimator's (another way of scoring the same training). */
export interface Variant {
  readonly name: string;
  readonly kind: string;
  /** The row's score and CPU seconds from one cached entry (undefined: the entry lacks it). */
  readonly pick: (cached: Cached) => { readonly score: number; readonly cpuSeconds: number } | undefined;
}

/** One estimator: a name, its configuration (part of the cache key) and how it scores an architecture. */
export interface Estimator {
  readonly name: string;
  readonly kind: string;
  readonly config: unknown;
  readonly score: ((entry: Scored) => Promise<ScoreOutcome>) | undefined;
  /** Feeds a cached score back (a pruner rebuilding its rungs from cached curves). */
  readonly replay?: (entry: Scored, cached: Cached) => void;
  /** CPU seconds charged to every architecture on top of its own (a supernet's training over 1,000 evaluations). */
  readonly sharedCpuSeconds?: () => number;
  /** Untimed set-up before the first timed score (loading data, first-call kernel compilation). */
  readonly warm?: (entry: Scored) => Promise<void>;
  /** Rows read from the same runs, after the estimator's own (or instead of it, with `variantsOnly`). */
  readonly variants?: readonly Variant[];
  /** The estimator's own score is a carrier for its variants and gets no row. */
  readonly variantsOnly?: boolean;
}

/** One row of the table. */
export interface Row {
  readonly name: string;
  readonly kind: string;
  readonly n: number;
  /** The scores of the ground-truth entries, in their order (when every entry has one). */
  readonly scores: readonly number[] | undefined;
  readonly tau: number | undefined;
  /** Percentile bootstrap 95% interval of tau (architectures resampled). */
  readonly tauCi: readonly [number, number] | undefined;
  readonly rho: number | undefined;
  readonly top: number | undefined;
  readonly cpu: number | undefined;
  /** Architectures the CPU cost is averaged over. */
  readonly costN: number;
}

/**
 * The proxy-training recipe of the bench's proxy rows: the CLI default run's
 * as it was measured, validated on 500 images (the default run validates on
 * 2,000 since issue 26); pinned so the cached scores keep their keys.
 */
export const PROXY_RECIPE = {
  epochs: 1,
  batchSize: 32,
  trainSize: 2048,
  validationSize: 500,
  learningRate: 0.01,
  optimizer: 'adam',
} as const;
