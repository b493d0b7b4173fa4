/**
 * Options of the LSTM policy controllers ({@link ReinforceController},
 * {@link PpoController}): their fields, defaults and validation.
 *
 * @module
 */

import { check, finiteNumber, integer, oneOf } from '../validate.js';
import { BASE_CONTROLLER_KEYS, type BaseControllerOptions } from './base-controller.js';
import { numberOption, optionFail } from './validate.js';

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
  /**
   * What `snapshot()` holds. `'calls'`: the ask/tell calls since the
   * controller was built (10 to 11 bytes a trial), which `restore()` replays
   * on a controller built with the same options, as long as the controller
   * took to make them (about 30 ms a trial for PPO on the CLI's default
   * space). `'weights'`: the weights and Adam's moments (2.4 MB on that
   * space, whatever the number of trials), restored at once. Both continue
   * exactly; either form restores into either. See docs/controllers.md.
   * @defaultValue `'calls'`
   */
  readonly snapshotForm?: 'calls' | 'weights';
}

/** The keys of {@link PolicyControllerOptions}. */
export const POLICY_CONTROLLER_KEYS: readonly string[] = [
  ...BASE_CONTROLLER_KEYS,
  'hiddenSize',
  'temperature',
  'tanhConstant',
  'initScale',
  'learningRate',
  'entropyWeight',
  'baselineDecay',
  'normalizeAdvantages',
  'batchSize',
  'selfImitationSize',
  'selfImitationWeight',
  'beta1',
  'beta2',
  'epsilon',
  'snapshotForm',
];

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
  const hiddenSize = numberOption(o.hiddenSize, defaults.hiddenSize ?? 100, 'hiddenSize', integer(1));
  const normalizeAdvantages = check(
    oneOf([true, false]),
    o.normalizeAdvantages ?? defaults.normalizeAdvantages ?? true,
    ['normalizeAdvantages'],
    optionFail,
  );
  const baselineDecay = numberOption(o.baselineDecay, defaults.baselineDecay ?? 0.9, 'baselineDecay', finiteNumber({ min: 0, max: 1 }));
  return {
    hiddenSize,
    temperature: numberOption(o.temperature, defaults.temperature ?? 5, 'temperature', finiteNumber({ min: 0, exclusiveMin: true })),
    tanhConstant: numberOption(o.tanhConstant, defaults.tanhConstant ?? 2.5, 'tanhConstant', finiteNumber({ min: 0 })),
    initScale: numberOption(o.initScale, 0.1, 'initScale', finiteNumber({ min: 0 })),
    learningRate: numberOption(
      o.learningRate,
      defaults.learningRate ?? 0.005,
      'learningRate',
      finiteNumber({ min: 0, exclusiveMin: true }),
    ),
    entropyWeight: numberOption(o.entropyWeight, defaults.entropyWeight ?? 0.03, 'entropyWeight', finiteNumber({ min: 0 })),
    baselineDecay,
    normalizeAdvantages,
    batchSize: numberOption(o.batchSize, defaults.batchSize ?? 10, 'batchSize', integer(1)),
    selfImitationSize: numberOption(o.selfImitationSize, defaults.selfImitationSize ?? 20, 'selfImitationSize', integer(0)),
    selfImitationWeight: numberOption(
      o.selfImitationWeight,
      defaults.selfImitationWeight ?? 1,
      'selfImitationWeight',
      finiteNumber({ min: 0 }),
    ),
    beta1: numberOption(o.beta1, 0.9, 'beta1', finiteNumber({ min: 0, max: 0.999999 })),
    beta2: numberOption(o.beta2, 0.999, 'beta2', finiteNumber({ min: 0, max: 0.999999 })),
    epsilon: numberOption(o.epsilon, 1e-8, 'epsilon', finiteNumber({ min: 0, exclusiveMin: true })),
  };
}

/** Completes and validates {@link PolicyControllerOptions.snapshotForm}. @throws InvalidOptionsError */
export function snapshotFormOption(value: unknown): 'calls' | 'weights' {
  return check(oneOf(['calls', 'weights']), value ?? 'calls', ['snapshotForm'], optionFail);
}

/**
 * The options a policy controller was built with, resolved, and its seed: a
 * controller built with them and given the same calls reaches the same state.
 */
export type PolicyRecipe = Readonly<Record<string, number | string | boolean>>;
