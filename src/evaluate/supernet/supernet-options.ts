/**
 * Options of {@link Supernet.create}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, InvalidSpaceError, MnasError, describeValue, fieldMessage } from '../../errors.js';
import {
  type FactorizedSpaceOptions,
  type ResolvedFactorizedSpaceOptions,
  resolveFactorizedSpaceOptions,
} from '../../space/factorized-options.js';

/** Options of {@link Supernet.create}. */
export interface SupernetOptions {
  /** The factorized space whose every architecture the supernet can run (plain JSON, saved in the manifest). */
  readonly space: FactorizedSpaceOptions;
  /** Seed of the initial weights (each variable's from the seed and its key). @defaultValue 0 */
  readonly seed?: number | string;
  /** Batch-norm epsilon, as `buildModel`'s `bnEpsilon`. @defaultValue 0.001 */
  readonly bnEpsilon?: number;
}

/** {@link SupernetOptions} completed and validated. */
export interface ResolvedSupernetOptions {
  readonly space: FactorizedSpaceOptions;
  readonly resolvedSpace: ResolvedFactorizedSpaceOptions;
  readonly seed: number | string;
  readonly bnEpsilon: number;
}

const KNOWN = ['space', 'seed', 'bnEpsilon'];

/**
 * Completes and validates {@link SupernetOptions}. The space options are
 * copied as JSON, so later changes to the caller's object do not reach the supernet.
 *
 * @throws InvalidOptionsError naming the bad field; InvalidSpaceError (path under `space`) for a bad space.
 */
export function resolveSupernetOptions(options: SupernetOptions): ResolvedSupernetOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(`Invalid Supernet options: expected an object with a space, received ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key))
      throw new InvalidOptionsError(fieldMessage('Supernet option', [key], `one of ${KNOWN.join(', ')}`, 'an unknown key'), {
        path: [key],
      });
  }
  if (typeof options.space !== 'object' || options.space === null) {
    throw new InvalidOptionsError(fieldMessage('Supernet option', ['space'], 'factorized space options', options.space), {
      path: ['space'],
    });
  }
  const space = JSON.parse(JSON.stringify(options.space)) as FactorizedSpaceOptions;
  let resolvedSpace: ResolvedFactorizedSpaceOptions;
  try {
    resolvedSpace = resolveFactorizedSpaceOptions(space);
  } catch (error) {
    if (!(error instanceof MnasError)) throw error;
    throw new InvalidSpaceError(`${error.message} (in the supernet's space)`, { path: ['space', ...error.path], cause: error });
  }
  const seed = options.seed ?? 0;
  if (!(typeof seed === 'string' || Number.isSafeInteger(seed))) {
    throw new InvalidOptionsError(fieldMessage('Supernet option', ['seed'], 'a safe integer or a string', seed), { path: ['seed'] });
  }
  const bnEpsilon = options.bnEpsilon ?? 1e-3;
  if (typeof bnEpsilon !== 'number' || !Number.isFinite(bnEpsilon) || bnEpsilon <= 0) {
    throw new InvalidOptionsError(fieldMessage('Supernet option', ['bnEpsilon'], 'a finite number > 0', bnEpsilon), {
      path: ['bnEpsilon'],
    });
  }
  return { space, resolvedSpace, seed, bnEpsilon };
}
