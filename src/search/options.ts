/**
 * Completes and validates the options of `search()` in one place.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import type { Architecture } from '../space/types.js';
import { LIMITS, check, checkKnownKeys, failWith, finiteNumber, integer, type Fail } from '../validate.js';
import { fullSteps, isFidelityPredictor } from './promotion.js';
import { checkPruner } from './pruning.js';
import { mnasSoftReward } from './reward.js';
import type { RewardFunction, SearchOptions, TrialMetrics } from './types.js';

/** {@link SearchOptions} with every default filled in. */
export interface ResolvedSearchOptions<T = Architecture> extends SearchOptions<T> {
  readonly reward: RewardFunction;
  readonly rewardName: string;
  readonly trials: number;
  readonly wallTimeMs: number;
  readonly concurrency: number;
  readonly exclusiveMeasurement: boolean;
  readonly resume: boolean;
  readonly snapshotEvery: number | 'auto';
  readonly measureTimeoutMs: number;
  readonly evaluateTimeoutMs: number;
  readonly reevaluateRepeats: boolean;
  readonly promotion: 'observed' | 'model';
  /** The objectives with their value functions, when the search has any. */
  readonly resolvedObjectives: readonly ResolvedObjective[] | undefined;
}

/** The options `search()` takes. */
export const SEARCH_OPTION_KEYS: readonly string[] = [
  'space',
  'controller',
  'evaluator',
  'executor',
  'pruner',
  'promotion',
  'measurer',
  'reward',
  'targetMs',
  'objectives',
  'constraint',
  'budget',
  'concurrency',
  'exclusiveMeasurement',
  'measureTimeoutMs',
  'evaluateTimeoutMs',
  'reevaluateRepeats',
  'journal',
  'resume',
  'snapshotEvery',
  'meta',
  'signal',
  'baselines',
  'onBaseline',
  'onTrial',
  'onWarning',
];

/** Removed options, with what to use instead. */
const REMOVED: Readonly<Record<string, string>> = {
  seed: 'seeds go to the controller and the evaluator; record run labels in meta',
};

const fail: Fail = failWith(InvalidOptionsError, 'search option');

function timeoutMs(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === Infinity) return value;
  if (typeof value !== 'number' || !(value > 0 && value <= LIMITS.timeoutMs))
    fail([path], `a number of ms in (0, ${LIMITS.timeoutMs}] or Infinity`, value);
  return value;
}

function hasMethod(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

function checkRoles<T>(o: SearchOptions<T>): void {
  const space = o.space as unknown;
  if (!hasMethod(space, 'decode') || !Array.isArray((space as { decisions?: unknown }).decisions)) {
    fail(['space'], 'a SearchSpace (decisions and decode())', space);
  }
  if (
    !hasMethod(o.controller, 'ask') ||
    !hasMethod(o.controller, 'tell') ||
    !hasMethod(o.controller, 'snapshot') ||
    !hasMethod(o.controller, 'restore')
  ) {
    fail(['controller'], 'a Controller (ask, tell, snapshot, restore)', o.controller);
  }
  if (o.executor !== undefined) {
    const executor = o.executor as unknown;
    if (!hasMethod(executor, 'execute') || typeof (executor as { measures?: unknown }).measures !== 'boolean') {
      fail(['executor'], 'a TrialExecutor (execute() and a boolean measures)', executor);
    }
    // The executor measures and evaluates: roles given beside it would silently go unused.
    for (const key of ['evaluator', 'measurer', 'pruner'] as const) {
      if (o[key] !== undefined) fail([key], `nothing beside an executor (the executor measures and evaluates)`, o[key]);
    }
  } else {
    if (!hasMethod(o.evaluator, 'evaluate')) fail(['evaluator'], 'an AccuracyEvaluator (evaluate())', o.evaluator);
    if (o.measurer !== undefined && !hasMethod(o.measurer, 'measure')) fail(['measurer'], 'a LatencyMeasurer (measure())', o.measurer);
  }
  for (const key of ['onTrial', 'onWarning', 'onBaseline'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') fail([key], 'a function', o[key]);
  }
}

function checkBaselines(value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(['baselines'], 'an array of { name, value }', value);
  const names = new Set<string>();
  (value as unknown[]).forEach((b, i) => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) fail(['baselines', i], 'an object { name, value }', b);
    checkKnownKeys(b as Record<string, unknown>, ['name', 'value'], ['baselines', i], fail);
    const { name, value: v } = b as Record<string, unknown>;
    if (typeof name !== 'string' || name === '' || name.length > 200)
      fail(['baselines', i, 'name'], 'a non-empty name of at most 200 characters', name);
    if (names.has(name as string)) fail(['baselines', i, 'name'], 'a name not used by another baseline', name);
    names.add(name as string);
    if (v === undefined) fail(['baselines', i, 'value'], 'the network to score', v);
  });
}

/** Objectives read from the metrics by name. */
const BUILT_IN_OBJECTIVES: Readonly<Record<string, (m: TrialMetrics) => number>> = {
  accuracy: (m) => m.accuracy,
  latencyMs: (m) => m.latencyMs as number,
};

/** An objective with its value function. */
export interface ResolvedObjective {
  readonly name: string;
  readonly direction: 'maximize' | 'minimize';
  readonly value: (metrics: TrialMetrics) => number;
}

function resolveObjectives(value: unknown, constraint: unknown): ResolvedObjective[] | undefined {
  if (constraint !== undefined) {
    if (typeof constraint !== 'function') fail(['constraint'], 'a function (metrics) => violation >= 0', constraint);
    if (value === undefined) fail(['constraint'], 'objectives beside it (a constraint ranks a multi-objective search)', constraint);
  }
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > 16)
    fail(['objectives'], 'an array of 1 to 16 { name, direction, value? }', value);
  const names = new Set<string>();
  return (value as unknown[]).map((o, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) fail(['objectives', i], 'an object { name, direction, value? }', o);
    checkKnownKeys(o as Record<string, unknown>, ['name', 'direction', 'value'], ['objectives', i], fail);
    const { name, direction, value: fn } = o as Record<string, unknown>;
    if (typeof name !== 'string' || name === '' || name.length > 100)
      fail(['objectives', i, 'name'], 'a name of 1 to 100 characters', name);
    if (names.has(name as string)) fail(['objectives', i, 'name'], 'a name not used by another objective', name);
    names.add(name as string);
    if (direction !== 'maximize' && direction !== 'minimize') fail(['objectives', i, 'direction'], '"maximize" or "minimize"', direction);
    if (fn !== undefined && typeof fn !== 'function') fail(['objectives', i, 'value'], 'a function (metrics) => number', fn);
    const builtIn = BUILT_IN_OBJECTIVES[name as string];
    if (fn === undefined && builtIn === undefined) {
      fail(
        ['objectives', i, 'value'],
        `a function (metrics) => number for ${JSON.stringify(name)} (only accuracy and latencyMs are read by name)`,
        fn,
      );
    }
    return {
      name: name as string,
      direction,
      value: (fn as ResolvedObjective['value'] | undefined) ?? (builtIn as ResolvedObjective['value']),
    };
  });
}

function resolveReward<T>(
  o: SearchOptions<T>,
  objectives: readonly ResolvedObjective[] | undefined,
): { reward: RewardFunction; rewardName: string } {
  if (o.reward === undefined && o.targetMs === undefined && objectives !== undefined) {
    const [first] = objectives as [ResolvedObjective];
    const sign = first.direction === 'maximize' ? 1 : -1;
    const reward: RewardFunction = (m) => sign * first.value(m);
    return { reward, rewardName: `objective(${first.direction === 'maximize' ? '' : '-'}${first.name})` };
  }
  if (o.reward !== undefined) {
    if (typeof o.reward !== 'function') fail(['reward'], 'a function (metrics) => number', o.reward);
    if (o.targetMs !== undefined) checkTarget(o.targetMs);
    return { reward: o.reward, rewardName: o.reward.name || 'custom' };
  }
  if (o.targetMs === undefined) fail(['targetMs'], 'a latency target in ms (> 0) for the default reward, or a reward function', undefined);
  const targetMs = checkTarget(o.targetMs);
  if (o.executor !== undefined ? !o.executor.measures : o.measurer === undefined) {
    fail(o.executor !== undefined ? ['executor'] : ['measurer'], 'a measurer: the default reward needs latency', undefined);
  }
  return { reward: mnasSoftReward(targetMs), rewardName: `mnas-soft(targetMs=${targetMs})` };
}

function checkTarget(value: unknown): number {
  return check(finiteNumber({ min: 0, exclusiveMin: true }), value, ['targetMs'], fail);
}

function resolveBudget(budget: unknown): { trials: number; wallTimeMs: number } {
  if (budget === undefined) return { trials: 100, wallTimeMs: Infinity };
  if (typeof budget !== 'object' || budget === null) fail(['budget'], 'an object { trials?, wallTimeMs? }', budget);
  const b = budget as Record<string, unknown>;
  checkKnownKeys(b, ['trials', 'wallTimeMs'], ['budget'], fail);
  if (b['trials'] === undefined && b['wallTimeMs'] === undefined) fail(['budget'], 'at least one of trials, wallTimeMs', budget);
  const trials = b['trials'] === undefined ? Infinity : check(integer(1, LIMITS.trials), b['trials'], ['budget', 'trials'], fail);
  let wallTimeMs = Infinity;
  if (b['wallTimeMs'] !== undefined) {
    const w = b['wallTimeMs'];
    if (typeof w !== 'number' || Number.isNaN(w) || w <= 0) fail(['budget', 'wallTimeMs'], 'a number of ms > 0', w);
    wallTimeMs = w;
  }
  return { trials, wallTimeMs };
}

/**
 * Validates `options` and fills in the defaults.
 * @throws InvalidOptionsError naming the first bad field.
 */
export function resolveSearchOptions<T>(options: SearchOptions<T>): ResolvedSearchOptions<T> {
  if (typeof options !== 'object' || options === null) fail([], 'an options object', options);
  checkKnownKeys(options as unknown as Record<string, unknown>, SEARCH_OPTION_KEYS, [], fail, REMOVED);
  checkRoles(options);
  checkBaselines(options.baselines);
  const objectives = resolveObjectives(options.objectives, options.constraint);
  const { reward, rewardName } = resolveReward(options, objectives);
  const { trials, wallTimeMs } = resolveBudget(options.budget);
  const concurrency =
    options.concurrency === undefined ? 1 : check(integer(1, LIMITS.concurrency), options.concurrency, ['concurrency'], fail);
  const snapshotEvery =
    options.snapshotEvery === undefined || options.snapshotEvery === 'auto'
      ? 'auto'
      : check(integer(1), options.snapshotEvery, ['snapshotEvery'], fail);
  const measureTimeoutMs = timeoutMs(options.measureTimeoutMs, 'measureTimeoutMs', 600_000);
  const evaluateTimeoutMs = timeoutMs(options.evaluateTimeoutMs, 'evaluateTimeoutMs', Infinity);
  const exclusiveMeasurement = options.exclusiveMeasurement ?? true;
  if (typeof exclusiveMeasurement !== 'boolean') fail(['exclusiveMeasurement'], 'a boolean', exclusiveMeasurement);
  const reevaluateRepeats = options.reevaluateRepeats ?? false;
  if (typeof reevaluateRepeats !== 'boolean') fail(['reevaluateRepeats'], 'a boolean', reevaluateRepeats);
  const resume = options.resume ?? false;
  if (typeof resume !== 'boolean') fail(['resume'], 'a boolean', resume);
  if (options.journal !== undefined && (typeof options.journal !== 'string' || options.journal === '')) {
    fail(['journal'], 'a non-empty file path', options.journal);
  }
  if (resume && options.journal === undefined) fail(['journal'], 'a journal path to resume from (resume: true)', undefined);
  if (options.meta !== undefined && (typeof options.meta !== 'object' || options.meta === null || Array.isArray(options.meta))) {
    fail(['meta'], 'a plain object', options.meta);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) fail(['signal'], 'an AbortSignal', options.signal);
  if (options.pruner !== undefined) checkPruner(options.pruner);
  const promotion = resolvePromotion(options);
  return {
    ...options,
    reward,
    rewardName,
    trials,
    wallTimeMs,
    concurrency,
    exclusiveMeasurement,
    resume,
    snapshotEvery,
    measureTimeoutMs,
    evaluateTimeoutMs,
    reevaluateRepeats,
    promotion,
    resolvedObjectives: objectives,
  };
}

/** `promotion`, checked against the pruner and the controller it needs. */
function resolvePromotion<T>(options: SearchOptions<T>): 'observed' | 'model' {
  const promotion = options.promotion ?? 'observed';
  if (promotion !== 'observed' && promotion !== 'model') fail(['promotion'], "'observed' or 'model'", promotion);
  if (promotion === 'observed') return promotion;
  const { pruner, controller } = options;
  if (pruner === undefined) fail(['promotion'], "'observed' without a pruner (promotion 'model' ranks a pruner's rungs)", promotion);
  if (typeof pruner.rankWith !== 'function' || fullSteps(pruner) === undefined) {
    fail(['pruner'], "a pruner with rankWith() and a maxResource (the full budget), for promotion 'model'", pruner);
  }
  if (!isFidelityPredictor(controller)) {
    fail(['controller'], "a controller with predict(tokens, fidelity), such as SurrogateController, for promotion 'model'", controller);
  }
  return promotion;
}
