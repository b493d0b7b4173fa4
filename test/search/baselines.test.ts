import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionsError, JournalError, dominatedBaselines, readJournal, search } from '../../src/index.js';
import type { BaselineResult, Outcome, SearchOptions, Trial } from '../../src/index.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-baselines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

/** Values outside the toy space's "a-b-c-d" keys, so a tell of one would show. */
const BASELINES = [
  { name: 'hand-a', value: 'base-a' },
  { name: 'hand-b', value: 'base-b' },
  { name: 'hand-c', value: 'base-c' },
];

/** A ToyController that records every id it is told, and the ids it proposed. */
class SpyController extends ToyController {
  readonly askedIds = new Set<string>();
  readonly toldIds: string[] = [];
  override ask() {
    const p = super.ask();
    this.askedIds.add(p.id);
    return p;
  }
  override tell(id: string, outcome: Outcome): void {
    this.toldIds.push(id);
    super.tell(id, outcome);
  }
}

function options(extra: Partial<SearchOptions<string>> = {}) {
  const space = toySpace();
  const controller = new SpyController(space, 5);
  const evaluator = toyEvaluator();
  const o: SearchOptions<string> = { space, controller, evaluator, measurer: toyMeasurer(), targetMs: 10, budget: { trials: 8 }, ...extra };
  return { o, controller, evaluator };
}

const summary = (trials: readonly Trial<string>[]): unknown[] => trials.map((t) => [t.index, t.id, t.tokens, t.reward]);

describe('search baselines', () => {
  it('scores baselines with the same evaluator and measurer, journals them, and never tells the controller', async () => {
    const journal = journalPath();
    const seen: string[] = [];
    const { o, controller, evaluator } = options({ journal, baselines: BASELINES, onBaseline: (b) => seen.push(b.baseline) });
    const result = await search(o);
    expect(result.baselines.map((b) => [b.baseline, b.value, b.status])).toEqual([
      ['hand-a', 'base-a', 'ok'],
      ['hand-b', 'base-b', 'ok'],
      ['hand-c', 'base-c', 'ok'],
    ]);
    expect(seen).toEqual(['hand-a', 'hand-b', 'hand-c']);
    for (const b of result.baselines) expect(b.accuracy).toBe((await toyEvaluator().evaluate(b.value)).accuracy);
    expect(evaluator.calls.slice(0, 3)).toEqual(['base-a', 'base-b', 'base-c']);
    // Not counted against the budget, never told, never best nor on the front.
    expect(result.trials).toHaveLength(8);
    expect(controller.toldIds).toHaveLength(8);
    expect(controller.toldIds.every((id) => controller.askedIds.has(id))).toBe(true);
    const values = new Set(BASELINES.map((b) => b.value));
    expect(values.has(result.best?.value as string)).toBe(false);
    expect(result.paretoFront.some((t) => values.has(t.value))).toBe(false);
    // The search itself is the one it would be without baselines.
    const plain = await search(options().o);
    expect(summary(result.trials)).toEqual(summary(plain.trials));
    // Journaled with their marker.
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'baseline').map((l) => l.baseline)).toEqual(['hand-a', 'hand-b', 'hand-c']);
    const contents = await readJournal<string>(journal);
    expect(contents.baselines).toEqual(result.baselines);
    expect(contents.trials).toHaveLength(8);
  });

  it('starts the wall-time budget after the baselines: baselines slower than the budget leave the trials their budget', async () => {
    const { o } = options({ budget: { trials: 3, wallTimeMs: 20 } });
    // Only the baselines are slow; the trials after them are instant, so the budget's clock cannot pass before the first ask.
    const slowBaselines = {
      async evaluate(value: string) {
        if (value.startsWith('base-')) await new Promise((resolve) => setTimeout(resolve, 60));
        return o.evaluator!.evaluate(value);
      },
    };
    const result = await search({ ...o, evaluator: slowBaselines, baselines: BASELINES });
    expect(result.baselines).toHaveLength(3);
    expect(result.trials.length).toBeGreaterThanOrEqual(1);
  });

  it('does not run journaled baselines again on resume, and runs the missing ones', async () => {
    const journal = journalPath();
    const controller = new AbortController();
    const first = options({
      journal,
      baselines: BASELINES,
      signal: controller.signal,
      onBaseline: (b) => {
        if (b.baseline === 'hand-b') controller.abort(new Error('stop'));
      },
    });
    await expect(search(first.o)).rejects.toBeInstanceOf(AbortError);
    expect((await readJournal<string>(journal)).baselines.map((b) => b.baseline)).toEqual(['hand-a', 'hand-b']);

    const second = options({ journal, resume: true, baselines: BASELINES });
    const resumed = await search(second.o);
    expect(second.evaluator.calls.filter((k) => k.startsWith('base-'))).toEqual(['base-c']);
    expect(resumed.baselines.map((b) => b.baseline)).toEqual(['hand-a', 'hand-b', 'hand-c']);
    expect(second.controller.toldIds.every((id) => second.controller.askedIds.has(id))).toBe(true);

    const third = options({ journal, resume: true, baselines: BASELINES, budget: { trials: 10 } });
    const again = await search(third.o);
    expect(third.evaluator.calls.some((k) => k.startsWith('base-'))).toBe(false);
    expect(again.baselines).toEqual(resumed.baselines);
    expect(again.trials).toHaveLength(10);
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'baseline')).toHaveLength(3);
  });

  it('refuses bad baselines with an InvalidOptionsError naming the field', async () => {
    const cases: [unknown, string][] = [
      ['x', 'baselines: expected an array of { name, value }'],
      [[{ name: '', value: 'a' }], 'baselines[0].name: expected a non-empty name'],
      [
        [
          { name: 'a', value: 'a' },
          { name: 'a', value: 'b' },
        ],
        'baselines[1].name: expected a name not used by another baseline',
      ],
      [[{ name: 'a' }], 'baselines[0].value: expected the network to score'],
      [[{ name: 'a', value: 'a', width: 1 }], 'baselines[0].width: expected a known key (name, value)'],
    ];
    for (const [baselines, message] of cases) {
      const error = await search(options({ baselines: baselines as never }).o).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect((error as Error).message).toContain(`Invalid search option at ${message}`);
    }
  });

  it('refuses a journal baseline line with a bad field, naming the line and the field', async () => {
    const journal = journalPath();
    await search(options({ journal, baselines: BASELINES.slice(0, 1), budget: { trials: 1 } }).o);
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    const bad = { ...JSON.parse(lines[1] as string), accuracy: 'high' };
    writeFileSync(journal, `${[lines[0], JSON.stringify(bad), ...lines.slice(2)].join('\n')}\n`);
    const error = await readJournal(journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toBe(
      'Invalid journal baseline at line 2, field accuracy: expected a number in [0, 1], received "high"',
    );
  });
});

describe('dominatedBaselines', () => {
  const point = (accuracy: number, latencyMs: number) => ({ status: 'ok', accuracy, latencyMs }) as Trial<string>;
  const base = (baseline: string, accuracy: number, latencyMs: number) =>
    ({ baseline, status: 'ok', accuracy, latencyMs }) as BaselineResult<string>;
  it('names the baselines some front point beats at equal or lower latency', () => {
    const front = [point(0.8, 2), point(0.9, 5)];
    const baselines = [base('slow', 0.85, 6), base('equal', 0.9, 5), base('fast', 0.7, 1), base('tie-latency', 0.79, 2)];
    expect(dominatedBaselines(baselines, front)).toEqual(['slow', 'tie-latency']);
  });
});
