import { describe, expect, it } from 'vitest';
import { InvalidSpaceError, RewardInputError } from '../src/errors.js';
import {
  LIMITS,
  check,
  checkDecisions,
  checkKnownKeys,
  failWith,
  finiteNumber,
  formatBound,
  integer,
  oneOf,
  ownValue,
  positiveInt,
} from '../src/validate.js';
import { ControllerStateError } from '../src/errors.js';
import { RandomController } from '../src/controller/random-controller.js';
import { defineSpace } from '../src/space/define-space.js';
import { thrown } from './space/thrown.js';

describe('rules', () => {
  it('integer accepts safe integers in range and says what it expects', () => {
    const r = integer(1, 4096);
    expect(r.expected).toBe('an integer in [1, 4096]');
    expect([1, 4096].every(r.test)).toBe(true);
    expect([0, 4097, 1.5, Number.NaN, 2 ** 53, 1e12, '3', null].some(r.test)).toBe(false);
    expect(integer(0).expected).toBe('an integer >= 0');
    expect(integer(0).test(2 ** 53)).toBe(false);
    expect(positiveInt().expected).toBe('a positive integer');
  });

  it('finiteNumber and oneOf describe their bounds and values', () => {
    expect(finiteNumber({ min: 0, max: 1, exclusiveMax: true }).expected).toBe('a number in [0, 1)');
    expect(finiteNumber({ min: 0, exclusiveMin: true }).expected).toBe('a finite number > 0');
    expect(finiteNumber({ min: 0, max: 1 }).test(Infinity)).toBe(false);
    expect(oneOf(['relu', 'relu6']).expected).toBe("'relu' or 'relu6'");
    expect(oneOf(['a', 'b', 'c']).test('d')).toBe(false);
  });

  it('formatBound prints round large bounds as powers of ten', () => {
    expect(formatBound(1e8)).toBe('1e8');
    expect(formatBound(2.5e8)).toBe('2.5e8');
    expect(formatBound(100_000)).toBe('100000');
    expect(formatBound(2 ** 32)).toBe('4294967296');
  });

  it('ownValue ignores inherited properties', () => {
    const table: Record<string, number> = { a: 1 };
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(ownValue(table, key)).toBeUndefined();
    expect(ownValue(table, 'a')).toBe(1);
  });
});

describe('failWith and check', () => {
  it('throw the given class with the standard message and the path, expected and received fields', () => {
    const fail = failWith(RewardInputError, 'reward input');
    const e = thrown(() => check(integer(1, 10), 11, ['weights', 2], fail)) as RewardInputError;
    expect(e).toBeInstanceOf(RewardInputError);
    expect(e.message).toBe('Invalid reward input at weights[2]: expected an integer in [1, 10], received 11');
    expect(e.path).toEqual(['weights', 2]);
    expect(e.expected).toBe('an integer in [1, 10]');
    expect(e.received).toBe(11);
  });
});

describe('LIMITS', () => {
  it('is frozen and keeps ids and sizes within safe integers', () => {
    expect(Object.isFrozen(LIMITS)).toBe(true);
    for (const v of Object.values(LIMITS))
      expect(Number.isSafeInteger(v) || v === LIMITS.params || v === LIMITS.macs || v === LIMITS.activations).toBe(true);
    expect(LIMITS.trials).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});

describe('checkDecisions', () => {
  const fail = failWith(InvalidSpaceError, 'space');
  const bad: [string, unknown, (string | number)[]][] = [
    ['there are none', [], ['decisions']],
    ['there are too many', Array.from({ length: LIMITS.decisions + 1 }, (_, i) => ({ name: `d${i}`, size: 2 })), ['decisions']],
    ['one is not an object', [{ name: 'a', size: 2 }, 7], ['decisions', 1]],
    ['a name is empty', [{ name: '', size: 2 }], ['decisions', 0, 'name']],
    ['a name is not a string', [{ name: 3, size: 2 }], ['decisions', 0, 'name']],
    [
      'a name repeats',
      [
        { name: 'a', size: 2 },
        { name: 'a', size: 3 },
      ],
      ['decisions', 1, 'name'],
    ],
    ['a size is 0', [{ name: 'a', size: 0 }], ['decisions', 0, 'size']],
    ['a size is past LIMITS.decisionSize', [{ name: 'a', size: LIMITS.decisionSize + 1 }], ['decisions', 0, 'size']],
    ['a size is 2**53', [{ name: 'a', size: 2 ** 53 }], ['decisions', 0, 'size']],
  ];
  it.each(bad)('defineSpace and the controllers both reject decisions when %s', (_n, decisions, path) => {
    for (const f of [
      () => checkDecisions(decisions, fail),
      () => defineSpace({ decisions: decisions as never, decode: () => 0, encode: () => [] }),
      () => new RandomController({ decisions: decisions as never }),
    ]) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(InvalidSpaceError);
      expect((e as InvalidSpaceError).path).toEqual(path);
    }
  });

  it('returns frozen copies', () => {
    const input = [{ name: 'a', size: 2, extra: 1 }];
    const out = checkDecisions(input, fail);
    expect(out).toEqual([{ name: 'a', size: 2 }]);
    expect(Object.isFrozen(out) && Object.isFrozen(out[0])).toBe(true);
  });
});

describe('controller snapshots', () => {
  it('reject ids that are not safe integers', () => {
    const c = new RandomController({ decisions: [{ name: 'a', size: 2 }] });
    c.tell(c.ask().id, { reward: 1 });
    const snap = JSON.parse(JSON.stringify(c.snapshot())) as Record<string, unknown>;
    const e = thrown(() => c.restore({ ...snap, nextId: 2 ** 60 }));
    expect(e).toBeInstanceOf(ControllerStateError);
    expect((e as ControllerStateError).expected).toBe('a safe integer');
  });
});

describe('checkKnownKeys', () => {
  const fail = failWith(InvalidSpaceError, 'space');
  it('accepts known keys and refuses the first unknown one by its path', () => {
    expect(() => checkKnownKeys({ seed: 1, runs: 2 }, ['seed', 'runs'], [], fail)).not.toThrow();
    const e = thrown(() => checkKnownKeys({ seed: 1, sed: 3 }, ['seed', 'runs'], ['opts'], fail)) as InvalidSpaceError;
    expect(e).toBeInstanceOf(InvalidSpaceError);
    expect(e.path).toEqual(['opts', 'sed']);
    expect(e.expected).toBe('a known key (seed, runs)');
    expect(e.received).toBe(3);
  });
  it('ignores inherited keys', () => {
    expect(() => checkKnownKeys(Object.create({ inherited: 1 }) as Record<string, unknown>, [], [], fail)).not.toThrow();
  });
});

describe('checkKnownKeys with removed options', () => {
  const fail = failWith(InvalidSpaceError, 'space');
  it('names what to use instead of a removed key', () => {
    const e = thrown(() =>
      checkKnownKeys({ referenceMs: 20 }, ['baselineMs'], [], fail, { referenceMs: 'use baselineMs' }),
    ) as InvalidSpaceError;
    expect(e.path).toEqual(['referenceMs']);
    expect(e.expected).toBe('no referenceMs (removed: use baselineMs)');
    expect(e.received).toBe(20);
  });
  it('does not take an inherited name for a removed one', () => {
    const e = thrown(() => checkKnownKeys({ toString: 1 }, [], [], fail, { referenceMs: 'use baselineMs' })) as InvalidSpaceError;
    expect(e.expected).toBe('a known key ()');
  });
});
