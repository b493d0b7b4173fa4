// Test doubles for the search loop: a tiny space, a seeded controller whose
// proposals depend on what it was told, and deterministic evaluator/measurer.
import { ControllerStateError, EvaluationError, MeasurementError, Rng } from '../../src/index.js';
import type {
  AccuracyEvaluator,
  Controller,
  Decision,
  LatencyReport,
  Outcome,
  Proposal,
  SearchOptions,
  SearchSpace,
  Trial,
} from '../../src/index.js';

export function hash01(text: string, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h >>> 0) / 0x100000000;
}

/** A space of keys "a-b-c-d". */
export function toySpace(sizes: readonly number[] = [4, 4, 3, 5]): SearchSpace<string> {
  const decisions: Decision[] = sizes.map((size, i) => ({ name: `d${i}`, size }));
  return {
    decisions,
    decode: (tokens) => tokens.join('-'),
    encode: (value) => value.split('-').map(Number),
    size: () => sizes.reduce((a, s) => a * BigInt(s), 1n),
    sample: (rng) => sizes.map((s) => rng.int(s)).join('-'),
  };
}

interface ToyState {
  rng: ReturnType<Rng['state']>;
  nextId: number;
  pending: [string, number[]][];
  best: { tokens: number[]; reward: number } | null;
  told: number;
}

/** Mutates the best so far half of the time, so its proposals depend on the tells. */
export class ToyController implements Controller {
  private rng: Rng;
  private nextId = 0;
  private pending = new Map<string, number[]>();
  private best: { tokens: number[]; reward: number } | null = null;
  private told = 0;

  constructor(
    private readonly space: { decisions: readonly Decision[] },
    seed = 0,
  ) {
    this.rng = new Rng(seed);
  }

  ask(): Proposal {
    const sizes = this.space.decisions.map((d) => d.size);
    let tokens: number[];
    if (this.best !== null && this.rng.next() < 0.5) {
      tokens = [...this.best.tokens];
      const i = this.rng.int(sizes.length);
      tokens[i] = this.rng.int(sizes[i] as number);
    } else tokens = sizes.map((s) => this.rng.int(s));
    const id = `t${this.nextId++}`;
    this.pending.set(id, tokens);
    return { id, tokens };
  }

  tell(id: string, outcome: Outcome): void {
    const tokens = this.pending.get(id);
    if (tokens === undefined) throw new ControllerStateError(`unknown id ${id}`);
    this.pending.delete(id);
    this.told++;
    if ('reward' in outcome && (this.best === null || outcome.reward > this.best.reward)) this.best = { tokens, reward: outcome.reward };
  }

  snapshot(): ToyState {
    return { rng: this.rng.state(), nextId: this.nextId, pending: [...this.pending], best: this.best, told: this.told };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as ToyState;
    this.rng = Rng.fromState(s.rng);
    this.nextId = s.nextId;
    this.pending = new Map(s.pending);
    this.best = s.best;
    this.told = s.told;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface ToyEvaluatorOptions {
  /** Max delay per evaluation, ms; the actual delay is a hash of the key (shuffles completion order). */
  delayMs?: number;
  /** Keys whose evaluation throws. */
  failOn?: (key: string) => boolean;
  /** Called at each evaluation start and end (for overlap checks). */
  onEvent?: (event: 'start' | 'end', key: string) => void;
}

export function toyEvaluator(options: ToyEvaluatorOptions = {}): AccuracyEvaluator<string> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async evaluate(key, opts) {
      calls.push(key);
      options.onEvent?.('start', key);
      try {
        if (options.delayMs) await sleep(Math.floor(hash01(key, 7) * options.delayMs), opts?.signal);
        if (options.failOn?.(key)) throw new EvaluationError(`toy evaluation of ${key} failed`);
        return { accuracy: 0.5 + 0.45 * hash01(key), extra: { key } };
      } finally {
        options.onEvent?.('end', key);
      }
    },
  };
}

export function toyMeasurer(
  options: { delayMs?: number; failOn?: (key: string) => boolean; onEvent?: (e: 'start' | 'end', key: string) => void } = {},
) {
  return {
    async measure(key: string, opts?: { signal?: AbortSignal }): Promise<LatencyReport> {
      options.onEvent?.('start', key);
      try {
        if (options.delayMs) await sleep(Math.floor(hash01(key, 3) * options.delayMs), opts?.signal);
        if (options.failOn?.(key)) throw new MeasurementError(`toy measurement of ${key} failed`);
        const ms = 1 + 19 * hash01(key, 1);
        return {
          medianMs: ms,
          samplesMs: [ms],
          p10Ms: ms,
          p90Ms: ms,
          madMs: 0,
          runs: 1,
          warmupRuns: 0,
          platform: { name: 'toy', backend: 'table' },
        };
      } finally {
        options.onEvent?.('end', key);
      }
    },
  };
}

/** Search options over the toy roles (space, controller of seed 3, evaluator, measurer, target 10 ms) for `trials` trials; `extra` overrides. */
export function toySearchOptions(trials: number, extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new ToyController(space, 3),
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials },
    ...extra,
  };
}

/** What two runs must agree on, trial by trial: index, id, tokens, status and reward. */
export const trialSummary = (trials: readonly Trial<string>[]): unknown[] =>
  trials.map((t) => [t.index, t.id, t.tokens, t.status, t.reward]);

/** The full budget of {@link curveEvaluator}, in steps. */
export const CURVE_STEPS = 72;

/** A learning curve per key: accuracy rises with the step towards a level set by the key; checkpoints at `checkpoints`. */
export function curveEvaluator(
  checkpoints: readonly number[] = [8, 24],
): AccuracyEvaluator<string> & { calls: string[]; stepsTrained: number } {
  const calls: string[] = [];
  const self = {
    calls,
    stepsTrained: 0,
    async evaluate(key: string, opts?: Parameters<AccuracyEvaluator<string>['evaluate']>[1]) {
      calls.push(key);
      const level = 0.5 + 0.45 * hash01(key);
      const at = (step: number): number => level * (0.6 + (0.4 * step) / CURVE_STEPS);
      for (const step of checkpoints) {
        if (opts?.signal?.aborted) throw opts.signal.reason;
        self.stepsTrained = self.stepsTrained + step - (checkpoints[checkpoints.indexOf(step) - 1] ?? 0);
        opts?.onProgress?.({ fraction: step / CURVE_STEPS, step, accuracy: at(step) });
        await Promise.resolve();
      }
      if (opts?.signal?.aborted) throw opts.signal.reason;
      self.stepsTrained += CURVE_STEPS - (checkpoints.at(-1) ?? 0);
      return { accuracy: at(CURVE_STEPS), steps: CURVE_STEPS };
    },
  };
  return self;
}
