/**
 * `PrefilterController`: a controller wrapper that scores several proposals
 * cheaply and passes on the most promising one.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { type Rule, check, checkKnownKeys, failWith, positiveInt } from '../validate.js';
import type { Controller, Outcome, Proposal } from './types.js';

/** Options of {@link PrefilterController}. */
export interface PrefilterOptions {
  /** Proposals drawn from the wrapped controller per `ask()`, >= 1. @defaultValue 8 */
  readonly candidates?: number;
  /** The cheap score of a token list, higher is better (e.g. `(t) => evaluator.score(space.decode(t))`). */
  readonly score: (tokens: readonly number[]) => number;
}

const fail = failWith(InvalidOptionsError, 'prefilter option');

/** The prefilter's `candidates`, checked (8 when undefined). @throws InvalidOptionsError unless a positive integer. */
export function resolvePrefilterCandidates(candidates: unknown): number {
  return check(positiveInt(), candidates ?? 8, ['candidates'], fail);
}

/**
 * Checks the prefilter's options as a config gives them (`score` is the
 * caller's, added when it is built).
 * @throws InvalidOptionsError naming the bad or unknown option.
 */
export function resolvePrefilterOptions(options: Readonly<Record<string, unknown>>): number {
  checkKnownKeys(options, ['candidates'], [], fail);
  return resolvePrefilterCandidates(options['candidates']);
}

const SCORE: Rule<(tokens: readonly number[]) => number> = {
  expected: 'a function',
  test: (v): v is (tokens: readonly number[]) => number => typeof v === 'function',
};

/**
 * Wraps a controller so that each `ask()` draws `candidates` proposals from
 * it, scores each with `score` (a zero-cost proxy, see
 * {@link ZeroCostEvaluator.score}), returns the best (the first on a tie)
 * and at once tells the wrapped controller `{ failed: 'prefiltered ...' }`
 * for the others. The search then trains only the chosen proposal, whose
 * `tell` passes straight through with its id.
 *
 * Why a wrapper and why `failed`: the ask/tell contract has no way to
 * withdraw a proposal, and every ask must be told once; a dropped proposal
 * has no trained accuracy, so no honest reward. Told as failed, it gets the
 * wrapped controller's `rewardForInvalid`: a random controller ignores it,
 * evolution does not breed from it, and a policy learns to avoid what the
 * proxy rejects. The wrapper keeps no state of its own, so its snapshot is the
 * wrapped controller's and resume is exact. `score` runs synchronously inside
 * `ask()` (zero-cost scores take a fraction of a second on WASM).
 *
 * @example
 * const zc = new ZeroCostEvaluator({ proxy: 'naswot', dataset: 'fashion-mnist' });
 * const controller = new PrefilterController(new RandomController(space, { seed: 1 }), {
 *   candidates: 10,
 *   score: (tokens) => zc.score(space.decode(tokens)),
 * });
 */
export class PrefilterController implements Controller {
  private readonly candidates: number;
  private readonly scoreOf: (tokens: readonly number[]) => number;

  /** @throws InvalidOptionsError when `candidates` is not a positive integer or `score` is not a function. */
  constructor(
    private readonly inner: Controller,
    options: PrefilterOptions,
  ) {
    checkKnownKeys(options as unknown as Record<string, unknown>, ['candidates', 'score'], [], fail);
    this.candidates = resolvePrefilterCandidates(options.candidates);
    this.scoreOf = check(SCORE, options.score, ['score'], fail);
  }

  /** The best of `candidates` proposals of the wrapped controller; the others are told failed. */
  ask(): Proposal {
    const drawn = Array.from({ length: this.candidates }, () => this.inner.ask());
    const scores = drawn.map((p) => this.scoreOf(p.tokens));
    let best = 0;
    scores.forEach((s, i) => {
      if (s > (scores[best] as number) || Number.isNaN(scores[best] as number)) best = i;
    });
    drawn.forEach((p, i) => {
      if (i !== best) this.inner.tell(p.id, { failed: `prefiltered: score ${String(scores[i])} below ${String(scores[best])}` });
    });
    return drawn[best] as Proposal;
  }

  /** Passes the outcome of a returned proposal to the wrapped controller. */
  tell(id: string, outcome: Outcome): void {
    this.inner.tell(id, outcome);
  }

  /** The wrapped controller's snapshot (the wrapper has no state of its own). */
  snapshot(): unknown {
    return this.inner.snapshot();
  }

  /** Restores the wrapped controller. */
  restore(snapshot: unknown): void {
    this.inner.restore(snapshot);
  }

  /** Disposes the wrapped controller. */
  dispose(): void {
    this.inner.dispose?.();
  }
}
