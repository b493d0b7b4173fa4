/**
 * A search with an LSTM policy controller resumed from its journal's
 * snapshot: the snapshot of calls (the default) and the snapshot that holds
 * weights (what journals written before snapshots of calls hold).
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PpoController, search, type PolicyControllerOptions, type SearchOptions, type Trial } from '../../src/index.js';
import { toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-policy-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const space = toySpace();
const POLICY: PolicyControllerOptions = { seed: 3, hiddenSize: 16, batchSize: 4 };

function options(controller: PpoController, trials: number, journal?: string): SearchOptions<string> {
  return {
    space,
    controller,
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials },
    ...(journal === undefined ? {} : { journal, resume: true }),
  };
}

const summary = (trials: readonly Trial<string>[]): unknown[] => trials.map((t) => [t.index, t.tokens, t.status, t.reward]);

describe('search() with PpoController, resumed', () => {
  it('from its snapshot of calls, or from a snapshot that holds weights, ends as an uninterrupted run', async () => {
    const reference = await search(options(new PpoController(space, POLICY), 30));
    for (const snapshotForm of ['calls', 'weights'] as const) {
      const journal = join(dir, `${snapshotForm}.jsonl`);
      await search(options(new PpoController(space, { ...POLICY, snapshotForm }), 14, journal));
      const saved = JSON.parse(readFileSync(`${journal}.snapshot.json`, 'utf8')) as { told: number; controller: { state: object } };
      expect(saved.told).toBe(14);
      expect(Object.keys(saved.controller.state)).toContain(snapshotForm === 'calls' ? 'log' : 'policy');
      // Resumed by a controller that writes calls (the default), as an upgraded program would;
      // no warning: the snapshot was restored, not refused and the journal replayed from the start.
      const warnings: string[] = [];
      const resumed = await search({ ...options(new PpoController(space, POLICY), 30, journal), onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      expect(resumed.resumedTrials).toBe(14);
      expect(summary(resumed.trials)).toEqual(summary(reference.trials));
    }
  });

  it('without its snapshot, from a journal started by a controller that wrote weights (as every journal before snapshots of calls), by replaying the journal', async () => {
    const reference = await search(options(new PpoController(space, POLICY), 30));
    const journal = join(dir, 'weights-no-snapshot.jsonl');
    await search(options(new PpoController(space, { ...POLICY, snapshotForm: 'weights' }), 14, journal));
    unlinkSync(`${journal}.snapshot.json`);
    const resumed = await search(options(new PpoController(space, POLICY), 30, journal));
    expect(resumed.resumedTrials).toBe(14);
    expect(summary(resumed.trials)).toEqual(summary(reference.trials));
  });

  it('without its snapshot, refuses a journal started by a controller with other options', async () => {
    const journal = join(dir, 'other-options.jsonl');
    await search(options(new PpoController(space, { ...POLICY, snapshotForm: 'weights' }), 6, journal));
    unlinkSync(`${journal}.snapshot.json`);
    await expect(search(options(new PpoController(space, { ...POLICY, seed: 4 }), 10, journal))).rejects.toThrow(
      'the controller differs from the one it was started with',
    );
  });
});
