import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidBlockStringError } from '../../src/errors.js';
import { formatBlock, parseBlock, parseBlocks } from '../../src/space/block-string.js';
import { blockIssues } from '../../src/space/validate.js';
import { LIMITS } from '../../src/validate.js';
import { fuzzParams, fuzzTimeout, valueOrMnasError } from './settings.js';

const RUNS = 2000;

/** Strings built from the grammar's own pieces, so that most get past the tokenizer. */
const pieceArb = fc.oneof(
  fc.constantFrom(
    'ir',
    'ds',
    'cn',
    'xx',
    'constructor',
    'noskip',
    'skip',
    'pool',
    'se0.25',
    'se',
    'se1e9',
    's22',
    's12',
    'k',
    'c',
    '',
    '__',
  ),
  fc
    .tuple(
      fc.constantFrom('r', 'k', 's', 'e', 'i', 'o', 'c', 'se', 'z'),
      fc.oneof(
        fc.nat({ max: 40 }).map(String),
        fc.constantFrom('0', '1025', '4097', '1e12', '9007199254740993', '99999999999999999999999', '3.5', '.5', '-1', '0x10'),
      ),
    )
    .map(([k, v]) => k + v),
);
const blockStringArb = fc.oneof(
  fc.array(pieceArb, { maxLength: 10 }).map((p) => p.join('_')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

function checkParse(s: string): void {
  const r = valueOrMnasError(() => parseBlock(s));
  if (!r.ok) {
    expect(r.error).toBeInstanceOf(InvalidBlockStringError);
    return;
  }
  const { inputFilters, ...spec } = r.value;
  expect(blockIssues(spec, [])).toEqual([]);
  if (inputFilters !== undefined) expect(inputFilters).toBeLessThanOrEqual(LIMITS.filters);
  // A parsed block writes back to a string that parses to the same block.
  const style = inputFilters === undefined ? 'timm' : 'tf';
  expect(parseBlock(formatBlock(r.value, { style }))).toEqual(style === 'timm' ? spec : r.value);
}

describe('parseBlock (fuzz)', () => {
  it(
    'returns a valid block or throws InvalidBlockStringError, for grammar-shaped and arbitrary strings',
    () => {
      fc.assert(fc.property(blockStringArb, checkParse), fuzzParams(RUNS));
    },
    fuzzTimeout(RUNS),
  );

  it(
    'rejects any non-string input with InvalidBlockStringError',
    () => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true, withBigInt: true }), (v) => {
          if (typeof v === 'string') return;
          expect(() => parseBlock(v as string)).toThrow(InvalidBlockStringError);
        }),
        fuzzParams(RUNS / 4),
      );
    },
    fuzzTimeout(RUNS / 4),
  );

  it('rejects a string past LIMITS.blockStringLength before parsing it', () => {
    const long = `ir_r1_k3_s1_e6_c16${'_se0.25'.repeat(200)}`;
    const e = valueOrMnasError(() => parseBlock(long));
    expect(e.ok).toBe(false);
    if (e.ok) return;
    expect(e.error).toBeInstanceOf(InvalidBlockStringError);
    expect(e.error.expected).toBe(`a string of at most ${LIMITS.blockStringLength} characters`);
  });

  it(
    'parseBlocks returns valid blocks or throws InvalidBlockStringError whose path starts with the index',
    () => {
      fc.assert(
        fc.property(fc.array(blockStringArb, { maxLength: 5 }), (list) => {
          const r = valueOrMnasError(() => parseBlocks(list));
          if (r.ok) expect(r.value).toHaveLength(list.length);
          else {
            expect(r.error).toBeInstanceOf(InvalidBlockStringError);
            expect(typeof r.error.path[0]).toBe('number');
          }
        }),
        fuzzParams(RUNS / 4),
      );
    },
    fuzzTimeout(RUNS / 4),
  );
});
