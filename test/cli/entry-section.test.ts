import { describe, expect, it } from 'vitest';
import { BY_ENTRY, atMost, atSectionField, entrySection } from '../../src/cli/entry-section.js';
import { InvalidArchitectureError, InvalidConfigError, InvalidOptionsError } from '../../src/index.js';
import { failWith, integer } from '../../src/validate.js';
import { thrown } from '../space/thrown.js';

const fail = failWith(InvalidConfigError, 'config field');

/** An entry's check: `runs` an integer >= 1, and `runs` >= `window`, a check without `expected`. */
function check(section: Readonly<Record<string, unknown>>): void {
  const { runs = 1, window = 1 } = section as { runs?: unknown; window?: number };
  if (!integer(1).test(runs)) throw new InvalidOptionsError('bad runs', { path: ['runs'], expected: 'an integer >= 1', received: runs });
  if ((runs as number) < window)
    throw new InvalidOptionsError(`Invalid option at runs: expected at least window (${window}), received ${runs}`, { path: ['runs'] });
}

const section = entrySection<{ runs?: number; window?: number; label?: string }>({
  fields: { runs: atMost(100), window: BY_ENTRY, label: { expected: 'a label', test: (v): v is string => typeof v === 'string' } },
  check,
});

describe('entrySection', () => {
  it('returns the defined fields once the CLI and the entry accept them', () => {
    expect(section.parse({ runs: 5, window: 2, label: undefined }, ['timed'], fail)).toEqual({ runs: 5, window: 2 });
  });

  it("refuses with the CLI's own bound first, then with the entry's, at the section's path", () => {
    expect(thrown(() => section.parse({ runs: 101 }, ['timed'], fail))).toMatchObject({
      path: ['timed', 'runs'],
      expected: 'at most 100',
      received: 101,
    });
    expect(thrown(() => section.parse({ runs: 'many' }, ['timed'], fail))).toMatchObject({
      path: ['timed', 'runs'],
      expected: 'an integer >= 1',
      received: 'many',
    });
    expect(thrown(() => section.parse({ label: 3 }, ['timed'], fail))).toMatchObject({ path: ['timed', 'label'], expected: 'a label' });
    expect(thrown(() => section.parse({ runs: 2, steps: 1 }, ['timed'], fail))).toMatchObject({ path: ['timed', 'steps'] });
  });

  it("takes what was expected from the entry's message when its error has no expected, and the value from the section", () => {
    const error = thrown(() => section.parse({ runs: 2, window: 4 }, ['timed'], fail)) as InvalidConfigError;
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error).toMatchObject({ path: ['timed', 'runs'], expected: 'at least window (4)', received: 2 });
  });

  it('lets errors that are not about an option through', () => {
    const broken = entrySection({
      fields: {},
      check: () => {
        throw new TypeError('a bug');
      },
    });
    expect(thrown(() => broken.parse({}, [], fail))).toBeInstanceOf(TypeError);
  });
});

describe('atMost', () => {
  it('bounds numbers only, saying the bound', () => {
    const rule = atMost(1e10);
    expect(rule.expected).toBe('at most 1e10');
    expect([1e10, -5, 'x', null, undefined].every(rule.test)).toBe(true);
    expect([1e10 + 1, Infinity].some(rule.test)).toBe(false);
  });
});

describe('atSectionField', () => {
  it("maps an option's path to the section's field, says the field's own form where given, and keeps the rest", () => {
    const duet = new InvalidOptionsError('x', { path: ['duet', 'tolerance'], expected: 'a number >= 0', received: -1 });
    const fieldOf = (path: readonly (string | number)[]) => (path[0] === 'duet' ? [`duet${String(path[1])}`] : path);
    expect(atSectionField(duet, fieldOf)).toMatchObject({ path: ['duettolerance'], expected: 'a number >= 0', received: -1, cause: duet });
    expect(atSectionField(duet, fieldOf, { duettolerance: 'a tolerance' })).toMatchObject({ expected: 'a tolerance' });
    const architecture = new InvalidArchitectureError('y', { path: ['stem'], expected: 'an object', received: 1 });
    expect(atSectionField(architecture, (p) => ['net', ...p])).toMatchObject({ path: ['net', 'stem'], expected: 'an object' });
    const other = new RangeError('z');
    expect(atSectionField(other, fieldOf)).toBe(other);
  });
});
