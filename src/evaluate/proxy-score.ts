/**
 * What a {@link ProxyTrainer} reports as its `accuracy`: the validation
 * accuracy, or a score from the validation loss on the same [0, 1] scale.
 *
 * @module
 */

/** How the proxy scores a trained network on its validation images. */
export type ProxyScore = 'accuracy' | 'loss';

/**
 * The reported score of a validation pass. `'accuracy'`: the share of images
 * classified right. `'loss'`: `exp(-L)`, with `L` the mean cross-entropy in
 * nats, which is the geometric mean over the images of the probability the
 * network gives the true class. It lies in [0, 1] like an accuracy, is 1/K
 * for a network that guesses uniformly over K classes (chance accuracy), 1
 * for one that is right and certain on every image, and falls as the loss
 * rises, so it ranks exactly as the loss does. A loss that is not a number
 * (a diverged training) scores 0.
 *
 * @example
 * proxyScoreOf('loss', { accuracy: 0.7, loss: Math.log(2) }); // 0.5
 */
export function proxyScoreOf(score: ProxyScore, validation: { readonly accuracy: number; readonly loss: number }): number {
  if (score === 'accuracy') return validation.accuracy;
  return Number.isNaN(validation.loss) ? 0 : Math.min(1, Math.exp(-validation.loss));
}
