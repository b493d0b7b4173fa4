import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomController } from '../../src/controller/random-controller.js';
import { MnasError } from '../../src/errors.js';
import { search } from '../../src/search/index.js';
import { readJournal } from '../../src/search/journal.js';
import { defineSpace } from '../../src/space/define-space.js';
import { HOSTILE_NUMBERS, fuzzParams, fuzzTimeout } from './settings.js';

const RUNS = 300;
const dir = mkdtempSync(join(tmpdir(), 'mnas-fuzz-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const space = defineSpace({
  decisions: [
    { name: 'a', size: 4 },
    { name: 'b', size: 3 },
  ],
  decode: ([a, b]) => `${a}${b}`,
  encode: (s) => [Number(s[0]), Number(s[1])],
});

/** The lines of a real journal of a small search: a header and 6 trials. */
let lines: string[] = [];
beforeAll(async () => {
  const journal = join(dir, 'seed.jsonl');
  await search({
    space,
    controller: new RandomController(space, { seed: 1 }),
    evaluator: { evaluate: async (s: string) => ({ accuracy: (Number(s) % 10) / 10 }) },
    measurer: { measure: async (s: string) => ({ medianMs: 1 + Number(s), samplesMs: [1], platform: { name: 'fake' } }) } as never,
    targetMs: 10,
    budget: { trials: 6 },
    journal,
  });
  lines = readFileSync(journal, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
});

type Edit =
  | { kind: 'drop' | 'duplicate'; line: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'set'; line: number; key: number; value: unknown }
  | { kind: 'replace'; line: number; text: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('set' as const),
    line: fc.nat(),
    key: fc.nat(),
    value: fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('__proto__', 'trial', 'header')),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    line: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    ),
  }),
);

/** Applies edits to the journal's lines: field values replaced at any depth, lines dropped, doubled, replaced, the file cut. */
function edited(edits: readonly Edit[]): string {
  const out = [...lines];
  for (const e of edits) {
    if (out.length === 0) break;
    if (e.kind === 'truncate') continue;
    const i = e.line % out.length;
    if (e.kind === 'drop') out.splice(i, 1);
    else if (e.kind === 'duplicate') out.splice(i, 0, out[i] as string);
    else if (e.kind === 'replace') out[i] = e.text;
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(out[i] as string);
      } catch {
        continue;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) continue;
      const obj = parsed as Record<string, unknown>;
      const { key: k, value } = e as Extract<Edit, { kind: 'set' }>;
      const keys = Object.keys(obj);
      const key = keys[k % keys.length] as string;
      const inner = obj[key];
      // Reach one level down into nested objects too (the trial's metrics, proposal, value).
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner) && k % 2 === 1) {
        const innerKeys = Object.keys(inner);
        if (innerKeys.length > 0) (inner as Record<string, unknown>)[innerKeys[k % innerKeys.length] as string] = value;
      } else obj[key] = value;
      out[i] = JSON.stringify(obj);
    }
  }
  let text = out.map((l) => `${l}\n`).join('');
  const cut = edits.find((e): e is Extract<Edit, { kind: 'truncate' }> => e.kind === 'truncate');
  if (cut !== undefined) text = text.slice(0, cut.at % (text.length + 1));
  return text;
}

describe('readJournal (fuzz)', () => {
  it(
    'reads an edited journal into trials or rejects with an MnasError, never another exception',
    async () => {
      expect(lines.length).toBe(7);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 4 }), async (edits) => {
          const file = join(dir, `j${n++}.jsonl`);
          writeFileSync(file, edited(edits));
          const r = await readJournal<string>(file).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (!r.ok) {
            expect(r.error).toBeInstanceOf(MnasError);
            return;
          }
          expect(Array.isArray(r.value.trials)).toBe(true);
          const indices = r.value.trials.map((t) => t.index);
          expect(new Set(indices).size).toBe(indices.length);
        }),
        fuzzParams(RUNS),
      );
    },
    fuzzTimeout(RUNS, 200),
  );

  it(
    'rejects arbitrary bytes with an MnasError or reads them',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 120 }), async (bytes) => {
          const file = join(dir, `b${n++}.jsonl`);
          writeFileSync(file, bytes);
          const error = await readJournal(file).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error !== undefined) expect(error).toBeInstanceOf(MnasError);
        }),
        fuzzParams(RUNS / 3),
      );
    },
    fuzzTimeout(RUNS / 3, 200),
  );
});
