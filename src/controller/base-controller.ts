/**
 * The ask/tell bookkeeping every controller shares: ids, outstanding asks,
 * outcome validation, the reward for failed trials, and the snapshot envelope.
 *
 * @module
 */

import { ControllerStateError, InvalidOptionsError, InvalidSpaceError, describeValue } from '../errors.js';
import { Rng, type RngState } from '../rng.js';
import type { Decision } from '../space/types.js';
import { checkDecisions, failWith, finiteNumber, integer } from '../validate.js';
import { type OutcomeVector, readVector } from './outcome-vector.js';
import { nextUnseen, tokenKey } from './token-lists.js';
import type { Controller, HasDecisions, Outcome, Proposal } from './types.js';
import { badSnapshot, numberOption, seedOption, snapArray, snapNumber, snapNumbers, snapObject, snapTokens } from './validate.js';

/** Options every controller takes. */
export interface BaseControllerOptions {
  /** Seed of the controller's RNG: same seed, same proposals. @defaultValue `0` */
  readonly seed?: number | string;
  /**
   * Reward used for a trial told `{ failed }` (NNI's `reward_for_invalid`).
   * Pick a value below every real reward (MnasNet rewards are >= 0).
   * @defaultValue `0`
   */
  readonly rewardForInvalid?: number;
  /**
   * When a draw repeats the tokens of an earlier proposal of this controller,
   * draw again, up to this many times; if the last draw still repeats, take
   * the next token list (in mixed-radix order from it) not proposed yet, so
   * no proposal repeats until the whole space was proposed. Each evaluation costs a training run and a measurement, and a
   * controller that has learned where the good models are would otherwise
   * spend much of its budget re-proposing them; see docs/controllers.md.
   * 0 turns it off (repeats allowed). The proposed token lists are kept (and snapshotted).
   * @defaultValue `20`
   */
  readonly duplicateRetries?: number;
}

/** The keys of {@link BaseControllerOptions}, which every controller takes. */
export const BASE_CONTROLLER_KEYS: readonly string[] = ['seed', 'rewardForInvalid', 'duplicateRetries'];

/** {@link BaseControllerOptions} checked and completed. */
export interface ResolvedBaseControllerOptions {
  readonly seed: number | string;
  readonly rewardForInvalid: number;
  readonly duplicateRetries: number;
}

/** Checks and completes {@link BaseControllerOptions}. @throws InvalidOptionsError naming the bad option. */
export function resolveBaseControllerOptions(options: BaseControllerOptions): ResolvedBaseControllerOptions {
  return {
    seed: seedOption(options.seed),
    rewardForInvalid: numberOption(options.rewardForInvalid, 0, 'rewardForInvalid', finiteNumber()),
    duplicateRetries: numberOption(options.duplicateRetries, 20, 'duplicateRetries', integer(0)),
  };
}

/** A proposal waiting for its outcome, with whatever the controller needs to learn from it. */
interface Pending<P> {
  readonly tokens: readonly number[];
  readonly data: P;
}

/**
 * Base class of the built-in controllers. Subclasses implement `propose`,
 * `learn` and the (de)serialization of their own state.
 */
export abstract class BaseController<P = null> implements Controller {
  /** Decisions of the space, validated and frozen. */
  protected readonly decisions: readonly Decision[];
  /** The controller's RNG (saved in snapshots). */
  protected rng: Rng;
  /** Reward given to failed trials. */
  protected readonly rewardForInvalid: number;
  /** Name written into snapshots and checked on restore. */
  protected abstract readonly kind: string;
  private nextId = 0;
  private pending = new Map<number, Pending<P>>();
  private disposed = false;
  /** {@link BaseControllerOptions.duplicateRetries}, resolved. */
  protected readonly duplicateRetries: number;
  /** Keys ({@link tokenKey}) of every proposal made, for {@link BaseControllerOptions.duplicateRetries}. */
  protected proposed = new Set<string>();

  protected constructor(space: HasDecisions, options: BaseControllerOptions) {
    this.decisions = checkDecisions(space?.decisions, failWith(InvalidSpaceError, 'space'));
    const o = resolveBaseControllerOptions(options);
    this.rng = new Rng(o.seed);
    this.rewardForInvalid = o.rewardForInvalid;
    this.duplicateRetries = o.duplicateRetries;
  }

  /** Tokens of the next proposal, and data to keep until its outcome arrives. */
  protected abstract propose(): { tokens: number[]; data: P };
  /**
   * Learns from one finished trial (`failed` trials carry `rewardForInvalid`);
   * `vector` holds the outcome's `objectives` and `violation` when it had them.
   */
  protected abstract learn(tokens: readonly number[], reward: number, data: P, failed: boolean, vector: OutcomeVector): void;
  /** The subclass's state as plain JSON. */
  protected abstract saveState(): unknown;
  /** Validates a saved state and returns a function that installs it. @throws ControllerStateError */
  protected abstract loadState(state: unknown): () => void;
  /** Pending data as plain JSON; this default is for controllers that keep none (`P` is `null`). */
  protected savePending(_data: P): unknown {
    return null;
  }
  /** Validates saved pending data (this default accepts only `null`). @throws ControllerStateError */
  protected loadPending(data: unknown, path: readonly (string | number)[]): P {
    if (data !== null) badSnapshot(path, 'null', data);
    return null as P;
  }

  /**
   * The data `learn` needs for `tokens` when they were not drawn by `propose`
   * (the unseen point {@link ask} falls back to). The default, `undefined`,
   * turns the fallback off for subclasses that cannot learn from such tokens.
   */
  protected dataFor(_tokens: readonly number[]): P | undefined {
    return undefined;
  }

  /**
   * Checks the multi-objective part of a successful outcome before anything
   * changes; the default accepts anything. @throws ControllerStateError
   */
  protected checkVector(_vector: OutcomeVector): void {}

  /**
   * Proposes the next candidate: a token list not proposed before, unless
   * `duplicateRetries` is 0 or every point of the space was proposed.
   * @throws ControllerStateError after `dispose()`.
   */
  ask(): Proposal {
    this.checkUsable();
    let { tokens, data } = this.propose();
    for (let i = 0; i < this.duplicateRetries && this.proposed.has(tokenKey(tokens)); i++) ({ tokens, data } = this.propose());
    if (this.duplicateRetries > 0 && this.proposed.has(tokenKey(tokens))) {
      const unseen = nextUnseen(this.decisions, tokens, this.proposed);
      const unseenData = unseen === null ? undefined : this.dataFor(unseen);
      if (unseen !== null && unseenData !== undefined) {
        tokens = unseen;
        data = unseenData;
      }
    }
    this.proposed.add(tokenKey(tokens));
    const n = this.nextId++;
    this.pending.set(n, { tokens: tokens.slice(), data });
    return { id: String(n), tokens };
  }

  /**
   * Reports the outcome of a proposal.
   * @throws ControllerStateError for an unknown id, a second tell, a non-finite reward or a malformed outcome.
   */
  tell(id: string, outcome: Outcome): void {
    this.checkUsable();
    const n = typeof id === 'string' && /^(0|[1-9]\d*)$/.test(id) ? Number(id) : -1;
    const entry = this.pending.get(n);
    if (entry === undefined) {
      const told = n >= 0 && n < this.nextId;
      throw new ControllerStateError(
        told
          ? `Proposal ${describeValue(id)} was already told`
          : `Unknown proposal id: expected an id returned by ask(), received ${describeValue(id)}`,
        { path: ['id'] },
      );
    }
    const { reward, failed, vector } = this.readOutcome(outcome);
    if (!failed) this.checkVector(vector);
    this.pending.delete(n);
    this.learn(entry.tokens, reward, entry.data, failed, vector);
  }

  /** Whether `tokens` were proposed before (told or still pending). */
  protected wasProposed(tokens: readonly number[]): boolean {
    return this.proposed.has(tokenKey(tokens));
  }

  /** Ids of the proposals still waiting for a tell, oldest first. */
  outstanding(): string[] {
    return [...this.pending.keys()].sort((a, b) => a - b).map(String);
  }

  /** The whole state as plain JSON (RNG, outstanding asks, the subclass's state). */
  snapshot(): unknown {
    this.checkUsable();
    return {
      kind: this.kind,
      version: 1,
      sizes: this.decisions.map((d) => d.size),
      rng: this.rng.state(),
      nextId: this.nextId,
      pending: [...this.pending.entries()].map(([id, p]) => ({ id, tokens: p.tokens.slice(), data: this.savePending(p.data) })),
      proposed: [...this.proposed],
      state: this.saveState(),
    };
  }

  /**
   * Replaces the state with a snapshot of a controller of the same kind and space.
   * Nothing changes when the snapshot is rejected.
   * @throws ControllerStateError when the snapshot is malformed or does not fit.
   */
  restore(snapshot: unknown): void {
    this.checkUsable();
    const s = snapObject(snapshot, []);
    if (s.kind !== this.kind) badSnapshot(['kind'], JSON.stringify(this.kind), s.kind);
    if (s.version !== 1) badSnapshot(['version'], '1', s.version);
    const sizes = snapNumbers(s.sizes, ['sizes'], this.decisions.length);
    sizes.forEach((size, i) => {
      if (size !== (this.decisions[i] as Decision).size) badSnapshot(['sizes', i], String((this.decisions[i] as Decision).size), size);
    });
    let rng: Rng;
    try {
      rng = Rng.fromState(s.rng as RngState);
    } catch (cause) {
      if (cause instanceof InvalidOptionsError) badSnapshot(['rng'], 'an RNG state', s.rng);
      throw cause;
    }
    const nextId = snapNumber(s.nextId, ['nextId'], true);
    const pending = new Map<number, Pending<P>>();
    snapArray(s.pending, ['pending']).forEach((raw, i) => {
      const p = snapObject(raw, ['pending', i]);
      const id = snapNumber(p.id, ['pending', i, 'id'], true);
      if (id < 0 || id >= nextId || pending.has(id)) badSnapshot(['pending', i, 'id'], `a distinct id below nextId (${nextId})`, id);
      const tokens = snapTokens(p.tokens, ['pending', i, 'tokens'], this.decisions);
      pending.set(id, { tokens, data: this.loadPending(p.data, ['pending', i, 'data']) });
    });
    // `proposed` is optional: a snapshot without it knows of no earlier proposal to avoid repeating.
    const proposed = new Set<string>(
      s.proposed === undefined
        ? []
        : snapArray(s.proposed, ['proposed']).map((raw, i) => {
            if (typeof raw !== 'string' || !/^\d+(,\d+)*$/.test(raw)) badSnapshot(['proposed', i], 'comma-separated tokens', raw);
            return raw;
          }),
    );
    const install = this.loadState(s.state);
    this.rng = rng;
    this.nextId = nextId;
    this.pending = pending;
    this.proposed = proposed;
    install();
  }

  /** Marks the controller unusable (subclasses release resources). */
  dispose(): void {
    this.disposed = true;
  }

  private checkUsable(): void {
    if (this.disposed) throw new ControllerStateError(`This ${this.kind} controller was disposed`, { path: [] });
  }

  private readOutcome(outcome: Outcome): { reward: number; failed: boolean; vector: OutcomeVector } {
    const o = outcome as Record<string, unknown> | null;
    if (o !== null && typeof o === 'object' && 'reward' in o) {
      if (typeof o.reward !== 'number' || !Number.isFinite(o.reward)) {
        throw new ControllerStateError(`Invalid reward: expected a finite number, received ${describeValue(o.reward)}`, {
          path: ['outcome', 'reward'],
        });
      }
      return { reward: o.reward, failed: false, vector: readVector(o) };
    }
    if (o !== null && typeof o === 'object' && typeof o.failed === 'string')
      return { reward: this.rewardForInvalid, failed: true, vector: {} };
    throw new ControllerStateError(
      `Invalid outcome: expected { reward: number } or { failed: string }, received ${describeValue(outcome)}`,
      {
        path: ['outcome'],
      },
    );
  }
}
