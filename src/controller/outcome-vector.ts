/**
 * The multi-objective and multi-fidelity part of a told outcome, and its check.
 *
 * @module
 */

import { ControllerStateError, describeValue } from '../errors.js';

/** The multi-objective and multi-fidelity part of an outcome (see {@link Outcome}). */
export interface OutcomeVector {
  readonly objectives?: readonly number[];
  readonly violation?: number;
  /** The share of the full training budget, in (0, 1] (absent: 1). */
  readonly fidelity?: number;
  /** The rewards of the same trial at earlier checkpoints, fidelities increasing and below `fidelity`. */
  readonly partialRewards?: readonly { readonly fidelity: number; readonly reward: number }[];
}

/** The `objectives`, `violation` and `fidelity` of an outcome, validated. @throws ControllerStateError */
export function readVector(o: Record<string, unknown>): OutcomeVector {
  const { objectives, violation, fidelity } = o;
  if (objectives !== undefined && (!Array.isArray(objectives) || !objectives.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw new ControllerStateError(`Invalid objectives: expected an array of finite numbers, received ${describeValue(objectives)}`, {
      path: ['outcome', 'objectives'],
    });
  }
  if (violation !== undefined && !(typeof violation === 'number' && violation >= 0 && Number.isFinite(violation))) {
    throw new ControllerStateError(`Invalid violation: expected a finite number >= 0, received ${describeValue(violation)}`, {
      path: ['outcome', 'violation'],
    });
  }
  if (fidelity !== undefined && !(typeof fidelity === 'number' && fidelity > 0 && fidelity <= 1)) {
    throw new ControllerStateError(`Invalid fidelity: expected a number in (0, 1], received ${describeValue(fidelity)}`, {
      path: ['outcome', 'fidelity'],
    });
  }
  const partialRewards = readPartialRewards(o.partialRewards, (fidelity as number | undefined) ?? 1);
  return {
    ...(objectives === undefined ? {} : { objectives: [...(objectives as number[])] }),
    ...(violation === undefined ? {} : { violation: violation as number }),
    ...(fidelity === undefined ? {} : { fidelity: fidelity as number }),
    ...(partialRewards === undefined ? {} : { partialRewards }),
  };
}

/** An outcome's `partialRewards`, copied: fidelities increasing within (0, `below`), finite rewards. @throws ControllerStateError */
function readPartialRewards(value: unknown, below: number): OutcomeVector['partialRewards'] {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new ControllerStateError(`Invalid partialRewards: expected an array of { fidelity, reward }, received ${describeValue(value)}`, {
      path: ['outcome', 'partialRewards'],
    });
  }
  let last = 0;
  return value.map((entry: unknown, i) => {
    const { fidelity, reward } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (!(typeof fidelity === 'number' && fidelity > last && fidelity < below && typeof reward === 'number' && Number.isFinite(reward))) {
      const expected = `{ fidelity, reward } with a fidelity in (${last}, ${below}) and a finite reward`;
      throw new ControllerStateError(`Invalid partialRewards[${i}]: expected ${expected}, received ${describeValue(entry)}`, {
        path: ['outcome', 'partialRewards', i],
      });
    }
    last = fidelity;
    return { fidelity, reward };
  });
}
