/**
 * REINFORCE (Williams 1992) on the LSTM policy, as in Zoph and Le 2017.
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
import { checkControllerKeys } from './validate.js';

/**
 * Options of {@link ReinforceController}; defaults in docs/controllers.md.
 * The learning rate defaults to 0.015 (three times the PPO default: PPO
 * takes three Adam steps per batch, REINFORCE one).
 */
export type ReinforceControllerOptions = PolicyControllerOptions;

/** REINFORCE's options, checked and completed (the policy's, learning rate 0.015). @throws InvalidOptionsError naming the bad option. */
export function resolveReinforceOptions(options: ReinforceControllerOptions): ResolvedPolicyOptions {
  checkControllerKeys(options, POLICY_CONTROLLER_KEYS);
  return resolvePolicyOptions(options, { learningRate: 0.015 });
}

/**
 * An LSTM controller trained with REINFORCE: after every `batchSize` finished
 * trials, one Adam step on `-(1/B) sum_b (R_b - baseline) log pi(tokens_b)`
 * minus the entropy bonus. The baseline is an exponential moving average of
 * rewards.
 *
 * @example
 * const c = new ReinforceController(space, { seed: 1 });
 * const p = c.ask();
 * c.tell(p.id, { reward: 0.93 });
 */
export class ReinforceController extends PolicyController {
  protected readonly kind = 'reinforce';

  /** @throws InvalidSpaceError for a space without decisions; InvalidOptionsError for bad options. */
  constructor(space: HasDecisions, options: ReinforceControllerOptions = {}) {
    super(space, options, resolveReinforceOptions(options));
  }

  protected update(trials: readonly FinishedTrial[], advantages: readonly number[]): void {
    this.step({ tokens: trials.map((t) => t.tokens), advantages }, { kind: 'reinforce', entropyWeight: this.opts.entropyWeight }, trials);
  }
}
