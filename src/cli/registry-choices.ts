/**
 * The CLI's choices of evaluators, zero-cost proxies and pruners, read from the
 * library's registries: the config schema, the flags' help and the
 * dispatch in `build.ts` take them from here.
 *
 * @module
 */

import { type ZeroCostProxy, evaluators, pruners, zeroCostProxies } from '../index.js';

/** `--evaluator`: every entry of `evaluators`. */
export const EVALUATOR_CHOICES = Object.freeze(evaluators.names()) as readonly [string, ...string[]];

/**
 * `--zero-cost-proxy`: the entries of `zeroCostProxies` that score the
 * network itself; the analytic `params` and `macs` counts, which read only
 * the architecture, are the baselines of ranking studies (bench/accuracy.ts),
 * not an accuracy estimate to search with.
 */
export const ZERO_COST_PROXY_CHOICES = Object.freeze(
  zeroCostProxies
    .entries()
    .filter((entry) => entry.reads !== 'architecture')
    .map((entry) => entry.name as ZeroCostProxy),
) as readonly [ZeroCostProxy, ...ZeroCostProxy[]];

/** `--pruner`: `none` or an entry of `pruners`. */
export const PRUNER_CHOICES = Object.freeze(['none', ...pruners.names()]) as readonly [string, ...string[]];

/** `a | b | c`, for help text. */
export function choiceList(choices: readonly string[]): string {
  return choices.join(' | ');
}
