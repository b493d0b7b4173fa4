/**
 * Regularized (aging) evolution, Real, Aggarwal, Huang and Le, "Regularized
 * Evolution for Image Classifier Architecture Search", AAAI 2019.
 *
 * @module
 */

import { integer } from '../validate.js';
import { BASE_CONTROLLER_KEYS, BaseController, type BaseControllerOptions } from './base-controller.js';
import type { HasDecisions } from './types.js';
import { badSnapshot, checkControllerKeys, numberOption, snapArray, snapNumber, snapObject, snapTokens } from './validate.js';

/** Options of {@link EvolutionController}. */
export interface EvolutionControllerOptions extends BaseControllerOptions {
  /**
   * Population size P: the P most recently told trials are alive; the first
   * P proposals are uniformly random. AutoDL-Projects' REA on NAS-Bench-201
   * uses 10 (Real et al. used 100 on their much larger space).
   * @defaultValue `10`
   */
  readonly populationSize?: number;
  /**
   * Tournament size S: S members are drawn (with replacement, as in Real et
   * al.'s Algorithm 1) and the best becomes the parent. AutoDL-Projects' REA on
   * NAS-Bench-201 uses 3.
   * @defaultValue `3`
   */
  readonly sampleSize?: number;
}

/** The evolution's own options, checked and completed. @throws InvalidOptionsError unless 1 <= sampleSize and 1 <= populationSize are integers. */
export function resolveEvolutionOptions(options: EvolutionControllerOptions): { populationSize: number; sampleSize: number } {
  checkControllerKeys(options, [...BASE_CONTROLLER_KEYS, 'populationSize', 'sampleSize']);
  return {
    populationSize: numberOption(options.populationSize, 10, 'populationSize', integer(1)),
    sampleSize: numberOption(options.sampleSize, 3, 'sampleSize', integer(1)),
  };
}

interface Member {
  readonly tokens: readonly number[];
  readonly reward: number;
}

/**
 * Regularized evolution: tournament selection, a child that differs from its
 * parent in exactly one decision (a uniformly chosen decision with more than
 * one option, set to a different uniformly chosen option), and aging (the
 * oldest member dies, not the worst). With outstanding asks, proposals stay
 * random until P trials have been told.
 *
 * @example
 * const c = new EvolutionController(space, { seed: 1, populationSize: 10, sampleSize: 3 });
 */
export class EvolutionController extends BaseController<null> {
  protected readonly kind = 'evolution';
  private readonly populationSize: number;
  private readonly sampleSize: number;
  private population: Member[] = [];

  /** @throws InvalidOptionsError unless 1 <= sampleSize and 1 <= populationSize are integers (see {@link resolveEvolutionOptions}). */
  constructor(space: HasDecisions, options: EvolutionControllerOptions = {}) {
    super(space, options);
    const o = resolveEvolutionOptions(options);
    this.populationSize = o.populationSize;
    this.sampleSize = o.sampleSize;
  }

  protected propose(): { tokens: number[]; data: null } {
    if (this.population.length < this.populationSize) {
      return { tokens: this.decisions.map((d) => this.rng.int(d.size)), data: null };
    }
    let parent = this.population[this.rng.int(this.population.length)] as Member;
    for (let i = 1; i < this.sampleSize; i++) {
      const m = this.population[this.rng.int(this.population.length)] as Member;
      if (m.reward > parent.reward) parent = m;
    }
    return { tokens: this.mutate(parent.tokens), data: null };
  }

  private mutate(tokens: readonly number[]): number[] {
    const child = tokens.slice();
    const mutable = this.decisions.flatMap((d, i) => (d.size > 1 ? [i] : []));
    if (mutable.length === 0) return child;
    const i = mutable[this.rng.int(mutable.length)] as number;
    const size = (this.decisions[i] as { size: number }).size;
    const shift = 1 + this.rng.int(size - 1);
    child[i] = ((child[i] as number) + shift) % size;
    return child;
  }

  protected override dataFor(): null {
    return null;
  }

  protected learn(tokens: readonly number[], reward: number): void {
    this.population.push({ tokens: tokens.slice(), reward });
    if (this.population.length > this.populationSize) this.population.shift();
  }

  protected saveState(): unknown {
    return { population: this.population.map((m) => ({ tokens: m.tokens.slice(), reward: m.reward })) };
  }

  protected loadState(state: unknown): () => void {
    const s = snapObject(state, ['state']);
    const population = snapArray(s.population, ['state', 'population']).map((raw, i): Member => {
      const m = snapObject(raw, ['state', 'population', i]);
      return {
        tokens: snapTokens(m.tokens, ['state', 'population', i, 'tokens'], this.decisions),
        reward: snapNumber(m.reward, ['state', 'population', i, 'reward']),
      };
    });
    if (population.length > this.populationSize)
      badSnapshot(['state', 'population'], `at most ${this.populationSize} members`, population.length);
    return () => {
      this.population = population;
    };
  }
}
