/**
 * Random search: every decision drawn uniformly and independently.
 *
 * @module
 */

import { BASE_CONTROLLER_KEYS, BaseController, type BaseControllerOptions } from './base-controller.js';
import type { HasDecisions } from './types.js';
import { badSnapshot, checkControllerKeys } from './validate.js';

/** Options of {@link RandomController}. */
export type RandomControllerOptions = BaseControllerOptions;

/**
 * Checks {@link RandomControllerOptions}: the base options, no other key.
 * @throws InvalidOptionsError naming the bad or unknown option.
 */
export function checkRandomOptions(options: RandomControllerOptions): void {
  checkControllerKeys(options, BASE_CONTROLLER_KEYS);
}

/**
 * Uniform random search, the baseline every strategy must beat (Li and
 * Talwalkar, 2019; NAS-Bench-201's "RS").
 *
 * @example
 * const c = new RandomController(space, { seed: 1 });
 * const { id, tokens } = c.ask();
 * c.tell(id, { reward: 0.9 });
 */
export class RandomController extends BaseController<null> {
  protected readonly kind = 'random';

  /** @throws InvalidSpaceError for a space without decisions; InvalidOptionsError for bad options. */
  constructor(space: HasDecisions, options: RandomControllerOptions = {}) {
    super(space, options);
    checkRandomOptions(options);
  }

  protected propose(): { tokens: number[]; data: null } {
    return { tokens: this.decisions.map((d) => this.rng.int(d.size)), data: null };
  }

  protected override dataFor(): null {
    return null;
  }

  protected learn(): void {}

  protected saveState(): unknown {
    return null;
  }

  protected loadState(state: unknown): () => void {
    if (state !== null) badSnapshot(['state'], 'null', state);
    return () => {};
  }
}
