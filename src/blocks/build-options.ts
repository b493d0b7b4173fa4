/**
 * Options of {@link buildModel}, and their one-place resolution and validation.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import {
  BOOLEAN,
  type Fail,
  RNG_SEED,
  type Rule,
  check,
  checkKnownKeys,
  failWith,
  finiteNumber,
  isRecord,
  oneOf,
  positiveInt,
} from '../validate.js';

/**
 * What the built model outputs: `softmax` class probabilities, the
 * classifier's `logits`, or the last feature map (`features`, no classifier).
 */
export type ModelOutput = 'softmax' | 'logits' | 'features';

/** Options of `buildModel`. Every field is optional. */
export interface BuildModelOptions {
  /**
   * Seed of the weight initializers. Each layer's initializer gets a seed
   * derived from this seed and the layer's name, so a layer starts from the
   * same weights whatever else the model contains.
   * @defaultValue 0
   */
  readonly seed?: number | string;
  /**
   * `softmax`: class probabilities; `logits`: the classifier's pre-softmax
   * output; `features`: no classifier at all, the model ends with the last
   * feature map (after the head conv when there is one), before pooling.
   * @defaultValue `'softmax'`
   */
  readonly output?: ModelOutput;
  /**
   * Dropout rate before the classifier, overriding `arch.head.dropout`; in [0, 1).
   * @defaultValue `arch.head.dropout`
   */
  readonly dropout?: number;
  /**
   * BatchNormalization momentum (moving average decay, Keras convention:
   * `moving = moving * momentum + batch * (1 - momentum)`), in [0, 1).
   * The TF MnasNet reference uses 0.99.
   * @defaultValue 0.99
   */
  readonly bnMomentum?: number;
  /**
   * BatchNormalization epsilon, > 0. The TF MnasNet reference uses 1e-3.
   * @defaultValue 0.001
   */
  readonly bnEpsilon?: number;
  /**
   * Fixed batch size of the input, a positive integer; `undefined` leaves it
   * free (`null` in the model's input shape).
   * @defaultValue undefined
   */
  readonly batchSize?: number;
  /**
   * Builds the inference form, as the TFLite converter folds it: every conv + BN
   * pair is one conv with bias, its ReLU/ReLU6 fused in (no BatchNormalization
   * and no separate activation layers; SE, pooling, adds unchanged). The
   * initial weights are the exact fold of the unfolded model's initial weights
   * (BN at scale 1, shift 0, mean 0, variance 1), so both give the same outputs
   * for the same seed. For latency measurement; not for training (the trainable
   * parameter count is then `countParams(arch)` minus one per BN channel).
   * @defaultValue false
   */
  readonly foldBatchNorm?: boolean;
  /**
   * Name of the tfjs model.
   * @defaultValue `'mnas_model'`
   */
  readonly name?: string;
}

/** {@link BuildModelOptions} with every default filled in. */
export interface ResolvedBuildModelOptions {
  /** See {@link BuildModelOptions.seed}. */
  readonly seed: number | string;
  /** See {@link BuildModelOptions.output}. */
  readonly output: ModelOutput;
  /** Dropout override; `undefined` means `arch.head.dropout`. */
  readonly dropout: number | undefined;
  /** See {@link BuildModelOptions.bnMomentum}. */
  readonly bnMomentum: number;
  /** See {@link BuildModelOptions.bnEpsilon}. */
  readonly bnEpsilon: number;
  /** Fixed batch size, or `undefined` for a free batch dimension. */
  readonly batchSize: number | undefined;
  /** See {@link BuildModelOptions.foldBatchNorm}. */
  readonly foldBatchNorm: boolean;
  /** See {@link BuildModelOptions.name}. */
  readonly name: string;
}

const OUTPUTS: readonly ModelOutput[] = ['softmax', 'logits', 'features'];
const KNOWN = ['seed', 'output', 'dropout', 'bnMomentum', 'bnEpsilon', 'batchSize', 'foldBatchNorm', 'name'];

const fail: Fail = failWith(InvalidOptionsError, 'buildModel option');
const RATE = finiteNumber({ min: 0, max: 1, exclusiveMax: true });
const NAME: Rule<string> = {
  expected: 'a name of letters, digits, _, . and - starting with a letter',
  test: (v): v is string => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(v),
};

/**
 * Completes and validates {@link BuildModelOptions}.
 *
 * @param options - user options, possibly `undefined`.
 * @returns the options with every default filled in.
 * @throws InvalidOptionsError naming the bad field and the value received
 *   (unknown fields are rejected too, so a typo is not silently ignored).
 * @example
 * resolveBuildModelOptions({ output: 'logits' }).bnMomentum; // 0.99
 */
export function resolveBuildModelOptions(options: BuildModelOptions = {}): ResolvedBuildModelOptions {
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options, KNOWN, [], fail);
  const { dropout, batchSize } = options;
  return {
    seed: check(RNG_SEED, options.seed ?? 0, ['seed'], fail),
    output: check(oneOf(OUTPUTS), options.output ?? 'softmax', ['output'], fail),
    dropout: dropout === undefined ? undefined : check(RATE, dropout, ['dropout'], fail),
    bnMomentum: check(RATE, options.bnMomentum === undefined ? 0.99 : options.bnMomentum, ['bnMomentum'], fail),
    bnEpsilon: check(finiteNumber({ min: 0, exclusiveMin: true }), options.bnEpsilon ?? 1e-3, ['bnEpsilon'], fail),
    batchSize: batchSize === undefined ? undefined : check(positiveInt(), batchSize, ['batchSize'], fail),
    foldBatchNorm: check(BOOLEAN, options.foldBatchNorm ?? false, ['foldBatchNorm'], fail),
    name: check(NAME, options.name ?? 'mnas_model', ['name'], fail),
  };
}
