/**
 * The controller contract over every entry of the `controllers` and
 * `controllerWrappers` registries, built as the CLI builds them (options
 * checked by `resolveOptions`, the seed and the space from the context): a
 * registered controller cannot skip the contract.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, controllerWrappers, controllers, type Controller } from '../../src/index.js';
import { CONTRACT_SPACE, type ContractExemptions, controllerContract } from './contract.js';

/** Options that keep each controller's run short (a small policy, a small forest, a small population). */
const SHORT_RUN: Readonly<Record<string, object>> = {
  ppo: { hiddenSize: 16, batchSize: 4, epochs: 2, minibatches: 2 },
  reinforce: { hiddenSize: 16, batchSize: 4 },
  evolution: { populationSize: 6, sampleSize: 2 },
  random: {},
  nsga2: { populationSize: 6 },
  surrogate: { initialTrials: 4, trees: 8, candidates: 60 },
};

/** The controller each wrapper wraps in its run: random search, whose proposals do not depend on the rewards the wrapper tells it. */
const WRAPPED = 'random';
/** The wrappers' options and exemptions. */
const WRAPPER_RUN: Readonly<Record<string, { options: object; exempt: ContractExemptions }>> = {
  prefilter: {
    options: { candidates: 3 },
    exempt: { everyPointBeforeRepeats: 'it draws 3 proposals per ask and passes on the best by its score' },
  },
};

/** A cheap, deterministic score of a token list. */
const score = (tokens: readonly number[]): number => tokens.reduce((s, t, i) => s + t * (i + 1), 0) % 7;

const covered: string[] = [];
for (const entry of controllers.entries()) {
  covered.push(entry.name);
  controllerContract(`controllers.get('${entry.name}')`, (space, { seed, rewardForInvalid }) =>
    entry.create(entry.resolveOptions({ ...SHORT_RUN[entry.name], ...(rewardForInvalid === undefined ? {} : { rewardForInvalid }) }), {
      space,
      seed,
    }),
  );
}
for (const entry of controllerWrappers.entries()) {
  covered.push(`wrapper ${entry.name}`);
  const run = WRAPPER_RUN[entry.name];
  controllerContract(
    `controllerWrappers.get('${entry.name}') around ${WRAPPED}`,
    (space, { seed, rewardForInvalid }) => {
      const inner = controllers.get(WRAPPED);
      const controller: Controller = inner.create(inner.resolveOptions(rewardForInvalid === undefined ? {} : { rewardForInvalid }), {
        space,
        seed,
      });
      return entry.create(entry.resolveOptions(run?.options), { controller, score });
    },
    24,
    run?.exempt,
  );
}

describe('the controller registries', () => {
  it('ran the contract above for every entry of both', () => {
    expect(covered).toEqual([...controllers.names(), ...controllerWrappers.names().map((n) => `wrapper ${n}`)]);
  });

  it('hold the controllers the CLI offers, in its order; every short-run setting belongs to one (the others run with their defaults)', () => {
    expect(controllers.names()).toEqual(['ppo', 'reinforce', 'evolution', 'random', 'nsga2', 'surrogate']);
    for (const name of Object.keys(SHORT_RUN)) expect(controllers.has(name), name).toBe(true);
    for (const name of Object.keys(WRAPPER_RUN)) expect(controllerWrappers.has(name), name).toBe(true);
    for (const entry of [...controllers.entries(), ...controllerWrappers.entries()]) expect(entry.description).not.toBe('');
  });

  it('are read-only', () => {
    expect('register' in controllers || 'register' in controllerWrappers).toBe(false);
  });

  it("check options with the controller's own checks, without a space", () => {
    const cases: [string, unknown, string][] = [
      ['ppo', { minibatches: 20 }, 'Invalid controller option at minibatches: expected an integer in [1, 10], received 20'],
      [
        'reinforce',
        { normalizeAdvantages: 'yes' },
        'Invalid controller option at normalizeAdvantages: expected true or false, received "yes"',
      ],
      ['evolution', { sampleSize: 0 }, 'Invalid controller option at sampleSize: expected an integer >= 1, received 0'],
      ['random', { seed: 1.5 }, 'Invalid controller option at seed: expected a safe integer or a string, received 1.5'],
      ['nsga2', { mutationRate: 2 }, 'Invalid controller option at mutationRate: expected a number in [0, 1], received 2'],
      ['surrogate', { acquisition: 'ucb' }, `Invalid controller option at acquisition: expected 'ei' | 'thompson', received "ucb"`],
      ['random', 42, 'Invalid random controller options: expected an object, received 42'],
    ];
    for (const [name, options, message] of cases) {
      expect(() => controllers.get(name).resolveOptions(options)).toThrow(InvalidOptionsError);
      expect(() => controllers.get(name).resolveOptions(options)).toThrow(message);
    }
    expect(() => controllerWrappers.get('prefilter').resolveOptions({ candidates: 0 })).toThrow(InvalidOptionsError);
    expect(controllers.get('ppo').resolveOptions(undefined)).toEqual({});
  });

  it('seed from the context unless the options hold a seed, and give nsga2 the directions and surrogate the features', () => {
    const tokens = (c: Controller): (readonly number[])[] => Array.from({ length: 5 }, () => c.ask().tokens);
    const evolution = controllers.get('evolution');
    const bySeed = (options: object, seed: number) => tokens(evolution.create(options, { space: CONTRACT_SPACE, seed }));
    expect(bySeed({}, 3)).toEqual(bySeed({}, 3));
    expect(bySeed({}, 3)).not.toEqual(bySeed({}, 4));
    expect(bySeed({ seed: 3 }, 4)).toEqual(bySeed({}, 3));
    const nsga2 = controllers.get('nsga2').create({}, { space: CONTRACT_SPACE, directions: ['maximize', 'minimize'] });
    const p = nsga2.ask();
    expect(() => nsga2.tell(p.id, { reward: 1, objectives: [1] })).toThrow('expected 2 objective values');
    const seen: number[][] = [];
    const surrogate = controllers.get('surrogate').create(
      { initialTrials: 1, trees: 2, candidates: 5 },
      {
        space: CONTRACT_SPACE,
        features: (t) => {
          seen.push([...t]);
          return [t.length];
        },
      },
    );
    const first = surrogate.ask();
    surrogate.tell(first.id, { reward: 0.5 });
    surrogate.ask();
    expect(seen.length).toBeGreaterThan(0);
  });
});
