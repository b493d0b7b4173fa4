import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../src/errors.js';
import { type Fail, type Rule, failWith, finiteNumber, integer, oneOf } from '../src/validate.js';
import { anyOf, arrayOf, fields, parseField, text } from '../src/validate-fields.js';
import { thrown } from './space/thrown.js';

const fail: Fail = failWith(InvalidOptionsError, 'option');

/** The InvalidOptionsError `fn` throws (fails the test when it throws none or another). */
function refusal(fn: () => unknown): InvalidOptionsError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvalidOptionsError);
  return error as InvalidOptionsError;
}

const training = fields({
  steps: integer(1, 100),
  optimizer: oneOf(['sgd', 'adam']),
  schedule: fields({ warmup: finiteNumber({ min: 0 }) }),
  names: arrayOf(text({ minLength: 1, maxLength: 3 }), 2),
});

describe('fields', () => {
  it('returns a copy of the defined fields in the table order; an unknown key is refused even when undefined', () => {
    const input = { names: ['a'], optimizer: 'adam', steps: 5, schedule: { warmup: 0.5 }, optimizerState: undefined };
    expect(refusal(() => training.parse(input, ['training'], fail)).path).toEqual(['training', 'optimizerState']);
    const { optimizerState: _, ...known } = input;
    const out = training.parse({ ...known, optimizer: 'adam' }, ['training'], fail);
    expect(out).toEqual({ steps: 5, optimizer: 'adam', schedule: { warmup: 0.5 }, names: ['a'] });
    expect(Object.keys(out)).toEqual(['steps', 'optimizer', 'schedule', 'names']);
    expect(out.names).not.toBe(known.names);
    expect(training.parse({ steps: undefined }, [], fail)).toEqual({});
  });

  it('refuses a misspelt key at its path, naming the known ones', () => {
    const e = refusal(() => training.parse({ step: 5 }, ['training'], fail));
    expect(e.path).toEqual(['training', 'step']);
    expect(e.expected).toBe('a known key (steps, optimizer, schedule, names)');
    expect(e.received).toBe(5);
    expect(e.message).toBe('Invalid option at training.step: expected a known key (steps, optimizer, schedule, names), received 5');
  });

  it('reports a bad field, a bad nested field and a bad item at their paths, with the rule that refused them', () => {
    expect(refusal(() => training.parse({ steps: 0 }, [], fail))).toMatchObject({
      path: ['steps'],
      expected: 'an integer in [1, 100]',
      received: 0,
    });
    expect(refusal(() => training.parse({ schedule: { warmup: -1 } }, ['t'], fail))).toMatchObject({
      path: ['t', 'schedule', 'warmup'],
      expected: 'a finite number >= 0',
    });
    expect(refusal(() => training.parse({ schedule: { cooldown: 1 } }, [], fail)).path).toEqual(['schedule', 'cooldown']);
    expect(refusal(() => training.parse({ names: ['ab', ''] }, [], fail))).toMatchObject({
      path: ['names', 1],
      expected: 'a non-empty string of at most 3 characters',
      received: '',
    });
  });

  it('refuses what is not a plain object, with its own expectation', () => {
    for (const value of [null, [], 'steps', 3]) {
      expect(refusal(() => training.parse(value, ['training'], fail))).toMatchObject({ path: ['training'], expected: 'an object' });
    }
    expect(refusal(() => fields({}, 'an options object').parse([], [], fail)).expected).toBe('an options object');
  });

  it('reads only own keys: inherited names are neither fields nor unknown keys', () => {
    const table = fields({ constructor: integer(0), toString: integer(0) });
    expect(table.parse({}, [], fail)).toEqual({});
    const parsed = JSON.parse('{"__proto__": 1}') as unknown;
    expect(refusal(() => table.parse(parsed, [], fail)).path).toEqual(['__proto__']);
    const own = fields({ ['__proto__']: integer(0) }).parse(parsed, [], fail);
    expect(Object.hasOwn(own, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
  });
});

describe('arrayOf', () => {
  it('says its bound and its items, and refuses a longer array or a non-array at the array', () => {
    const names = arrayOf(text({ maxLength: 100 }), 2);
    expect(names.expected).toBe('an array of at most 2 items, each a string of at most 100 characters');
    expect(names.parse([], [], fail)).toEqual([]);
    expect(refusal(() => names.parse(['a', 'b', 'c'], ['names'], fail)).path).toEqual(['names']);
    expect(refusal(() => names.parse('a', ['names'], fail)).path).toEqual(['names']);
  });
});

describe('anyOf', () => {
  const baselines = anyOf(text({ maxLength: 10 }), arrayOf(text({ maxLength: 3 }), 2));

  it('checks the value by the first form that takes it', () => {
    expect(baselines.parse('a,b', [], fail)).toBe('a,b');
    expect(baselines.parse(['ab'], [], fail)).toEqual(['ab']);
  });

  it('says every form when none takes the value', () => {
    expect(baselines.expected).toBe(
      'a string of at most 10 characters or an array of at most 2 items, each a string of at most 3 characters',
    );
    expect(anyOf(integer(0), oneOf(['x']), text()).expected).toBe("an integer >= 0, one of 'x' or a string");
    expect(refusal(() => baselines.parse(['abcd'], ['baselines'], fail))).toMatchObject({ path: ['baselines'], received: ['abcd'] });
  });

  it('lets errors other than a refusal through', () => {
    const throwing = {
      expected: 'a thrower',
      parse: (): never => {
        throw new RangeError('bug');
      },
    };
    expect(() => anyOf(throwing, integer(0)).parse(1, [], fail)).toThrow(RangeError);
  });
});

describe('text', () => {
  it('says its bounds and tests length and pattern', () => {
    expect(text().expected).toBe('a string');
    expect(text({ minLength: 1 }).expected).toBe('a non-empty string');
    expect(text({ minLength: 1, maxLength: 4096 }).expected).toBe('a non-empty string of at most 4096 characters');
    expect(text({ minLength: 2, maxLength: 5 }).expected).toBe('a string of at least 2 characters and of at most 5 characters');
    expect(text({ pattern: /^a+$/ }).expected).toBe('a string matching /^a+$/');
    const fingerprint = text({ pattern: /^sha256:[0-9a-f]{16}$/ }, 'sha256: and 16 hex digits');
    expect(fingerprint.expected).toBe('sha256: and 16 hex digits');
    expect(fingerprint.test('sha256:0123456789abcdef')).toBe(true);
    expect(['sha256:0123', 'sha256:0123456789ABCDEF', 5, null].some(fingerprint.test)).toBe(false);
    expect(['', 'abcdef', 3].some(text({ minLength: 1, maxLength: 5 }).test)).toBe(false);
  });
});

describe('parseField', () => {
  it('checks a Rule with check and a Shape with its parse', () => {
    expect(parseField(integer(0), 3, [], fail)).toBe(3);
    expect(refusal(() => parseField(integer(0), -1, ['n'], fail)).path).toEqual(['n']);
    expect(parseField(fields({ n: integer(0) }), { n: 1 }, [], fail)).toEqual({ n: 1 });
  });
});

/** Leaf rules of the property tests. */
const RULES: readonly Rule<unknown>[] = [integer(0, 10), oneOf(['a', 'b']), text({ maxLength: 3 }), finiteNumber({ min: -1, max: 1 })];
const KEYS = ['a', 'b', 'c', 'constructor'] as const;
const tableArb = fc
  .dictionary(fc.constantFrom(...KEYS), fc.nat(RULES.length - 1), { minKeys: 1 })
  .map((picks) => Object.fromEntries(Object.entries(picks).map(([key, i]) => [key, RULES[i] as Rule<unknown>])));
const valueArb = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom('a', 'b', 'abcd', '', null, undefined, 0.5, true), fc.double());
const inputArb = fc.dictionary(fc.constantFrom(...KEYS, 'd', '__proto__', 'toString'), valueArb, { maxKeys: 5 });

describe('fields (properties)', () => {
  it('accepts an object exactly when every own key is known and every defined value passes its rule, and returns those values', () => {
    fc.assert(
      fc.property(tableArb, inputArb, (table, input) => {
        const known = Object.keys(table);
        const defined = Object.entries(input).filter(([, v]) => v !== undefined);
        const valid = Object.keys(input).every((k) => known.includes(k)) && defined.every(([k, v]) => (table[k] as Rule<unknown>).test(v));
        let out: unknown;
        let error: unknown;
        try {
          out = fields(table).parse(input, ['o'], fail);
        } catch (e) {
          error = e;
        }
        expect(error === undefined).toBe(valid);
        if (valid) expect(out).toEqual(Object.fromEntries(defined.filter(([k]) => known.includes(k))));
        else {
          const e = error as InvalidOptionsError;
          expect(e).toBeInstanceOf(InvalidOptionsError);
          const key = e.path[1] as string;
          expect(e.path).toEqual(['o', key]);
          expect(e.received).toBe(input[key]);
          if (known.includes(key)) expect(e.expected).toBe((table[key] as Rule<unknown>).expected);
          else expect(e.expected).toBe(`a known key (${known.join(', ')})`);
        }
      }),
      { seed: 29, numRuns: 300 },
    );
  });

  it('is idempotent: what it returns, it accepts and returns equal', () => {
    fc.assert(
      fc.property(tableArb, inputArb, (table, input) => {
        const shape = fields(table);
        let out: unknown;
        try {
          out = shape.parse(input, [], fail);
        } catch {
          return;
        }
        expect(shape.parse(out, [], fail)).toEqual(out);
      }),
      { seed: 2901, numRuns: 300 },
    );
  });
});

describe('arrayOf and anyOf (properties)', () => {
  it('arrayOf accepts exactly the short arrays of good items and reports the first bad item at its index', () => {
    const rule = integer(0, 10);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 13 }), { maxLength: 6 }), fc.nat(5), (items, max) => {
        const shape = arrayOf(rule, max);
        const bad = items.findIndex((v) => !rule.test(v));
        if (items.length > max) expect(refusal(() => shape.parse(items, ['xs'], fail)).path).toEqual(['xs']);
        else if (bad >= 0) expect(refusal(() => shape.parse(items, ['xs'], fail)).path).toEqual(['xs', bad]);
        else expect(shape.parse(items, ['xs'], fail)).toEqual(items);
      }),
      { seed: 2902, numRuns: 300 },
    );
  });

  it('anyOf accepts exactly what one of its forms accepts', () => {
    const forms = [integer(0, 10), text({ maxLength: 2 }), arrayOf(integer(0, 1), 2)] as const;
    const shape = anyOf(...forms);
    fc.assert(
      fc.property(fc.oneof(valueArb, fc.array(fc.integer({ min: -1, max: 2 }), { maxLength: 3 })), (value) => {
        const ok = [
          forms[0].test(value),
          forms[1].test(value),
          Array.isArray(value) && value.length <= 2 && value.every(forms[0].test) && value.every((v) => v === 0 || v === 1),
        ].some(Boolean);
        if (ok) expect(shape.parse(value, [], fail)).toEqual(value);
        else expect(refusal(() => shape.parse(value, ['v'], fail)).path).toEqual(['v']);
      }),
      { seed: 2903, numRuns: 300 },
    );
  });
});
