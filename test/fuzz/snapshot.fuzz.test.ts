import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvolutionController } from '../../src/controller/evolution-controller.js';
import { RandomController } from '../../src/controller/random-controller.js';
import { ReinforceController } from '../../src/controller/reinforce-controller.js';
import type { Controller } from '../../src/controller/types.js';
import { MnasError } from '../../src/errors.js';
import { HOSTILE_NUMBERS, fuzzParams, fuzzTimeout, valueOrMnasError } from './settings.js';

const RUNS = 300;
const SPACE = {
  decisions: [
    { name: 'a', size: 3 },
    { name: 'b', size: 1 },
    { name: 'c', size: 4 },
  ],
};

/** Name, constructor, and the share of the cases it runs (the LSTM policy's restore and ask are slower). */
const MAKERS: readonly [string, (seed: number) => Controller, number][] = [
  ['RandomController', (seed) => new RandomController(SPACE, { seed }), 1],
  ['EvolutionController', (seed) => new EvolutionController(SPACE, { seed, populationSize: 4, sampleSize: 2 }), 1],
  ['ReinforceController', (seed) => new ReinforceController(SPACE, { seed }), 0.04],
];

/** A controller after a few asks and tells, some still outstanding. */
function driven(make: (seed: number) => Controller): Controller {
  const c = make(3);
  for (let i = 0; i < 6; i++) {
    const p = c.ask();
    if (i % 3 !== 2) c.tell(p.id, { reward: i / 10 });
  }
  return c;
}

/** Every path to a leaf of a JSON value (arrays and objects), capped so that large weight arrays do not dominate. */
function leafPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 400) return out;
  if (Array.isArray(value)) value.slice(0, 6).forEach((v, i) => leafPaths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leafPaths(v, [...prefix, k], out);
  out.push(prefix);
  return out;
}

function withEdit(snapshot: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(snapshot)) as Record<string | number, unknown>;
  let node: unknown = copy;
  for (const key of path.slice(0, -1))
    node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined;
  // An earlier edit may have replaced a parent by a scalar: then this edit has nothing to change.
  if (typeof node !== 'object' || node === null) return copy;
  (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value;
  return copy;
}

const valueArb = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS, -5, 1, 2, 3, 100, 'x', '__proto__'), fc.jsonValue({ maxDepth: 2 }));

describe.each(MAKERS)('%s.restore (fuzz)', (_name, make, share) => {
  const runs = Math.max(1, Math.round(RUNS * share));
  const good = JSON.parse(JSON.stringify(driven(make).snapshot())) as unknown;
  const paths = leafPaths(good);

  it(
    'restores an edited snapshot or throws an MnasError and keeps its state; a restored controller keeps working',
    () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(), valueArb), { minLength: 1, maxLength: 3 }), (edits) => {
          let snap = good;
          for (const [i, v] of edits) snap = withEdit(snap, paths[i % paths.length] as (string | number)[], v);
          const c = make(9);
          const before = JSON.stringify(c.snapshot());
          const r = valueOrMnasError(() => c.restore(snap));
          if (!r.ok) {
            expect(r.error).toBeInstanceOf(MnasError);
            expect(JSON.stringify(c.snapshot())).toBe(before);
            return;
          }
          // Whatever was accepted must leave a controller that proposes valid tokens.
          const p = c.ask();
          p.tokens.forEach((t, j) => {
            expect(Number.isInteger(t)).toBe(true);
            expect(t).toBeGreaterThanOrEqual(0);
            expect(t).toBeLessThan((SPACE.decisions[j] as { size: number }).size);
          });
          c.tell(p.id, { reward: 0.5 });
        }),
        fuzzParams(runs),
      );
    },
    fuzzTimeout(runs, 500),
  );

  it(
    'rejects any non-snapshot value with an MnasError',
    () => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true, withBigInt: true }), (v) => {
          const r = valueOrMnasError(() => make(1).restore(v));
          if (!r.ok) expect(r.error).toBeInstanceOf(MnasError);
        }),
        fuzzParams(Math.ceil(runs / 3)),
      );
    },
    fuzzTimeout(Math.ceil(runs / 3), 500),
  );
});
