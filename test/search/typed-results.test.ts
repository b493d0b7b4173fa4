// Results that are not what the contracts promise (a string accuracy, a measure() without a promise)
// fail their trial with a typed message that shows the value and its type.
import { describe, expect, it } from 'vitest';
import { EvaluationError, MeasurementError, search } from '../../src/index.js';
import type { AccuracyEvaluator, LatencyMeasurer, LatencyReport } from '../../src/index.js';
import { checkEvaluation, checkLatency } from '../../src/search/executor.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

async function firstError(evaluator: AccuracyEvaluator<string>, measurer: LatencyMeasurer<string>): Promise<string | undefined> {
  const space = toySpace();
  const result = await search({ space, controller: new ToyController(space, 3), evaluator, measurer, targetMs: 10, budget: { trials: 1 } });
  expect(result.trials[0]?.status).toBe('failed');
  return result.trials[0]?.error;
}

describe('results of the wrong type', () => {
  it.each([
    ['0.9', '"0.9" (a string)'],
    [null, 'null'],
    [undefined, 'undefined'],
    [1.5, '1.5 (a number)'],
    [[0.9], '[0.9] (an array)'],
  ])('an evaluator returning accuracy %j fails its trial naming %s', async (accuracy, shown) => {
    const evaluator = { evaluate: async () => ({ accuracy }) as unknown as { accuracy: number } };
    expect(await firstError(evaluator, toyMeasurer())).toBe(
      `evaluate: EvaluationError: the evaluator returned accuracy ${shown}, expected a number in [0, 1]`,
    );
  });

  it('a measurer returning medianMs as a string fails its trial naming it', async () => {
    const measurer = { measure: async () => ({ ...(await toyMeasurer().measure('a')), medianMs: '3' }) as unknown as LatencyReport };
    expect(await firstError(toyEvaluator(), measurer)).toBe(
      'measure: MeasurementError: the measurer returned medianMs "3" (a string), expected a finite number > 0',
    );
  });

  it('a measurer whose measure() returns no promise fails with a typed error naming the measurer', async () => {
    const measurer = { measure: () => ({ medianMs: 3 }) as unknown as Promise<LatencyReport> };
    expect(await firstError(toyEvaluator(), measurer)).toBe(
      `measure: MeasurementError: the measurer's measure() returned {"medianMs":3} (an object), expected a Promise`,
    );
  });

  it('an evaluator whose evaluate() returns no promise fails with a typed error naming the evaluator', async () => {
    const evaluator = { evaluate: () => 0.9 as unknown as Promise<{ accuracy: number }> };
    expect(await firstError(evaluator, toyMeasurer())).toBe(
      `evaluate: EvaluationError: the evaluator's evaluate() returned 0.9 (a number), expected a Promise`,
    );
  });

  it('checkEvaluation and checkLatency throw typed errors carrying what they received', () => {
    expect(() => checkEvaluation({ accuracy: '0.9' })).toThrow(EvaluationError);
    expect(() => checkLatency({ medianMs: -1 })).toThrow(MeasurementError);
    try {
      checkEvaluation({ accuracy: '0.9' });
    } catch (error) {
      expect(error).toMatchObject({ path: ['accuracy'], expected: 'a number in [0, 1]', received: '0.9' });
    }
    expect(checkEvaluation({ accuracy: 0.5 })).toEqual({ accuracy: 0.5 });
  });
});
