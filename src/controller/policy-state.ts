/**
 * What the LSTM policy controllers learn besides the weights and Adam's
 * moments: the reward baseline, the batch of finished trials, the elites of
 * self-imitation; with its place in a full snapshot and in the digest.
 *
 * @module
 */

import type { Decision } from '../space/types.js';
import type { BatchCache } from './policy/types.js';
import type { StateDigest } from './state-digest.js';
import { badSnapshot, snapArray, snapNumber, snapNumbers, snapObject, snapTokens } from './validate.js';

/** What a policy controller keeps about a sample until it is learned from. */
export interface SampleRecord {
  /** Per-step log-probabilities under the policy that sampled it. */
  readonly logp: readonly number[];
  /** The sampling pass's activations (not saved in snapshots), valid while the weights are unchanged. */
  readonly cache: BatchCache | null;
  /** {@link LstmPolicy.version} when the cache was made. */
  readonly version: number;
}

/** A trial kept for self-imitation. */
export interface Elite {
  readonly tokens: readonly number[];
  readonly reward: number;
}

/** A finished trial waiting for the next policy update. */
export interface FinishedTrial extends SampleRecord {
  readonly tokens: readonly number[];
  readonly reward: number;
}

/** The learning state of a policy controller besides its weights and optimizer. */
export interface LearningState {
  /** Exponential moving average of rewards; null before the first update. */
  baseline: number | null;
  /** Running mean square of (reward - baseline), for `normalizeAdvantages`; null before the first update. */
  meanSquare: number | null;
  /** Policy updates so far. */
  updates: number;
  /** Finished trials waiting for the next update. */
  buffer: FinishedTrial[];
  /** The best distinct trials so far, best first, for self-imitation. */
  elites: Elite[];
}

/** The state of a controller that has learned nothing yet. */
export function emptyLearning(): LearningState {
  return { baseline: null, meanSquare: null, updates: 0, buffer: [], elites: [] };
}

/** The fields of `learning` in a full snapshot's `state` (plain JSON). */
export function saveLearning(learning: LearningState): Record<string, unknown> {
  return {
    baseline: learning.baseline,
    meanSquare: learning.meanSquare,
    updates: learning.updates,
    elites: learning.elites.map((e) => ({ tokens: e.tokens.slice(), reward: e.reward })),
    buffer: learning.buffer.map((t) => ({ tokens: t.tokens.slice(), reward: t.reward, logp: t.logp.slice() })),
  };
}

/**
 * Reads the fields of {@link saveLearning} from a snapshot's `state` `s`.
 * `meanSquare` and `elites` are optional (snapshots older than them hold none).
 * @throws ControllerStateError naming the bad field.
 */
export function loadLearning(
  s: Record<string, unknown>,
  decisions: readonly Decision[],
  limits: { readonly batchSize: number; readonly selfImitationSize: number },
): LearningState {
  const baseline = s.baseline === null ? null : snapNumber(s.baseline, ['state', 'baseline']);
  const meanSquare = s.meanSquare === null || s.meanSquare === undefined ? null : snapNumber(s.meanSquare, ['state', 'meanSquare']);
  if (meanSquare !== null && meanSquare < 0) badSnapshot(['state', 'meanSquare'], 'a number >= 0', meanSquare);
  const updates = snapNumber(s.updates, ['state', 'updates'], true);
  const buffer = snapArray(s.buffer, ['state', 'buffer']).map((raw, i): FinishedTrial => {
    const t = snapObject(raw, ['state', 'buffer', i]);
    return {
      tokens: snapTokens(t.tokens, ['state', 'buffer', i, 'tokens'], decisions),
      reward: snapNumber(t.reward, ['state', 'buffer', i, 'reward']),
      logp: snapNumbers(t.logp, ['state', 'buffer', i, 'logp'], decisions.length),
      cache: null,
      version: -1,
    };
  });
  const elites = (s.elites === undefined ? [] : snapArray(s.elites, ['state', 'elites'])).map((raw, i): Elite => {
    const e = snapObject(raw, ['state', 'elites', i]);
    return {
      tokens: snapTokens(e.tokens, ['state', 'elites', i, 'tokens'], decisions),
      reward: snapNumber(e.reward, ['state', 'elites', i, 'reward']),
    };
  });
  if (elites.length > limits.selfImitationSize)
    badSnapshot(['state', 'elites'], `at most ${limits.selfImitationSize} elites (selfImitationSize)`, elites.length);
  if (buffer.length >= limits.batchSize) badSnapshot(['state', 'buffer'], `fewer than ${limits.batchSize} trials`, buffer.length);
  return { baseline, meanSquare, updates, buffer, elites };
}

/** Adds every number of `learning` to `digest`; returns `digest`. */
export function digestLearning(digest: StateDigest, learning: LearningState): StateDigest {
  digest.numbers([learning.baseline, learning.meanSquare, learning.updates, learning.buffer.length, learning.elites.length]);
  for (const t of learning.buffer) digest.numbers(t.tokens).numbers([t.reward]).numbers(t.logp);
  for (const e of learning.elites) digest.numbers(e.tokens).numbers([e.reward]);
  return digest;
}
