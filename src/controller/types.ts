/**
 * The ask/tell contract every controller implements.
 *
 * @module
 */

import type { Decision } from '../space/types.js';

/** A proposal from {@link Controller.ask}: an id to report back with, and one token per decision. */
export interface Proposal {
  readonly id: string;
  readonly tokens: readonly number[];
}

/**
 * What happened to a proposal: a finite reward, or a failure with a reason.
 * A multi-objective search also gives the vector of objective values
 * (`objectives`, in the order and directions the controller was built with)
 * and how far the candidate is from meeting its constraints (`violation`,
 * 0 when it meets them all); scalar-reward controllers ignore both.
 * `fidelity`, in (0, 1], is the share of the full training budget the
 * reward was obtained at (a trial a pruner stopped early; absent: 1);
 * `partialRewards` are the rewards the same trial had at earlier
 * checkpoints (the rungs a pruner promoted it through), each at its
 * fidelity, below the outcome's and increasing. Controllers without a model
 * of the fidelity ignore both.
 */
export type Outcome =
  | {
      readonly reward: number;
      readonly objectives?: readonly number[];
      readonly violation?: number;
      readonly fidelity?: number;
      readonly partialRewards?: readonly { readonly fidelity: number; readonly reward: number }[];
    }
  | { readonly failed: string };

/** Anything with ordered decisions (every `SearchSpace` qualifies). */
export interface HasDecisions {
  readonly decisions: readonly Decision[];
}

/**
 * A search strategy. Several asks may be outstanding at once and tells may
 * arrive in any order. `snapshot()` is plain JSON; `restore()` continues
 * exactly where the snapshot was taken.
 */
export interface Controller {
  /** Proposes the next candidate. */
  ask(): Proposal;
  /**
   * Reports the outcome of a proposal.
   * @throws ControllerStateError for an unknown id, a second tell, or a non-finite reward.
   */
  tell(id: string, outcome: Outcome): void;
  /** The whole state as plain JSON (RNG state, pending asks, and what the controller learned, or the calls that recompute it). */
  snapshot(): unknown;
  /** Replaces the state with a snapshot. @throws ControllerStateError when the snapshot does not fit. */
  restore(snapshot: unknown): void;
  /** Releases resources (tfjs variables). The controller is unusable afterwards. */
  dispose?(): void;
}
