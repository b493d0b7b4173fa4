/**
 * What {@link ReinforceController} and {@link PpoController} share: the LSTM
 * policy, sampling, the reward baseline, the batch of finished trials, Adam,
 * and their snapshot.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import { Adam } from './adam.js';
import { BaseController, type BaseControllerOptions } from './base-controller.js';
import { tokenKey } from './token-lists.js';
import { LstmPolicy } from './policy/lstm-policy.js';
import { mergeCaches } from './policy/lstm-backprop.js';
import type { BatchCache, PolicyBatch, PolicyGradients, PolicyLoss } from './policy/types.js';
import type { HasDecisions } from './types.js';
import { badSnapshot, numberOption, snapArray, snapNumber, snapNumbers, snapObject, snapTokens } from './validate.js';

/**
 * Options of the LSTM policy controllers. Defaults and their sources are
 * listed in docs/controllers.md.
 */
export interface PolicyControllerOptions extends BaseControllerOptions {
  /** LSTM hidden units (NASNet and MnasNet controllers: 100). @defaultValue `100` */
  readonly hiddenSize?: number;
  /** Logit temperature T: logits are `C * tanh(z / T)` (ENAS uses 5). @defaultValue `5` */
  readonly temperature?: number;
  /** Tanh constant C; 0 disables the tanh (ENAS uses 2.5). @defaultValue `2.5` */
  readonly tanhConstant?: number;
  /** Weights start uniform in [-initScale, initScale] (NASNet/ENAS: 0.1). @defaultValue `0.1` */
  readonly initScale?: number;
  /** Adam learning rate (see docs/controllers.md for why it is larger than NASNet's 3.5e-4). @defaultValue `0.005` */
  readonly learningRate?: number;
  /** Weight of the entropy bonus (summed over decisions), relative to the advantages (unit scale with `normalizeAdvantages`; see docs/controllers.md). @defaultValue `0.03` */
  readonly entropyWeight?: number;
  /** Decay of the exponential moving average reward baseline; it starts at the first batch's mean. @defaultValue `0.9` */
  readonly baselineDecay?: number;
  /**
   * Divide each advantage by the running root-mean-square of (reward -
   * baseline), an exponential moving average with `baselineDecay`, so the
   * policy-gradient term has unit scale whatever the rewards' spread (good
   * models often differ in the third decimal of the reward) and the entropy
   * bonus keeps the same weight relative to it. See docs/controllers.md.
   * @defaultValue `true`
   */
  readonly normalizeAdvantages?: boolean;
  /** Finished trials per policy update. @defaultValue `10` */
  readonly batchSize?: number;
  /**
   * Self-imitation (Oh et al., ICML 2018): the best `selfImitationSize`
   * distinct trials so far are kept, and after each policy update one more
   * Adam step raises the log-probability of those whose reward beats the
   * baseline, in proportion to that (normalized) advantage times
   * `selfImitationWeight`; when more than `batchSize` beat it, `batchSize`
   * of them are drawn, each with probability proportional to its advantage.
   * 0 turns it off. See docs/controllers.md.
   * @defaultValue `20`
   */
  readonly selfImitationSize?: number;
  /** Weight of the self-imitation step's advantages. @defaultValue `1` */
  readonly selfImitationWeight?: number;
  /** Adam beta1 (Kingma and Ba 2015). @defaultValue `0.9` */
  readonly beta1?: number;
  /** Adam beta2 (Kingma and Ba 2015). @defaultValue `0.999` */
  readonly beta2?: number;
  /** Adam epsilon (Kingma and Ba 2015). @defaultValue `1e-8` */
  readonly epsilon?: number;
}

/** Resolved options of the policy controllers. */
export interface ResolvedPolicyOptions {
  readonly hiddenSize: number;
  readonly temperature: number;
  readonly tanhConstant: number;
  readonly initScale: number;
  readonly learningRate: number;
  readonly entropyWeight: number;
  readonly baselineDecay: number;
  readonly normalizeAdvantages: boolean;
  readonly batchSize: number;
  readonly selfImitationSize: number;
  readonly selfImitationWeight: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Completes and validates {@link PolicyControllerOptions}. @throws InvalidOptionsError */
export function resolvePolicyOptions(o: PolicyControllerOptions, defaults: Partial<ResolvedPolicyOptions> = {}): ResolvedPolicyOptions {
  const hiddenSize = numberOption(o.hiddenSize, defaults.hiddenSize ?? 100, 'hiddenSize', { integer: true, min: 1 });
  const normalizeAdvantages = o.normalizeAdvantages ?? defaults.normalizeAdvantages ?? true;
  if (typeof normalizeAdvantages !== 'boolean') {
    throw new InvalidOptionsError(
      `Invalid option normalizeAdvantages: expected true or false, received ${describeValue(normalizeAdvantages)}`,
      {
        path: ['normalizeAdvantages'],
      },
    );
  }
  const baselineDecay = numberOption(o.baselineDecay, defaults.baselineDecay ?? 0.9, 'baselineDecay', { min: 0, max: 1 });
  return {
    hiddenSize,
    temperature: numberOption(o.temperature, defaults.temperature ?? 5, 'temperature', { min: 0, exclusiveMin: true }),
    tanhConstant: numberOption(o.tanhConstant, defaults.tanhConstant ?? 2.5, 'tanhConstant', { min: 0 }),
    initScale: numberOption(o.initScale, 0.1, 'initScale', { min: 0 }),
    learningRate: numberOption(o.learningRate, defaults.learningRate ?? 0.005, 'learningRate', { min: 0, exclusiveMin: true }),
    entropyWeight: numberOption(o.entropyWeight, defaults.entropyWeight ?? 0.03, 'entropyWeight', { min: 0 }),
    baselineDecay,
    normalizeAdvantages,
    batchSize: numberOption(o.batchSize, defaults.batchSize ?? 10, 'batchSize', { integer: true, min: 1 }),
    selfImitationSize: numberOption(o.selfImitationSize, defaults.selfImitationSize ?? 20, 'selfImitationSize', { integer: true, min: 0 }),
    selfImitationWeight: numberOption(o.selfImitationWeight, defaults.selfImitationWeight ?? 1, 'selfImitationWeight', { min: 0 }),
    beta1: numberOption(o.beta1, 0.9, 'beta1', { min: 0, max: 0.999999 }),
    beta2: numberOption(o.beta2, 0.999, 'beta2', { min: 0, max: 0.999999 }),
    epsilon: numberOption(o.epsilon, 1e-8, 'epsilon', { min: 0, exclusiveMin: true }),
  };
}

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
interface Elite {
  readonly tokens: readonly number[];
  readonly reward: number;
}

/** A finished trial waiting for the next policy update. */
export interface FinishedTrial extends SampleRecord {
  readonly tokens: readonly number[];
  readonly reward: number;
}

/** Base of the LSTM policy controllers. */
export abstract class PolicyController extends BaseController<SampleRecord> {
  /** The LSTM policy. */
  protected readonly policy: LstmPolicy;
  /** Resolved options. */
  protected readonly opts: ResolvedPolicyOptions;
  private readonly adam: Adam;
  private baseline: number | null = null;
  /** Running mean square of (reward - baseline), for {@link PolicyControllerOptions.normalizeAdvantages}. */
  private meanSquare: number | null = null;
  private buffer: FinishedTrial[] = [];
  private updates = 0;
  /** The best distinct trials so far, best first, for self-imitation. */
  private elites: Elite[] = [];

  protected constructor(space: HasDecisions, options: PolicyControllerOptions, opts: ResolvedPolicyOptions) {
    super(space, options);
    this.opts = opts;
    const shape = {
      hiddenSize: opts.hiddenSize,
      temperature: opts.temperature,
      tanhConstant: opts.tanhConstant,
      initScale: opts.initScale,
    };
    this.policy = new LstmPolicy(this.decisions, shape, this.rng);
    this.adam = new Adam(
      { learningRate: opts.learningRate, beta1: opts.beta1, beta2: opts.beta2, epsilon: opts.epsilon },
      this.policy.params.map((p) => p.length),
    );
  }

  /** Number of policy updates done so far. */
  get updateCount(): number {
    return this.updates;
  }

  /** Updates the policy from one batch of finished trials with their advantages. */
  protected abstract update(trials: readonly FinishedTrial[], advantages: readonly number[]): void;

  /**
   * One Adam step on the gradient of `loss` over `batch`. `trials` (the
   * trials of the batch) lets the gradient reuse their sampling activations
   * when the weights have not changed since.
   */
  protected step(batch: PolicyBatch, loss: PolicyLoss, trials: readonly FinishedTrial[] = []): void {
    const { grads } = this.gradients(batch, loss, trials);
    this.adam.step(this.policy.params, grads);
    this.policy.invalidate();
  }

  /**
   * The loss of `batch` and its gradient with respect to the policy's
   * parameters, from the trials' sampling activations when they are current.
   * The tests override it to differentiate the same loss with tfjs.
   */
  protected gradients(batch: PolicyBatch, loss: PolicyLoss, trials: readonly FinishedTrial[]): PolicyGradients {
    const fresh = trials.length === batch.tokens.length && trials.every((t) => t.cache !== null && t.version === this.policy.version);
    const cache = fresh
      ? mergeCaches(
          this.policy,
          trials.map((t) => t.cache as BatchCache),
        )
      : undefined;
    return this.policy.gradients(batch, loss, cache);
  }

  protected propose(): { tokens: number[]; data: SampleRecord } {
    const { tokens, logp, cache } = this.policy.run({ rng: this.rng });
    return { tokens, data: { logp, cache, version: this.policy.version } };
  }

  protected override dataFor(tokens: readonly number[]): SampleRecord {
    const { logp, cache } = this.policy.run({ tokens });
    return { logp, cache, version: this.policy.version };
  }

  protected learn(tokens: readonly number[], reward: number, sample: SampleRecord): void {
    this.buffer.push({ tokens, reward, ...sample });
    if (this.buffer.length < this.opts.batchSize) return;
    const trials = this.buffer;
    this.buffer = [];
    const d = this.opts.baselineDecay;
    let b = this.baseline ?? trials.reduce((s, t) => s + t.reward, 0) / trials.length;
    let ms = this.meanSquare ?? trials.reduce((s, t) => s + (t.reward - b) ** 2, 0) / trials.length;
    const raw = trials.map((t) => t.reward - b);
    // The floor keeps a batch of (nearly) equal rewards from dividing by ~0.
    const scale = this.opts.normalizeAdvantages ? Math.sqrt(ms) + 1e-6 : 1;
    const advantages = raw.map((a) => a / scale);
    for (const t of trials) {
      ms = d * ms + (1 - d) * (t.reward - b) ** 2;
      b = d * b + (1 - d) * t.reward;
    }
    this.baseline = b;
    this.meanSquare = ms;
    this.update(trials, advantages);
    this.updates += 1;
    if (this.opts.selfImitationSize > 0) this.imitate(trials, b, scale);
  }

  /** Adds `trials` to the elites and takes one step towards the elites that beat `baseline`. */
  private imitate(trials: readonly FinishedTrial[], baseline: number, scale: number): void {
    const keys = new Set(this.elites.map((e) => tokenKey(e.tokens)));
    for (const t of trials) {
      const key = tokenKey(t.tokens);
      if (keys.has(key)) continue;
      keys.add(key);
      this.elites.push({ tokens: t.tokens.slice(), reward: t.reward });
    }
    // Stable sort: among equal rewards the earlier trial stays ahead.
    this.elites.sort((a, b) => b.reward - a.reward);
    this.elites.length = Math.min(this.elites.length, this.opts.selfImitationSize);
    const better = this.elites.filter((e) => e.reward > baseline);
    if (better.length === 0) return;
    // At most batchSize of them per step, drawn by their advantage as in Oh et al.'s prioritized replay: the step costs no more than a batch.
    const chosen = better.length <= this.opts.batchSize ? better : this.drawByAdvantage(better, baseline, this.opts.batchSize);
    const w = this.opts.selfImitationWeight;
    this.step(
      { tokens: chosen.map((e) => e.tokens), advantages: chosen.map((e) => (w * (e.reward - baseline)) / scale) },
      { kind: 'reinforce', entropyWeight: 0 },
    );
  }

  /** `n` of `pool` (all above `baseline`) drawn without replacement, each with probability proportional to its reward minus `baseline`. */
  private drawByAdvantage(pool: readonly Elite[], baseline: number, n: number): Elite[] {
    const left = pool.slice();
    const out: Elite[] = [];
    while (out.length < n) out.push(...left.splice(this.rng.categorical(left.map((e) => e.reward - baseline)), 1));
    return out;
  }

  protected saveState(): unknown {
    return {
      policy: this.policy.save(),
      adam: this.adam.save(),
      baseline: this.baseline,
      meanSquare: this.meanSquare,
      updates: this.updates,
      elites: this.elites.map((e) => ({ tokens: e.tokens.slice(), reward: e.reward })),
      buffer: this.buffer.map((t) => ({ tokens: t.tokens.slice(), reward: t.reward, logp: t.logp.slice() })),
    };
  }

  protected loadState(state: unknown): () => void {
    const s = snapObject(state, ['state']);
    const installPolicy = this.policy.load(s.policy, ['state', 'policy']);
    const installAdam = this.adam.load(s.adam, ['state', 'adam']);
    const baseline = s.baseline === null ? null : snapNumber(s.baseline, ['state', 'baseline']);
    // Optional: a snapshot without it has no running mean square yet (like a fresh controller).
    const meanSquare = s.meanSquare === null || s.meanSquare === undefined ? null : snapNumber(s.meanSquare, ['state', 'meanSquare']);
    if (meanSquare !== null && meanSquare < 0) badSnapshot(['state', 'meanSquare'], 'a number >= 0', meanSquare);
    const updates = snapNumber(s.updates, ['state', 'updates'], true);
    const buffer = snapArray(s.buffer, ['state', 'buffer']).map((raw, i): FinishedTrial => {
      const t = snapObject(raw, ['state', 'buffer', i]);
      return {
        tokens: snapTokens(t.tokens, ['state', 'buffer', i, 'tokens'], this.decisions),
        reward: snapNumber(t.reward, ['state', 'buffer', i, 'reward']),
        logp: snapNumbers(t.logp, ['state', 'buffer', i, 'logp'], this.decisions.length),
        cache: null,
        version: -1,
      };
    });
    // Optional: a snapshot without it has no elites.
    const elites = (s.elites === undefined ? [] : snapArray(s.elites, ['state', 'elites'])).map((raw, i): Elite => {
      const e = snapObject(raw, ['state', 'elites', i]);
      return {
        tokens: snapTokens(e.tokens, ['state', 'elites', i, 'tokens'], this.decisions),
        reward: snapNumber(e.reward, ['state', 'elites', i, 'reward']),
      };
    });
    if (elites.length > this.opts.selfImitationSize)
      badSnapshot(['state', 'elites'], `at most ${this.opts.selfImitationSize} elites (selfImitationSize)`, elites.length);
    if (buffer.length >= this.opts.batchSize) badSnapshot(['state', 'buffer'], `fewer than ${this.opts.batchSize} trials`, buffer.length);
    return () => {
      installPolicy();
      installAdam();
      this.baseline = baseline;
      this.meanSquare = meanSquare;
      this.updates = updates;
      this.buffer = buffer;
      this.elites = elites;
    };
  }

  protected override savePending(sample: SampleRecord): unknown {
    return sample.logp.slice();
  }

  protected override loadPending(data: unknown, path: readonly (string | number)[]): SampleRecord {
    return { logp: snapNumbers(data, path, this.decisions.length), cache: null, version: -1 };
  }
}
