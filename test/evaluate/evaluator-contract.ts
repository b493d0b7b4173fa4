/**
 * The contract every AccuracyEvaluator passes: the registry's evaluators
 * (`evaluators.test.ts` runs it over every entry of `evaluators`, so none can
 * skip it) and the tabular benchmarks' (`tabular-contract.test.ts`).
 *
 * An evaluator must: resolve to an accuracy in [0, 1] (a finite loss, steps,
 * epochs and wall time when it reports them); report progress as fractions
 * in [0, 1] that never go back; give the same result for the same value when
 * it documents determinism; reject an already-aborted signal with AbortError
 * without working, and one aborted during the evaluation when it works
 * asynchronously; reject a bad value with a typed MnasError (a rejected
 * promise, never a synchronous throw); and leave no tensor behind.
 *
 * One evaluator is made per suite (`make` in `beforeAll`, `close` in
 * `afterAll`); the tests run in order and share it, so the suite also checks
 * that an evaluator keeps working after aborts and failures.
 */

import * as tf from '../../src/tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, MnasError } from '../../src/errors.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationProgress, EvaluationResult } from '../../src/evaluate/types.js';

/** A value the evaluator must refuse. */
export interface InvalidValue {
  /** Test name suffix, e.g. `'a kernel of 4'`. */
  readonly name: string;
  readonly value: () => unknown;
}

/** What {@link describeEvaluatorContract} needs to know about an evaluator. */
export interface EvaluatorContractOptions<T> {
  /** Small values the evaluator scores quickly (at least one). */
  readonly valid: () => readonly T[];
  /** Values it must reject with a typed MnasError. */
  readonly invalid: readonly InvalidValue[];
  /** Whether the same value gives the same result (the evaluator documents it, for its seed). */
  readonly deterministic: boolean;
  /** Whether an abort during the evaluation (at its first progress report) must reject with AbortError; false for evaluators that finish synchronously. */
  readonly abortsDuring: boolean;
  /** Releases what `make` made (a supernet's weights). */
  readonly close?: () => void;
  /** Timeout of each test, ms. @defaultValue 60000 */
  readonly timeoutMs?: number;
}

/** Checks the documented shape of an {@link EvaluationResult}. */
export function expectValidResult(result: EvaluationResult): void {
  expect(typeof result.accuracy).toBe('number');
  expect(result.accuracy >= 0 && result.accuracy <= 1).toBe(true);
  if (result.loss !== undefined) expect(Number.isFinite(result.loss)).toBe(true);
  for (const count of [result.steps, result.epochs]) if (count !== undefined) expect(count >= 0 && Number.isFinite(count)).toBe(true);
  if (result.wallMs !== undefined) expect(result.wallMs >= 0 && Number.isFinite(result.wallMs)).toBe(true);
  for (const value of Object.values(result.extra ?? {})) expect(['number', 'string', 'boolean']).toContain(typeof value);
}

/** Evaluates `value` and checks that it leaves as many tensors as it found. */
async function evaluateNoLeak<T>(evaluator: AccuracyEvaluator<T>, value: T, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const before = tf.memory().numTensors;
  try {
    return await evaluator.evaluate(value, options);
  } finally {
    expect(tf.memory().numTensors).toBe(before);
  }
}

/** The rejection of `run()`, which must return a promise (a synchronous throw fails the test). */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  const promise = run();
  expect(promise).toBeInstanceOf(Promise);
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** The evaluator contract for one evaluator. Call inside a file that has set an active tfjs backend. */
export function describeEvaluatorContract<T>(
  name: string,
  make: () => AccuracyEvaluator<T> | Promise<AccuracyEvaluator<T>>,
  o: EvaluatorContractOptions<T>,
): void {
  const timeout = o.timeoutMs ?? 60_000;
  describe(`evaluator contract: ${name}`, () => {
    let evaluator: AccuracyEvaluator<T>;
    beforeAll(async () => {
      evaluator = await make();
    }, timeout);
    afterAll(() => o.close?.());

    it(
      'resolves to an accuracy in [0, 1], reports progress as fractions in [0, 1] that never go back, and leaves no tensor',
      async () => {
        expect(o.valid().length).toBeGreaterThan(0);
        for (const value of o.valid()) {
          const progress: EvaluationProgress[] = [];
          expectValidResult(await evaluateNoLeak(evaluator, value, { onProgress: (p) => progress.push(p) }));
          progress.forEach((p, i) => {
            expect(p.fraction >= 0 && p.fraction <= 1).toBe(true);
            if (i > 0) expect(p.fraction).toBeGreaterThanOrEqual((progress[i - 1] as EvaluationProgress).fraction);
            if (p.accuracy !== undefined) expect(p.accuracy >= 0 && p.accuracy <= 1).toBe(true);
          });
        }
      },
      timeout,
    );

    it.runIf(o.deterministic)(
      'gives the same result for the same value',
      async () => {
        const value = o.valid()[0] as T;
        const a = await evaluator.evaluate(value);
        const b = await evaluator.evaluate(value);
        expect([b.accuracy, b.loss, b.steps]).toEqual([a.accuracy, a.loss, a.steps]);
      },
      timeout,
    );

    it('rejects an already-aborted signal with AbortError, leaving no tensor', async () => {
      const before = tf.memory().numTensors;
      const error = await rejection(() => evaluator.evaluate(o.valid()[0] as T, { signal: AbortSignal.abort() }));
      expect(error).toBeInstanceOf(AbortError);
      expect(tf.memory().numTensors).toBe(before);
    });

    it.runIf(o.abortsDuring)(
      'rejects with AbortError when aborted during the evaluation, leaving no tensor, and keeps working',
      async () => {
        const value = o.valid()[0] as T;
        const controller = new AbortController();
        const before = tf.memory().numTensors;
        const error = await rejection(() => evaluator.evaluate(value, { signal: controller.signal, onProgress: () => controller.abort() }));
        expect(error).toBeInstanceOf(AbortError);
        expect(tf.memory().numTensors).toBe(before);
        expectValidResult(await evaluateNoLeak(evaluator, value));
      },
      timeout,
    );

    for (const bad of o.invalid) {
      it(`rejects ${bad.name} with a typed MnasError, leaving no tensor`, async () => {
        const before = tf.memory().numTensors;
        const error = await rejection(() => evaluator.evaluate(bad.value() as T));
        expect(error).toBeInstanceOf(MnasError);
        expect(typeof (error as MnasError).code).toBe('string');
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  });
}
