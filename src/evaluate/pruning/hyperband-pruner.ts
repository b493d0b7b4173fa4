/**
 * `HyperbandPruner`: successive halving in several brackets of different
 * minimum resources (Li et al., "Hyperband", JMLR 2018), each trial in one
 * bracket chosen from its key.
 *
 * @module
 */

import { InvalidOptionsError, MnasError } from '../../errors.js';
import { badSnapshot, checkMaxStep, checkReport, isRecord } from './check-report.js';
import {
  type ResolvedSuccessiveHalvingPrunerOptions,
  type SuccessiveHalvingPrunerOptions,
  badPrunerOption,
  checkPrunerOptionKeys,
  resolveSuccessiveHalvingPrunerOptions,
} from './successive-halving-options.js';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.js';
import type { PruneDecision, Pruner, PrunerSnapshot, RungRanker } from './types.js';

/** Options of {@link HyperbandPruner}: those of {@link SuccessiveHalvingPruner} for every bracket, `maxResource` required. */
export interface HyperbandPrunerOptions extends Omit<SuccessiveHalvingPrunerOptions, 'minEarlyStoppingRate' | 'maxResource'> {
  /** The full budget in steps; sets the number of brackets. Required, at least `minResource`. */
  readonly maxResource: number;
}

/** {@link HyperbandPrunerOptions} with every default filled in. */
export interface ResolvedHyperbandPrunerOptions
  extends Omit<ResolvedSuccessiveHalvingPrunerOptions, 'minEarlyStoppingRate' | 'maxResource'> {
  readonly maxResource: number;
  /** Number of brackets, `floor(log_eta(maxResource / minResource)) + 1`. */
  readonly brackets: number;
}

const KIND = 'hyperband';
const KNOWN = ['minResource', 'reductionFactor', 'minTrialsAtRung', 'maxResource', 'direction'];

/**
 * Completes and validates {@link HyperbandPrunerOptions}.
 *
 * @throws InvalidOptionsError naming the first bad field (unknown keys and a missing `maxResource` included).
 * @example
 * resolveHyperbandPrunerOptions({ minResource: 8, reductionFactor: 3, maxResource: 216 }).brackets // 4
 */
export function resolveHyperbandPrunerOptions(options: HyperbandPrunerOptions): ResolvedHyperbandPrunerOptions {
  const o = checkPrunerOptionKeys(options, 'HyperbandPruner', KNOWN);
  if (o['maxResource'] === undefined) badPrunerOption('maxResource', 'an integer >= minResource (required by Hyperband)', undefined);
  const { minEarlyStoppingRate: _s, maxResource, ...sha } = resolveSuccessiveHalvingPrunerOptions(o as SuccessiveHalvingPrunerOptions);
  if (maxResource === null || maxResource < sha.minResource)
    badPrunerOption('maxResource', `an integer >= minResource (${sha.minResource})`, maxResource);
  let brackets = 1;
  while (sha.minResource * sha.reductionFactor ** brackets <= maxResource) brackets++;
  return { ...sha, maxResource, brackets };
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Asynchronous Hyperband. Bracket b (0 .. B, B = `brackets - 1`) is a
 * {@link SuccessiveHalvingPruner} with `minEarlyStoppingRate: b`: bracket 0
 * prunes from `minResource` on, bracket B at most once near `maxResource`
 * (or never, when `minResource * eta^B = maxResource`). A trial belongs to
 * bracket `bracketOf(trialKey)`: the FNV-1a hash of the key modulo the sum
 * of the bracket weights, bracket b weighing `ceil((B + 1) * eta^s / (s + 1))`
 * with s = B - b (Hyperband's number of starting configurations), and
 * competes only within it.
 *
 * @example
 * const pruner = new HyperbandPruner({ minResource: 8, reductionFactor: 3, maxResource: 128 });
 * const trainer = new ProxyTrainer({ steps: 128, checkpoints: pruner.rungSteps(128) });
 */
export class HyperbandPruner implements Pruner {
  /** The resolved options. */
  readonly options: ResolvedHyperbandPrunerOptions;
  private brackets: SuccessiveHalvingPruner[];
  private readonly weights: readonly number[];
  private ranker: RungRanker | undefined;

  /** @throws InvalidOptionsError naming the bad option. */
  constructor(options: HyperbandPrunerOptions) {
    this.options = resolveHyperbandPrunerOptions(options);
    this.brackets = this.freshBrackets();
    const { brackets, reductionFactor: eta } = this.options;
    this.weights = Array.from({ length: brackets }, (_, b) => {
      const s = brackets - 1 - b;
      return Math.ceil((brackets * eta ** s) / (s + 1));
    });
  }

  /** The bracket (0 = most aggressive) a trial belongs to; a function of the key alone. */
  bracketOf(trialKey: string): number {
    let left = fnv1a(trialKey) % this.weights.reduce((a, b) => a + b, 0);
    for (const [b, weight] of this.weights.entries()) {
      if (left < weight) return b;
      left -= weight;
    }
    return this.weights.length - 1;
  }

  /** The relative number of trials each bracket receives. */
  bracketWeights(): number[] {
    return [...this.weights];
  }

  /** {@inheritDoc Pruner.report} */
  report(trialKey: string, step: number, value: number): PruneDecision {
    checkReport(trialKey, step, value);
    return this.bracketFor(trialKey).report(trialKey, step, value);
  }

  /** {@inheritDoc Pruner.complete} */
  complete(trialKey: string): void {
    this.bracketFor(trialKey).complete(trialKey);
  }

  /** {@inheritDoc Pruner.forget} */
  forget(trialKey: string): void {
    this.bracketFor(trialKey).forget(trialKey);
  }

  /** The rungs of `trialKey`'s bracket below `maxStep`; without a key, those of every bracket, merged. */
  rungSteps(maxStep: number, trialKey?: string): number[] {
    checkMaxStep(maxStep);
    if (trialKey !== undefined) return this.bracketFor(trialKey).rungSteps(maxStep);
    return [...new Set(this.brackets.flatMap((b) => b.rungSteps(maxStep)))].sort((a, b) => a - b);
  }

  /** {@inheritDoc Pruner.rankWith} Every bracket ranks its rungs with it. */
  rankWith(ranker: RungRanker | undefined): void {
    for (const bracket of this.brackets) bracket.rankWith(ranker);
    this.ranker = ranker;
  }

  /** {@inheritDoc Pruner.snapshot} */
  snapshot(): PrunerSnapshot {
    return { kind: KIND, version: 1, options: { ...this.options }, brackets: this.brackets.map((b) => b.snapshot()) };
  }

  /** {@inheritDoc Pruner.restore} */
  restore(snapshot: PrunerSnapshot): void {
    if (!isRecord(snapshot) || snapshot.kind !== KIND) badSnapshot(['kind'], `'${KIND}'`, isRecord(snapshot) ? snapshot.kind : snapshot);
    if (snapshot.version !== 1) badSnapshot(['version'], '1', snapshot.version);
    const options = snapshot['options'];
    if (!isRecord(options)) badSnapshot(['options'], 'an object', options);
    for (const [field, expected] of Object.entries(this.options)) {
      if (options[field] !== expected)
        badSnapshot(['options', field], `${JSON.stringify(expected)}, as this pruner's option`, options[field]);
    }
    const saved = snapshot['brackets'];
    if (!Array.isArray(saved) || saved.length !== this.options.brackets)
      badSnapshot(['brackets'], `an array of ${this.options.brackets} bracket snapshots`, saved);
    const brackets = this.freshBrackets();
    brackets.forEach((bracket, b) => {
      try {
        bracket.restore(saved[b] as PrunerSnapshot);
      } catch (error) {
        if (!(error instanceof MnasError)) throw error;
        const path = ['brackets', b, ...error.path];
        throw new InvalidOptionsError(`Invalid pruner snapshot at brackets[${b}]: ${error.message}`, { path, cause: error });
      }
    });
    for (const bracket of brackets) bracket.rankWith(this.ranker);
    this.brackets = brackets;
  }

  private bracketFor(trialKey: string): SuccessiveHalvingPruner {
    return this.brackets[this.bracketOf(trialKey)] as SuccessiveHalvingPruner;
  }

  private freshBrackets(): SuccessiveHalvingPruner[] {
    const { brackets: _n, ...sha } = this.options;
    return Array.from({ length: this.options.brackets }, (_, b) => new SuccessiveHalvingPruner({ ...sha, minEarlyStoppingRate: b }));
  }
}
