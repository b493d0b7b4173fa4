import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, search } from '../../src/index.js';
import type { Execution, ExecutionRequest, TrialExecutor } from '../../src/search/index.js';
import { ToyController, hash01, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-executor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executor that answers from hashes of the value and records every request. */
function fakeExecutor(
  answer?: (r: ExecutionRequest<string>) => Execution,
): TrialExecutor<string> & { requests: ExecutionRequest<string>[] } {
  const requests: ExecutionRequest<string>[] = [];
  return {
    measures: true,
    requests,
    async execute(request) {
      requests.push(request);
      return (
        answer?.(request) ?? {
          evaluation: { accuracy: hash01(request.value) },
          latency: { medianMs: 5 + 10 * hash01(request.value, 1), samplesMs: [], platform: { name: 'fake', backend: 'fake' } } as never,
        }
      );
    },
  };
}

describe('search executor', () => {
  it('hands every value to the executor with a run id and a stable key, and rewards in the search', async () => {
    const space = toySpace();
    const executor = fakeExecutor();
    const journal = join(dir, 'a.jsonl');
    const result = await search({
      space,
      controller: new ToyController(space, 3),
      executor,
      targetMs: 10,
      budget: { trials: 6 },
      journal,
      baselines: [{ name: 'hand', value: 'base' }],
    });
    expect(result.trials).toHaveLength(6);
    expect(executor.requests.map((r) => r.key)).toEqual(['baseline-hand', ...[0, 1, 2, 3, 4, 5].map((i) => `trial-${i}`)]);
    expect(executor.requests.slice(1).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(executor.requests[0]?.index).toBeUndefined();
    const runs = new Set(executor.requests.map((r) => r.run));
    expect(runs.size).toBe(1);
    expect([...runs][0]).toMatch(/^[0-9a-f]{16}$/); // the journal's fingerprint
    for (const t of result.trials) {
      expect(t.status).toBe('ok');
      const expected = (t.accuracy as number) * ((t.latencyMs as number) / 10) ** -0.07;
      expect(t.reward).toBeCloseTo(expected, 12);
    }
  });

  it('keeps the same run id when the search is resumed', async () => {
    const space = toySpace();
    const journal = join(dir, 'b.jsonl');
    const first = fakeExecutor();
    await search({ space, controller: new ToyController(space, 3), executor: first, targetMs: 10, budget: { trials: 3 }, journal });
    const second = fakeExecutor();
    await search({
      space,
      controller: new ToyController(space, 3),
      executor: second,
      targetMs: 10,
      budget: { trials: 5 },
      journal,
      resume: true,
    });
    expect(second.requests.map((r) => r.key)).toEqual(['trial-3', 'trial-4']);
    expect(second.requests[0]?.run).toBe(first.requests[0]?.run);
  });

  it('turns a failed stage into a failed trial that keeps what was found before it', async () => {
    const space = toySpace();
    const latency = { medianMs: 7, samplesMs: [], platform: { name: 'fake', backend: 'fake' } } as never;
    const executor = fakeExecutor((r) =>
      r.index === 1
        ? { failure: { stage: 'measure', message: 'Error: the phone is gone' } }
        : r.index === 2
          ? { latency, failure: { stage: 'evaluate', message: 'Error: out of memory' } }
          : { latency, evaluation: { accuracy: 0.5 } },
    );
    const result = await search({ space, controller: new ToyController(space, 3), executor, targetMs: 10, budget: { trials: 3 } });
    expect(result.trials.map((t) => [t.status, t.error, t.latencyMs])).toEqual([
      ['ok', undefined, 7],
      ['failed', 'measure: Error: the phone is gone', undefined],
      ['failed', 'evaluate: Error: out of memory', 7],
    ]);
  });

  it('fails a trial whose executor throws, or returns no latency when it says it measures', async () => {
    const space = toySpace();
    let calls = 0;
    const executor: TrialExecutor<string> = {
      measures: true,
      async execute() {
        calls++;
        if (calls === 1) throw new Error('connection refused');
        return { evaluation: { accuracy: 0.5 } };
      },
    };
    const result = await search({ space, controller: new ToyController(space, 3), executor, targetMs: 10, budget: { trials: 2 } });
    expect(result.trials.map((t) => t.error)).toEqual([
      'execute: Error: connection refused',
      'measure: the executor returned no latency report',
    ]);
  });

  it('refuses an executor beside an evaluator, a measurer or a pruner, and one that is not a TrialExecutor', async () => {
    const space = toySpace();
    const controller = new ToyController(space, 3);
    const executor = fakeExecutor();
    const base = { space, controller, targetMs: 10 };
    await expect(search({ ...base, executor, evaluator: toyEvaluator() })).rejects.toThrow(
      /evaluator: expected nothing beside an executor/,
    );
    await expect(search({ ...base, executor, measurer: toyMeasurer() })).rejects.toThrow(/measurer: expected nothing beside an executor/);
    await expect(search({ ...base, executor: { execute: () => undefined } as never })).rejects.toThrow(InvalidOptionsError);
    await expect(search({ ...base, executor: { ...executor, measures: false } })).rejects.toThrow(
      /executor: expected a measurer: the default reward needs latency/,
    );
  });
});
