import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/index.js';
import { SEARCH_OPTION_KEYS, resolveSearchOptions } from '../../src/search/options.js';
import { itRefusesUnknownKeys } from '../known-keys.js';
import type { SearchOptions } from '../../src/index.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const space = toySpace();
const base: SearchOptions<string> = {
  space,
  controller: new ToyController(space),
  evaluator: toyEvaluator(),
  measurer: toyMeasurer(),
  targetMs: 10,
};

function errorOf(extra: Record<string, unknown>): InvalidOptionsError {
  try {
    resolveSearchOptions({ ...base, ...extra } as SearchOptions<string>);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionsError);
    return error as InvalidOptionsError;
  }
  throw new Error('expected InvalidOptionsError');
}

describe('resolveSearchOptions', () => {
  itRefusesUnknownKeys({
    resolve: (o) => resolveSearchOptions(o as unknown as SearchOptions<string>),
    valid: base as unknown as Record<string, unknown>,
    known: SEARCH_OPTION_KEYS,
    misspelt: 'targetMS',
    ErrorClass: InvalidOptionsError,
  });
  it('fills in the defaults', () => {
    const o = resolveSearchOptions(base);
    expect(o).toMatchObject({
      trials: 100,
      wallTimeMs: Infinity,
      concurrency: 1,
      exclusiveMeasurement: true,
      resume: false,
      snapshotEvery: 'auto',
    });
    expect(o.rewardName).toBe('mnas-soft(targetMs=10)');
  });

  it.each([
    [{ budgett: 3 }, ['budgett'], 'Invalid search option at budgett: expected a known key (space, controller,'],
    [
      { budget: { trials: 0 } },
      ['budget', 'trials'],
      'Invalid search option at budget.trials: expected an integer in [1, 1e7], received 0',
    ],
    [{ budget: {} }, ['budget'], 'Invalid search option at budget: expected at least one of trials, wallTimeMs, received {}'],
    [
      { budget: { trials: 5, epochs: 2 } },
      ['budget', 'epochs'],
      'Invalid search option at budget.epochs: expected a known key (trials, wallTimeMs), received 2',
    ],
    [
      { budget: { wallTimeMs: 0 } },
      ['budget', 'wallTimeMs'],
      'Invalid search option at budget.wallTimeMs: expected a number of ms > 0, received 0',
    ],
    [{ targetMs: 0 }, ['targetMs'], 'Invalid search option at targetMs: expected a finite number > 0, received 0'],
    [{ targetMs: -5 }, ['targetMs'], 'Invalid search option at targetMs: expected a finite number > 0, received -5'],
    [{ targetMs: '20' }, ['targetMs'], 'Invalid search option at targetMs: expected a finite number > 0, received "20"'],
    [
      { targetMs: undefined },
      ['targetMs'],
      'Invalid search option at targetMs: expected a latency target in ms (> 0) for the default reward, or a reward function, received undefined',
    ],
    [
      { measurer: undefined },
      ['measurer'],
      'Invalid search option at measurer: expected a measurer: the default reward needs latency, received undefined',
    ],
    [{ concurrency: 1025 }, ['concurrency'], 'Invalid search option at concurrency: expected an integer in [1, 1024], received 1025'],
    [
      { budget: { trials: 2 ** 53 } },
      ['budget', 'trials'],
      'Invalid search option at budget.trials: expected an integer in [1, 1e7], received 9007199254740992',
    ],
    [{ concurrency: 1.5 }, ['concurrency'], 'Invalid search option at concurrency: expected an integer in [1, 1024], received 1.5'],
    [{ reward: 3 }, ['reward'], 'Invalid search option at reward: expected a function (metrics) => number, received 3'],
    [
      { controller: {} },
      ['controller'],
      'Invalid search option at controller: expected a Controller (ask, tell, snapshot, restore), received {}',
    ],
    [{ evaluator: null }, ['evaluator'], 'Invalid search option at evaluator: expected an AccuracyEvaluator (evaluate()), received null'],
    [
      { resume: true },
      ['journal'],
      'Invalid search option at journal: expected a journal path to resume from (resume: true), received undefined',
    ],
    [{ journal: '' }, ['journal'], 'Invalid search option at journal: expected a non-empty file path, received ""'],
    [
      { seed: 1 },
      ['seed'],
      'Invalid search option at seed: expected no seed (removed: seeds go to the controller and the evaluator; record run labels in meta), received 1',
    ],
    [{ onTrial: 'x' }, ['onTrial'], 'Invalid search option at onTrial: expected a function, received "x"'],
  ])('rejects %j with InvalidOptionsError at its path', (extra, path, message) => {
    const error = errorOf(extra);
    expect(error.path).toEqual(path);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('accepts a custom reward without a measurer or target', () => {
    const { measurer: _m, targetMs: _t, ...rest } = base;
    const named = function accuracyOnly(m: { accuracy: number }): number {
      return m.accuracy;
    };
    expect(resolveSearchOptions({ ...rest, reward: named }).rewardName).toBe('accuracyOnly');
  });
});
