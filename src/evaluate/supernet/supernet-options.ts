/**
 * Options of {@link Supernet.create}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, InvalidSpaceError, MnasError } from '../../errors.js';
import { RNG_SEED, check, checkKnownKeys, failWith, finiteNumber, isRecord } from '../../validate.js';
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

const fail = failWith(InvalidOptionsError, 'Supernet option');

/**
 * Completes and validates {@link SupernetOptions}. The space options are
 * copied as JSON, so later changes to the caller's object do not reach the supernet.
 *
 * @throws InvalidOptionsError naming the bad field; InvalidSpaceError (path under `space`) for a bad space.
 */
export function resolveSupernetOptions(options: SupernetOptions): ResolvedSupernetOptions {
  if (!isRecord(options)) fail([], 'an object with a space', options);
  checkKnownKeys(options, KNOWN, [], fail);
  if (!isRecord(options.space)) fail(['space'], 'factorized space options', options.space);
  const space = JSON.parse(JSON.stringify(options.space)) as FactorizedSpaceOptions;
  let resolvedSpace: ResolvedFactorizedSpaceOptions;
  try {
    resolvedSpace = resolveFactorizedSpaceOptions(space);
  } catch (error) {
    if (!(error instanceof MnasError)) throw error;
    throw new InvalidSpaceError(`${error.message} (in the supernet's space)`, { path: ['space', ...error.path], cause: error });
  }
  const seed = check(RNG_SEED, options.seed ?? 0, ['seed'], fail);
  const bnEpsilon = check(finiteNumber({ min: 0, exclusiveMin: true }), options.bnEpsilon ?? 1e-3, ['bnEpsilon'], fail);
  return { space, resolvedSpace, seed, bnEpsilon };
}
