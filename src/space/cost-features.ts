/**
 * Free features of a candidate for a model-based controller: its analytic
 * cost, known before it is built or trained.
 *
 * @module
 */

import { costBreakdown } from './cost.js';
import type { Architecture, SearchSpace } from './types.js';

/**
 * A `features` function for `SurrogateController`: the natural logs of the
 * MACs and the trainable parameters of the decoded architecture (the
 * analytic counts of {@link costBreakdown}). A candidate that does not decode
 * to a valid architecture gets `[0, 0]`.
 *
 * @example
 * const c = new SurrogateController(space, { seed: 1, features: analyticFeatures(space) });
 */
export function analyticFeatures(space: SearchSpace<Architecture>): (tokens: readonly number[]) => number[] {
  return (tokens) => {
    try {
      const { macs, params } = costBreakdown(space.decode(tokens));
      return [Math.log(Math.max(1, macs)), Math.log(Math.max(1, params))];
    } catch {
      return [0, 0];
    }
  };
}
