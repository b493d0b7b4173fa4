/**
 * Proximal Policy Optimization (Schulman et al. 2017) on the LSTM policy, the
 * controller algorithm of NASNet (Zoph et al. 2018) and MnasNet (Tan et al. 2019).
 *
 * @module
 */

import type { HasDecisions } from './types.js';
import { PolicyController } from './policy-controller.js';
import {
  POLICY_CONTROLLER_KEYS,
  resolvePolicyOptions,
  type PolicyControllerOptions,
  type ResolvedPolicyOptions,
} from './policy-options.js';
import type { FinishedTrial } from './policy-state.js';
import { finiteNumber, integer } from '../validate.js';
import { checkControllerKeys, numberOption } from './validate.js';

/** Options of {@link PpoController}; defaults and sources in docs/controllers.md. */
export interface PpoControllerOptions extends PolicyControllerOptions {
  /** Passes over each batch (Schulman et al. 2017 use 3 on Atari, 10 on MuJoCo). @defaultValue `3` */
  readonly epochs?: number;
  /** Minibatches per pass; the batch is shuffled with the controller's RNG each pass. @defaultValue `1` */
  readonly minibatches?: number;
  /** Clip range epsilon of the surrogate (Schulman et al. 2017: 0.2). @defaultValue `0.2` */
  readonly clipRange?: number;
}

/** The keys of {@link PpoControllerOptions}. */
const PPO_KEYS: readonly string[] = [...POLICY_CONTROLLER_KEYS, 'epochs', 'minibatches', 'clipRange'];

/** PPO's options (the policy's and its own), checked and completed. @throws InvalidOptionsError naming the bad option. */
export function resolvePpoOptions(
  options: PpoControllerOptions,
): ResolvedPolicyOptions & { epochs: number; minibatches: number; clipRange: number } {
  checkControllerKeys(options, PPO_KEYS);
  const opts = resolvePolicyOptions(options);
  return {
    ...opts,
    epochs: numberOption(options.epochs, 3, 'epochs', integer(1)),
    minibatches: numberOption(options.minibatches, 1, 'minibatches', integer(1, opts.batchSize)),
    clipRange: numberOption(options.clipRange, 0.2, 'clipRange', finiteNumber({ min: 0, exclusiveMin: true, max: 1 })),
  };
}

/**
 * An LSTM controller trained with PPO's clipped surrogate. Each decision is
 * one step with its own probability ratio; every step of a trial shares the
 * trial's advantage (reward minus the moving-average baseline; no critic).
 * After every `batchSize` finished trials it makes `epochs` passes over them
 * in `minibatches` minibatches, one Adam step each.
 *
 * @example
 * const c = new PpoController(space, { seed: 1, epochs: 3, clipRange: 0.2 });
 */
export class PpoController extends PolicyController {
  protected readonly kind = 'ppo';
  private readonly epochs: number;
  private readonly minibatches: number;
  private readonly clipRange: number;

  /** @throws InvalidSpaceError for a space without decisions; InvalidOptionsError for bad options. */
  constructor(space: HasDecisions, options: PpoControllerOptions = {}) {
    const opts = resolvePpoOptions(options);
    super(space, options, opts);
    this.epochs = opts.epochs;
    this.minibatches = opts.minibatches;
    this.clipRange = opts.clipRange;
  }

  protected override algorithmOptions(): Record<string, number> {
    return { epochs: this.epochs, minibatches: this.minibatches, clipRange: this.clipRange };
  }

  protected update(trials: readonly FinishedTrial[], advantages: readonly number[]): void {
    const loss = { kind: 'ppo', entropyWeight: this.opts.entropyWeight, clipRange: this.clipRange } as const;
    const n = trials.length;
    for (let e = 0; e < this.epochs; e++) {
      const order = this.minibatches > 1 ? this.rng.shuffle(trials.map((_, i) => i)) : trials.map((_, i) => i);
      for (let m = 0; m < this.minibatches; m++) {
        const idx = order.slice(Math.floor((m * n) / this.minibatches), Math.floor(((m + 1) * n) / this.minibatches));
        if (idx.length === 0) continue;
        this.step(
          {
            tokens: idx.map((i) => (trials[i] as FinishedTrial).tokens),
            advantages: idx.map((i) => advantages[i] as number),
            oldLogp: idx.map((i) => (trials[i] as FinishedTrial).logp),
          },
          loss,
          idx.map((i) => trials[i] as FinishedTrial),
        );
      }
    }
  }
}
