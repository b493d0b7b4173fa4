/**
 * Restoring a policy controller's snapshot of calls: the recipe read and
 * checked against the controller's own, the calls replayed on a controller
 * built with it, the digest compared.
 *
 * @module
 */

import { InvalidOptionsError, MnasError } from '../errors.js';
import { AskTellLog } from './ask-tell-log.js';
import type { PolicyRecipe } from './policy-options.js';
import type { Controller } from './types.js';
import { badSnapshot, snapObject } from './validate.js';

/**
 * Reads the recipe of a snapshot for a controller whose own recipe is `own`:
 * the same options with the same values (the replay runs under them), and a
 * seed (a safe integer or a string, checked by the constructor that replays
 * it), which may differ.
 * @throws ControllerStateError naming the first option that differs.
 */
function readRecipe(raw: unknown, own: PolicyRecipe): PolicyRecipe {
  const recipe = snapObject(raw, ['state', 'recipe']);
  const keys = Object.keys(own);
  if (Object.keys(recipe).length !== keys.length) badSnapshot(['state', 'recipe'], `the options ${keys.join(', ')}`, Object.keys(recipe));
  for (const key of keys) {
    if (key === 'seed') {
      if (typeof recipe.seed !== 'number' && typeof recipe.seed !== 'string')
        badSnapshot(['state', 'recipe', 'seed'], 'a number or a string', recipe.seed);
    } else if (recipe[key] !== own[key]) {
      const expected = `${String(own[key])}, this controller's ${key} (a snapshot restores into a controller built with the same options; the seed may differ)`;
      badSnapshot(['state', 'recipe', key], expected, recipe[key]);
    }
  }
  return recipe as PolicyRecipe;
}

/**
 * A controller made by `spawn` with the recipe of a snapshot's `state` `s`
 * (checked against `own`, the restoring controller's), after replaying the
 * snapshot's calls on it and checking that they reach the snapshot's digest.
 * @throws ControllerStateError naming the field when the recipe differs from `own`, a call is refused or the digest differs.
 */
export function replayCalls<C extends Controller>(s: Record<string, unknown>, own: PolicyRecipe, spawn: (recipe: PolicyRecipe) => C): C {
  const recipe = readRecipe(s.recipe, own);
  if (typeof s.log !== 'string') badSnapshot(['state', 'log'], 'base64 text', s.log);
  const events = AskTellLog.decode(s.log, ['state', 'log']);
  let copy: C;
  try {
    copy = spawn(recipe);
  } catch (cause) {
    if (cause instanceof InvalidOptionsError)
      badSnapshot(['state', 'recipe', ...cause.path], cause.expected ?? 'valid options', cause.received);
    throw cause;
  }
  events.forEach((e, i) => {
    try {
      if (e.kind === 'ask') copy.ask();
      else copy.tell(String(e.id), e.reward === null ? { failed: 'replayed' } : { reward: e.reward });
    } catch (cause) {
      if (cause instanceof MnasError) badSnapshot(['state', 'log', i], 'a call the controller accepts', `${e.kind} (${cause.message})`);
      throw cause;
    }
  });
  const digest = (copy.snapshot() as { state: { digest: string } }).state.digest;
  if (s.digest !== digest) {
    const expected = `${digest}, the digest of the state its log replays to (written by another JavaScript engine or mnas-ts version?)`;
    badSnapshot(['state', 'digest'], expected, s.digest);
  }
  return copy;
}
