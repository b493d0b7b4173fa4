/**
 * Every controller refuses an option it does not know, by its path, through
 * its registry entry and its constructor alike.
 */
import { describe, expect, it } from 'vitest';
import { BASE_CONTROLLER_KEYS } from '../../src/controller/base-controller.js';
import { POLICY_CONTROLLER_KEYS } from '../../src/controller/policy-options.js';
import { SURROGATE_CONTROLLER_KEYS } from '../../src/controller/surrogate/options.js';
import {
  EvolutionController,
  InvalidOptionsError,
  NsgaIIController,
  PpoController,
  PrefilterController,
  RandomController,
  ReinforceController,
  SurrogateController,
  controllerWrappers,
  controllers,
} from '../../src/index.js';
import { itRefusesUnknownKeys } from '../known-keys.js';
import { CONTRACT_SPACE } from './contract.js';

/** Each controller's keys beside the base ones, and a misspelling of one of them. */
const KEYS: Readonly<Record<string, { own: readonly string[]; misspelt: string }>> = {
  ppo: { own: [...POLICY_CONTROLLER_KEYS, 'epochs', 'minibatches', 'clipRange'], misspelt: 'clipRatio' },
  reinforce: { own: POLICY_CONTROLLER_KEYS, misspelt: 'learningrate' },
  evolution: { own: ['populationSize', 'sampleSize'], misspelt: 'population' },
  random: { own: [], misspelt: 'sed' },
  nsga2: { own: ['directions', 'populationSize', 'crossoverRate', 'mutationRate'], misspelt: 'mutation' },
  surrogate: { own: SURROGATE_CONTROLLER_KEYS, misspelt: 'tree' },
};

describe('controllers refuse unknown keys', () => {
  it('lists every registered controller', () => {
    expect(controllers.names().sort()).toEqual(Object.keys(KEYS).sort());
  });
  for (const entry of controllers.entries()) {
    const { own, misspelt } = KEYS[entry.name] as { own: readonly string[]; misspelt: string };
    describe(`controllers.get('${entry.name}').resolveOptions`, () => {
      itRefusesUnknownKeys({
        resolve: (o) => entry.resolveOptions(o),
        valid: { seed: 1 },
        known: [...BASE_CONTROLLER_KEYS, ...own],
        misspelt,
        ErrorClass: InvalidOptionsError,
      });
    });
  }
  describe("controllerWrappers.get('prefilter').resolveOptions", () => {
    itRefusesUnknownKeys({
      resolve: (o) => controllerWrappers.get('prefilter').resolveOptions(o),
      valid: { candidates: 3 },
      known: ['candidates'],
      misspelt: 'candidate',
      ErrorClass: InvalidOptionsError,
    });
  });

  it('through their constructors too', () => {
    const space = CONTRACT_SPACE;
    const bad = { seed: 1, sed: 2 } as object;
    const builds: (() => unknown)[] = [
      () => new PpoController(space, bad),
      () => new ReinforceController(space, bad),
      () => new EvolutionController(space, bad),
      () => new RandomController(space, bad),
      () => new NsgaIIController(space, bad),
      () => new SurrogateController(space, bad),
      () => new PrefilterController(new RandomController(space), { score: () => 0, sed: 2 } as never),
    ];
    for (const build of builds) {
      expect(build).toThrow(InvalidOptionsError);
      expect(build).toThrow(/option at sed: expected a known key \(/);
    }
  });
});

describe('null is not a missing option', () => {
  it('is refused by the surrogate where a default would fill an undefined one', () => {
    for (const key of ['acquisition', 'numericCuts', 'ordinal', 'multiFidelity']) {
      expect(() => controllers.get('surrogate').resolveOptions({ [key]: null })).toThrow(
        expect.objectContaining({ name: 'InvalidOptionsError', path: [key] }),
      );
    }
  });
});
