/**
 * Multi-fidelity in `search()`: the fidelity of a pruned trial (the share of
 * the full budget it trained), and promotion by the controller's model
 * (`promotion: 'model'`), which ranks the values a pruner's rung holds by
 * each trial's value predicted at the full budget.
 *
 * @module
 */

import type { Pruner, RungEntry, RungRanker } from '../evaluate/pruning/index.js';
import { isPrunedEvaluation, prunerHeader } from './pruning.js';
import type { RewardFunction, Trial } from './types.js';

/** A controller whose model predicts a candidate's reward at a fidelity (`SurrogateController`). */
export interface FidelityPredictor {
  predict(tokens: readonly number[], fidelity: number): { readonly mean: number };
}

/** How far the model's predicted gain may move a rung value: a factor within [1 / MAX_GAIN, MAX_GAIN]. */
export const MAX_GAIN = 4;

/** The full training budget in steps: the pruner's `maxResource`, when it has one. */
export function fullSteps(pruner: Pruner | undefined): number | undefined {
  if (pruner === undefined) return undefined;
  const max = prunerHeader(pruner).options['maxResource'];
  return typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : undefined;
}

/**
 * The fidelity of a pruned trial: the step it was stopped at over the
 * pruner's full budget; undefined for a trial that ran to the end, or when
 * the pruner has no `maxResource`.
 */
export function trialFidelity(
  evaluation: { readonly extra?: Readonly<Record<string, unknown>> } | undefined,
  pruner: Pruner | undefined,
): number | undefined {
  if (!isPrunedEvaluation(evaluation)) return undefined;
  const full = fullSteps(pruner);
  const step = evaluation?.extra?.['prunedAtStep'];
  if (full === undefined || typeof step !== 'number' || !(step > 0)) return undefined;
  return Math.min(1, step / full);
}

/**
 * The rewards a trial had at the checkpoints before its final result (the
 * rungs a pruner promoted it through), each at its fidelity (the step over
 * the pruner's full budget): `reward` given the checkpoint's accuracy and
 * step, with the trial's latency. Empty for a failed trial, one without a
 * learning curve, or without a pruner that has a `maxResource`; a
 * checkpoint `reward` does not score (a throw, a value that is not finite)
 * is left out.
 */
export function partialRewards<T>(
  trial: Trial<T>,
  reward: RewardFunction,
  pruner: Pruner | undefined,
): { fidelity: number; reward: number }[] {
  const full = fullSteps(pruner);
  const curve = (trial.evaluation as { curve?: unknown } | undefined)?.curve;
  if (full === undefined || trial.status === 'failed' || trial.evaluation === undefined || !Array.isArray(curve)) return [];
  const { loss: _loss, wallMs: _wallMs, curve: _curve, ...evaluation } = trial.evaluation as typeof trial.evaluation & { curve?: unknown };
  const latency = {
    ...(trial.latencyMs === undefined ? {} : { latencyMs: trial.latencyMs }),
    ...(trial.latency === undefined ? {} : { latency: trial.latency }),
  };
  const out: { fidelity: number; reward: number }[] = [];
  for (const point of curve as { step?: unknown; accuracy?: unknown }[]) {
    const { step, accuracy } = point ?? {};
    if (typeof step !== 'number' || typeof accuracy !== 'number') continue;
    const fidelity = step / full;
    if (!(fidelity > (out.at(-1)?.fidelity ?? 0) && fidelity < (trial.fidelity ?? 1))) continue;
    try {
      const value = reward({ accuracy, evaluation: { ...evaluation, accuracy, steps: step }, ...latency });
      if (typeof value === 'number' && Number.isFinite(value)) out.push({ fidelity, reward: value });
    } catch {
      // A checkpoint the reward function does not score is not told.
    }
  }
  return out;
}

/** True for a controller with `predict(tokens, fidelity)`. */
export function isFidelityPredictor(controller: unknown): controller is FidelityPredictor {
  return typeof (controller as { predict?: unknown } | null)?.predict === 'function';
}

/**
 * A rung ranker that scores each value a rung holds at `step` as the value
 * the model expects at the full budget: the observed value times the
 * model's predicted gain `mean(tokens, 1) / mean(tokens, step / full)`,
 * bounded to [1 / {@link MAX_GAIN}, MAX_GAIN]. A trial whose tokens are
 * unknown, or whose predictions are not both above 0, keeps its value. The
 * gain is a ratio so that it carries over from the reward the model learns
 * to the accuracy the pruner sees: under MnasNet's rewards (accuracy times a
 * factor of the latency) the two ratios are equal.
 */
export function modelRanker(
  model: FidelityPredictor,
  tokensOf: (index: number) => readonly number[] | undefined,
  full: number,
): RungRanker {
  return (entries: readonly RungEntry[], step: number): number[] => {
    const fidelity = Math.min(1, step / full);
    return entries.map(({ trialKey, value }) => {
      const tokens = /^(0|[1-9]\d*)$/.test(trialKey) ? tokensOf(Number(trialKey)) : undefined;
      if (tokens === undefined || fidelity >= 1) return value;
      const atFull = model.predict(tokens, 1).mean;
      const atRung = model.predict(tokens, fidelity).mean;
      if (!(atFull > 0 && atRung > 0)) return value;
      return value * Math.min(MAX_GAIN, Math.max(1 / MAX_GAIN, atFull / atRung));
    });
  };
}
