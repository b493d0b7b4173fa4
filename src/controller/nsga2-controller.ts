/**
 * NSGA-II (Deb, Pratap, Agarwal and Meyarivan, "A fast and elitist
 * multiobjective genetic algorithm: NSGA-II", IEEE TEC 2002) on the ask/tell
 * contract, with Deb's constrained domination (same paper, Sec. VI).
 *
 * @module
 */

import { ControllerStateError } from '../errors.js';
import { crowdingDistance } from '../reward/crowding-distance.js';
import { nonDominatedSort } from '../reward/non-dominated-sort.js';
import type { Direction } from '../reward/types.js';
import { finiteNumber, integer } from '../validate.js';
import { BASE_CONTROLLER_KEYS, BaseController, type BaseControllerOptions } from './base-controller.js';
import type { OutcomeVector } from './outcome-vector.js';
import type { HasDecisions } from './types.js';
import {
  badSnapshot,
  checkControllerKeys,
  numberOption,
  optionFail,
  snapArray,
  snapNumber,
  snapNumbers,
  snapObject,
  snapTokens,
} from './validate.js';

/** Options of {@link NsgaIIController}. */
export interface NsgaIIControllerOptions extends BaseControllerOptions {
  /**
   * Direction of each objective, in the order of the outcomes' `objectives`.
   * Without it the controller has one objective, the reward, maximized.
   * @defaultValue none (the reward)
   */
  readonly directions?: readonly Direction[];
  /** Population size N; each generation is N told offspring. @defaultValue `20` */
  readonly populationSize?: number;
  /** Probability that a child is the uniform crossover of two parents (else a copy of one). @defaultValue `0.9` */
  readonly crossoverRate?: number;
  /** Per-decision mutation probability; `undefined` means 1 / (decisions with more than one option). @defaultValue `1 / n` */
  readonly mutationRate?: number;
}

/** NSGA-II's own options, checked and completed; `mutationRate` stays undefined (1 / n of the space) when not given. */
export interface ResolvedNsgaIIOptions {
  readonly directions: readonly Direction[] | undefined;
  readonly populationSize: number;
  readonly crossoverRate: number;
  readonly mutationRate: number | undefined;
}

/** Checks and completes NSGA-II's own options. @throws InvalidOptionsError naming the bad option. */
export function resolveNsgaIIOptions(options: NsgaIIControllerOptions): ResolvedNsgaIIOptions {
  checkControllerKeys(options, [...BASE_CONTROLLER_KEYS, 'directions', 'populationSize', 'crossoverRate', 'mutationRate']);
  const d = options.directions;
  // Without a rate, 1 / (decisions with more than one option), which needs the space.
  const mutationRate = options.mutationRate ?? undefined;
  if (d !== undefined && (!Array.isArray(d) || d.length === 0 || !d.every((x) => x === 'minimize' || x === 'maximize')))
    optionFail(['directions'], "a non-empty array of 'minimize' | 'maximize'", d);
  return {
    directions: d === undefined ? undefined : [...d],
    populationSize: numberOption(options.populationSize, 20, 'populationSize', integer(2)),
    crossoverRate: numberOption(options.crossoverRate, 0.9, 'crossoverRate', finiteNumber({ min: 0, max: 1 })),
    mutationRate: mutationRate === undefined ? undefined : numberOption(mutationRate, 0, 'mutationRate', finiteNumber({ min: 0, max: 1 })),
  };
}

/** A told trial: tokens, objectives turned to minimization, constraint violation (0: feasible). */
interface Member {
  readonly tokens: readonly number[];
  readonly values: readonly number[];
  readonly violation: number;
}

/**
 * Deb's constrained non-dominated sort: the feasible members by Pareto
 * fronts, then the infeasible ones, one front per violation, smallest first.
 */
function constrainedFronts(members: readonly Member[]): number[][] {
  const feasible = members.flatMap((m, i) => (m.violation === 0 ? [i] : []));
  const points = feasible.map((i) => (members[i] as Member).values);
  const dirs = (members[0]?.values ?? []).map((): Direction => 'minimize');
  const fronts = points.length === 0 ? [] : nonDominatedSort(points, dirs).map((f) => f.map((k) => feasible[k] as number));
  const byViolation = new Map<number, number[]>();
  members.forEach((m, i) => {
    if (m.violation > 0) byViolation.set(m.violation, [...(byViolation.get(m.violation) ?? []), i]);
  });
  return [...fronts, ...[...byViolation].sort((a, b) => a[0] - b[0]).map(([, f]) => f)];
}

/**
 * Multi-objective search by NSGA-II: binary tournaments on (constrained
 * front, crowding distance), uniform crossover, per-decision mutation, and
 * elitist survival of the best N of parents plus offspring. The first N
 * proposals are uniform; after that each N told trials make a generation.
 * Tell it `{ reward, objectives, violation }`; failed trials do not enter
 * the population.
 *
 * @example
 * const c = new NsgaIIController(space, { seed: 1, directions: ['maximize', 'minimize'] });
 * const { id, tokens } = c.ask();
 * c.tell(id, { reward: 0.7, objectives: [0.93, 12.5], violation: 0 });
 */
export class NsgaIIController extends BaseController<null> {
  protected readonly kind = 'nsga2';
  private readonly directions: readonly Direction[] | undefined;
  private readonly populationSize: number;
  private readonly crossoverRate: number;
  private readonly mutationRate: number;
  private population: Member[] = [];
  private offspring: Member[] = [];
  /** Front index and crowding distance of each population member (derived, not saved). */
  private rank: number[] = [];
  private crowding: number[] = [];

  /** @throws InvalidOptionsError for a bad option, naming it. */
  constructor(space: HasDecisions, options: NsgaIIControllerOptions = {}) {
    super(space, options);
    const o = resolveNsgaIIOptions(options);
    this.directions = o.directions;
    this.populationSize = o.populationSize;
    this.crossoverRate = o.crossoverRate;
    this.mutationRate = o.mutationRate ?? 1 / Math.max(1, this.decisions.filter((x) => x.size > 1).length);
  }

  protected propose(): { tokens: number[]; data: null } {
    if (this.population.length === 0) return { tokens: this.decisions.map((x) => this.rng.int(x.size)), data: null };
    const a = this.tournament();
    const b = this.tournament();
    const cross = this.rng.next() < this.crossoverRate;
    const child = a.tokens.map((t, i) => (cross && this.rng.next() < 0.5 ? (b.tokens[i] as number) : t));
    this.decisions.forEach((x, i) => {
      if (x.size > 1 && this.rng.next() < this.mutationRate) child[i] = ((child[i] as number) + 1 + this.rng.int(x.size - 1)) % x.size;
    });
    return { tokens: child, data: null };
  }

  protected override dataFor(): null {
    return null;
  }

  private tournament(): Member {
    const i = this.rng.int(this.population.length);
    const j = this.rng.int(this.population.length);
    const better =
      (this.rank[i] as number) < (this.rank[j] as number) ||
      (this.rank[i] === this.rank[j] && (this.crowding[i] as number) > (this.crowding[j] as number));
    return this.population[better || i === j ? i : j] as Member;
  }

  protected learn(tokens: readonly number[], reward: number, _data: null, failed: boolean, vector: OutcomeVector): void {
    if (this.directions === undefined) {
      this.offspring.push({ tokens: tokens.slice(), values: [-reward], violation: failed ? 0 : (vector.violation ?? 0) });
    } else {
      if (failed) return;
      const values = (vector.objectives as readonly number[]).map((v, k) => (this.directions?.[k] === 'maximize' ? -v : v));
      this.offspring.push({ tokens: tokens.slice(), values, violation: vector.violation ?? 0 });
    }
    if (this.offspring.length >= this.populationSize) this.survive();
  }

  protected override checkVector(vector: OutcomeVector): void {
    const o = vector.objectives;
    if (this.directions === undefined || o?.length === this.directions.length) return;
    throw new ControllerStateError(
      `Invalid objectives: expected ${this.directions.length} objective values, received ${o === undefined ? 'none' : o.length}`,
      { path: ['outcome', 'objectives'] },
    );
  }

  /** Elitist survival: the best N of population and offspring by constrained front, then crowding. */
  private survive(): void {
    const all = [...this.population, ...this.offspring];
    this.offspring = [];
    const next: Member[] = [];
    for (const front of constrainedFronts(all)) {
      const members = front.map((i) => all[i] as Member);
      if (next.length + members.length <= this.populationSize) {
        next.push(...members);
        continue;
      }
      const d = crowdingDistance(members.map((m) => [...m.values]));
      const order = members.map((_, k) => k).sort((x, y) => (d[y] as number) - (d[x] as number) || x - y);
      for (const k of order.slice(0, this.populationSize - next.length)) next.push(members[k] as Member);
      break;
    }
    this.population = next;
    this.rankPopulation();
  }

  private rankPopulation(): void {
    this.rank = new Array<number>(this.population.length).fill(0);
    this.crowding = new Array<number>(this.population.length).fill(0);
    constrainedFronts(this.population).forEach((front, r) => {
      const d = crowdingDistance(front.map((i) => [...(this.population[i] as Member).values]));
      front.forEach((i, k) => {
        this.rank[i] = r;
        this.crowding[i] = d[k] as number;
      });
    });
  }

  protected saveState(): unknown {
    const save = (m: Member): unknown => ({ tokens: m.tokens.slice(), values: m.values.slice(), violation: m.violation });
    return { population: this.population.map(save), offspring: this.offspring.map(save) };
  }

  protected loadState(state: unknown): () => void {
    const s = snapObject(state, ['state']);
    const width = this.directions?.length ?? 1;
    const load = (key: string) =>
      snapArray(s[key], ['state', key]).map((raw, i): Member => {
        const m = snapObject(raw, ['state', key, i]);
        const violation = snapNumber(m.violation, ['state', key, i, 'violation']);
        if (violation < 0) badSnapshot(['state', key, i, 'violation'], 'a number >= 0', violation);
        return {
          tokens: snapTokens(m.tokens, ['state', key, i, 'tokens'], this.decisions),
          values: snapNumbers(m.values, ['state', key, i, 'values'], width),
          violation,
        };
      });
    const population = load('population');
    const offspring = load('offspring');
    if (population.length > this.populationSize)
      badSnapshot(['state', 'population'], `at most ${this.populationSize} members`, population.length);
    if (offspring.length >= this.populationSize)
      badSnapshot(['state', 'offspring'], `fewer than ${this.populationSize} members`, offspring.length);
    return () => {
      this.population = population;
      this.offspring = offspring;
      this.rankPopulation();
    };
  }
}
