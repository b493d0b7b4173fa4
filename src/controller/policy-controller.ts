/**
 * What {@link ReinforceController} and {@link PpoController} share: the LSTM
 * policy, sampling, the reward baseline, the batch of finished trials, Adam,
 * and their snapshot: the ask/tell calls since the controller was built,
 * replayed on restore (docs/controllers.md, "Snapshots").
 *
 * @module
 */

import { Adam } from './adam.js';
import { AskTellLog } from './ask-tell-log.js';
import { BaseController } from './base-controller.js';
import { tokenKey } from './token-lists.js';
import { LstmPolicy } from './policy/lstm-policy.js';
import { mergeCaches } from './policy/lstm-backprop.js';
import type { BatchCache, PolicyBatch, PolicyGradients, PolicyLoss } from './policy/types.js';
import { snapshotFormOption, type PolicyControllerOptions, type PolicyRecipe, type ResolvedPolicyOptions } from './policy-options.js';
import { replayCalls } from './policy-replay.js';
import {
  digestLearning,
  emptyLearning,
  loadLearning,
  saveLearning,
  type Elite,
  type FinishedTrial,
  type LearningState,
  type SampleRecord,
} from './policy-state.js';
import { StateDigest } from './state-digest.js';
import type { HasDecisions, Outcome, Proposal } from './types.js';
import { seedOption, snapNumbers, snapObject } from './validate.js';

/** Base of the LSTM policy controllers. */
export abstract class PolicyController extends BaseController<SampleRecord> {
  /** The LSTM policy. */
  protected readonly policy: LstmPolicy;
  /** Resolved options. */
  protected readonly opts: ResolvedPolicyOptions;
  private adam: Adam;
  private learning: LearningState = emptyLearning();
  /** Every ask and tell since the controller was built; null with `snapshotForm: 'weights'` or after restoring a snapshot that holds weights. */
  private log: AskTellLog | null;
  private seed: number | string;
  private readonly form: 'calls' | 'weights';

  protected constructor(space: HasDecisions, options: PolicyControllerOptions, opts: ResolvedPolicyOptions) {
    super(space, options);
    this.opts = opts;
    this.seed = seedOption(options.seed);
    this.form = snapshotFormOption(options.snapshotForm);
    this.log = this.form === 'calls' ? new AskTellLog() : null;
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
    return this.learning.updates;
  }

  /** Proposes the next candidate (see {@link BaseController.ask}); the call joins the log. */
  override ask(): Proposal {
    const proposal = super.ask();
    this.log?.ask();
    return proposal;
  }

  /** Reports an outcome (see {@link BaseController.tell}); the call joins the log once accepted. */
  override tell(id: string, outcome: Outcome): void {
    super.tell(id, outcome);
    this.log?.tell(Number(id), 'reward' in outcome ? outcome.reward : null);
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
    this.learning.buffer.push({ tokens, reward, ...sample });
    if (this.learning.buffer.length < this.opts.batchSize) return;
    const trials = this.learning.buffer;
    this.learning.buffer = [];
    const d = this.opts.baselineDecay;
    let b = this.learning.baseline ?? trials.reduce((s, t) => s + t.reward, 0) / trials.length;
    let ms = this.learning.meanSquare ?? trials.reduce((s, t) => s + (t.reward - b) ** 2, 0) / trials.length;
    const raw = trials.map((t) => t.reward - b);
    // The floor keeps a batch of (nearly) equal rewards from dividing by ~0.
    const scale = this.opts.normalizeAdvantages ? Math.sqrt(ms) + 1e-6 : 1;
    const advantages = raw.map((a) => a / scale);
    for (const t of trials) {
      ms = d * ms + (1 - d) * (t.reward - b) ** 2;
      b = d * b + (1 - d) * t.reward;
    }
    this.learning.baseline = b;
    this.learning.meanSquare = ms;
    this.update(trials, advantages);
    this.learning.updates += 1;
    if (this.opts.selfImitationSize > 0) this.imitate(trials, b, scale);
  }

  /** Adds `trials` to the elites and takes one step towards the elites that beat `baseline`. */
  private imitate(trials: readonly FinishedTrial[], baseline: number, scale: number): void {
    const keys = new Set(this.learning.elites.map((e) => tokenKey(e.tokens)));
    for (const t of trials) {
      const key = tokenKey(t.tokens);
      if (keys.has(key)) continue;
      keys.add(key);
      this.learning.elites.push({ tokens: t.tokens.slice(), reward: t.reward });
    }
    // Stable sort: among equal rewards the earlier trial stays ahead.
    this.learning.elites.sort((a, b) => b.reward - a.reward);
    this.learning.elites.length = Math.min(this.learning.elites.length, this.opts.selfImitationSize);
    const better = this.learning.elites.filter((e) => e.reward > baseline);
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

  /** The subclass's own options, resolved (for the snapshot's recipe). */
  protected algorithmOptions(): Record<string, number> {
    return {};
  }

  /**
   * A new controller of this class built with `recipe` (compact snapshots
   * are restored by replaying their calls on it). This default calls the
   * constructor with `(space, options)`; a subclass with another constructor
   * overrides it.
   */
  protected spawn(recipe: PolicyRecipe): PolicyController {
    const Self = this.constructor as new (space: HasDecisions, options: PolicyControllerOptions) => PolicyController;
    return new Self({ decisions: this.decisions }, recipe as PolicyControllerOptions);
  }

  /**
   * The whole state as plain JSON. With `snapshotForm: 'calls'` (the
   * default), `state` holds the calls since the controller was built (`log`,
   * at most 15 characters a trial), the options to replay them under
   * (`recipe`) and a digest of the state they lead to (`digest`); the keys of
   * earlier proposals are left out (the replay finds them). Such a snapshot
   * restores into a controller built with the same options (the seed may
   * differ). With `snapshotForm: 'weights'`, or after restoring a snapshot
   * that holds weights, `state` holds the weights and Adam's moments
   * (`policy`, `adam`: 2.4 MB for the CLI's default space) and the learning
   * state (baseline, buffer, elites).
   */
  override snapshot(): unknown {
    const { proposed, state, ...envelope } = super.snapshot() as Record<string, unknown>;
    if (this.log === null) return { ...envelope, proposed, state };
    const digest = new StateDigest().text(JSON.stringify([envelope.rng, envelope.nextId, envelope.pending, proposed]));
    for (const p of this.policy.params) digest.numbers(p);
    this.adam.digest(digest);
    return { ...envelope, state: { ...(state as Record<string, unknown>), digest: digestLearning(digest, this.learning).hex() } };
  }

  /**
   * The snapshot in the form that holds weights, whatever this controller
   * writes: what `snapshot()` returned before snapshots of calls, so a journal
   * written then is recognised as this controller's on resume.
   */
  weightsSnapshot(): unknown {
    const log = this.log;
    this.log = null;
    try {
      return this.snapshot();
    } finally {
      this.log = log;
    }
  }

  protected saveState(): unknown {
    if (this.log === null) return { policy: this.policy.save(), adam: this.adam.save(), ...saveLearning(this.learning) };
    return { recipe: this.recipe(), log: this.log.encode() };
  }

  protected loadState(state: unknown): () => void {
    const s = snapObject(state, ['state']);
    if (s.log === undefined) {
      const installPolicy = this.policy.load(s.policy, ['state', 'policy']);
      const installAdam = this.adam.load(s.adam, ['state', 'adam']);
      const learning = loadLearning(s, this.decisions, this.opts);
      return () => {
        installPolicy();
        installAdam();
        this.learning = learning;
        this.log = null;
      };
    }
    const replayed = replayCalls(s, this.recipe(), (recipe) => this.spawn(recipe));
    return () => this.adopt(replayed);
  }

  protected override savePending(sample: SampleRecord): unknown {
    return sample.logp.slice();
  }

  protected override loadPending(data: unknown, path: readonly (string | number)[]): SampleRecord {
    return { logp: snapNumbers(data, path, this.decisions.length), cache: null, version: -1 };
  }

  private recipe(): PolicyRecipe {
    return {
      seed: this.seed,
      rewardForInvalid: this.rewardForInvalid,
      duplicateRetries: this.duplicateRetries,
      ...this.opts,
      ...this.algorithmOptions(),
    };
  }

  /** Takes over the state of `from`, a replayed copy built with this controller's options and perhaps another seed. */
  private adopt(from: PolicyController): void {
    this.policy.params = from.policy.params;
    this.policy.invalidate();
    this.adam = from.adam;
    // The sampling activations of the copy's buffer belong to the copy's policy versions.
    this.learning = { ...from.learning, buffer: from.learning.buffer.map((t) => ({ ...t, cache: null, version: -1 })) };
    this.proposed = from.proposed;
    this.log = this.form === 'calls' ? from.log : null;
    this.seed = from.seed;
  }
}
