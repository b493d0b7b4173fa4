/**
 * The policy controllers' compact snapshots: the ask/tell calls replayed
 * under the controller's options, checked by a digest; the size bound of
 * issue 30 on the CLI's default space; snapshots that hold weights.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN } from '../../src/cli/defaults.js';
import { defaultSpaceOptions } from '../../src/space/default-space.js';
import {
  ControllerStateError,
  factorizedSpace,
  PpoController,
  ReinforceController,
  type Controller,
  type HasDecisions,
  type PolicyController,
  type PolicyControllerOptions,
  type Proposal,
} from '../../src/index.js';

/** The space `mnas-ts search` searches without arguments: 24 decisions. */
const DEFAULT_SPACE: HasDecisions = factorizedSpace(defaultSpaceOptions({ inputSize: DEFAULT_RUN.inputSize }));

/** A deterministic reward in [0, 1] of any token list. */
const rewardOf = (tokens: readonly number[]): number => tokens.reduce((s, t, i) => s + ((t * 7 + i) % 5), 0) / (4 * tokens.length);

/** `n` trials with up to three outstanding asks told newest first; every seventh fails. */
function run(c: Controller, n: number): Proposal[] {
  const asked: Proposal[] = [];
  for (let i = 0; i < n; i += 3) {
    const open = Array.from({ length: Math.min(3, n - i) }, () => c.ask());
    asked.push(...open);
    for (const p of open.reverse()) c.tell(p.id, Number(p.id) % 7 === 6 ? { failed: 'toy failure' } : { reward: rewardOf(p.tokens) });
  }
  return asked;
}

/** JSON text of a controller's snapshot, as a browser would keep it in localStorage. */
const text = (c: Controller): string => JSON.stringify(c.snapshot());

type Make = (space: HasDecisions, options: PolicyControllerOptions) => PolicyController;
const MAKERS: [string, Make][] = [
  ['PpoController', (s, o) => new PpoController(s, o)],
  ['ReinforceController', (s, o) => new ReinforceController(s, o)],
];

describe.each(MAKERS)('%s snapshot', (_name, make) => {
  it("is at most 200 kB for the CLI's default space after 200 trials, and continues exactly after a JSON round trip", () => {
    expect(DEFAULT_SPACE.decisions).toHaveLength(24);
    const whole = make(DEFAULT_SPACE, { seed: 1 });
    const part = make(DEFAULT_SPACE, { seed: 1 });
    expect(run(part, 200)).toEqual(run(whole, 200));
    const open = [part.ask(), whole.ask()];
    expect(open[0]).toEqual(open[1]);
    const saved = text(part);
    expect(saved.length).toBeLessThanOrEqual(200_000);
    // The weights and Adam's moments alone are 2.4 MB here.
    expect(text(make(DEFAULT_SPACE, { seed: 1, snapshotForm: 'weights' })).length).toBeGreaterThan(2_000_000);
    const fresh = make(DEFAULT_SPACE, { seed: 2 });
    fresh.restore(JSON.parse(saved));
    expect(fresh.outstanding()).toEqual([open[0]!.id]);
    fresh.tell(open[0]!.id, { reward: 0.5 });
    whole.tell(open[1]!.id, { reward: 0.5 });
    expect(run(fresh, 40)).toEqual(run(whole, 40));
    expect(text(fresh)).toBe(text(whole));
  });

  it('holds the calls (at most 15 characters a trial), the options to replay them under and a digest, not the weights', () => {
    const small = { decisions: Array.from({ length: 4 }, (_, i) => ({ name: `d${i}`, size: 3 })) };
    const c = make(small, { seed: 3, hiddenSize: 8, batchSize: 4 });
    const at = (n: number): number => {
      run(c, n);
      return (c.snapshot() as { state: { log: string } }).state.log.length;
    };
    const first = at(30);
    const second = at(30);
    // 10 bytes a trial (ask, tell with its id below 64 and the reward's 8 bytes), 2 a failed one; base64 adds a third.
    expect(second - first).toBeGreaterThan(30 * 10);
    expect(second - first).toBeLessThanOrEqual(30 * 15);
    const { state } = c.snapshot() as { state: Record<string, unknown> };
    expect(Object.keys(state).sort()).toEqual(['digest', 'log', 'recipe']);
    expect(state.digest).toMatch(/^[0-9a-f]{16}$/);
    expect((state.recipe as Record<string, unknown>).hiddenSize).toBe(8);
  });

  it('restores a snapshot that holds weights (snapshotForm: weights, and older snapshots), continues exactly, and keeps writing weights', () => {
    const options = { hiddenSize: 16, batchSize: 5 };
    const a = make(DEFAULT_SPACE, { ...options, seed: 4, snapshotForm: 'weights' });
    const b = make(DEFAULT_SPACE, { ...options, seed: 4 });
    expect(run(a, 23)).toEqual(run(b, 23));
    const old = JSON.parse(text(a)) as { proposed: unknown; state: Record<string, unknown> };
    expect(Object.keys(old.state)).toEqual(['policy', 'adam', 'baseline', 'meanSquare', 'updates', 'elites', 'buffer']);
    expect(old.proposed).toHaveLength(23);
    const restored = make(DEFAULT_SPACE, { ...options, seed: 5 });
    restored.restore(old);
    expect(run(restored, 17)).toEqual(run(b, 17));
    expect((restored.snapshot() as { state: Record<string, unknown> }).state.policy).toBeDefined();
    // And the other way: a controller that writes weights restores a snapshot of calls.
    const writesWeights = make(DEFAULT_SPACE, { ...options, seed: 6, snapshotForm: 'weights' });
    writesWeights.restore(b.snapshot());
    expect(run(writesWeights, 7)).toEqual(run(b, 7));
    const same = make(DEFAULT_SPACE, { ...options, seed: 4, snapshotForm: 'weights' });
    for (const n of [23, 17, 7]) run(same, n);
    expect(text(writesWeights)).toBe(text(same));
  });

  it('validates snapshotForm', () => {
    expect(() => make(DEFAULT_SPACE, { snapshotForm: 'bytes' as never })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid controller option at snapshotForm: expected 'calls' or 'weights', received "bytes"]`,
    );
  });

  it('refuses a snapshot of a controller built with other options, naming the option, and keeps its state', () => {
    const c = make(DEFAULT_SPACE, { seed: 6, hiddenSize: 8, batchSize: 4 });
    run(c, 9);
    const other = make(DEFAULT_SPACE, { seed: 6, hiddenSize: 8, batchSize: 4, entropyWeight: 0.1 });
    const before = text(other);
    expect(() => other.restore(c.snapshot())).toThrowErrorMatchingInlineSnapshot(
      `[ControllerStateError: Invalid controller snapshot at snapshot.state.recipe.entropyWeight: expected 0.1, this controller's entropyWeight (a snapshot restores into a controller built with the same options; the seed may differ), received 0.03]`,
    );
    expect(text(other)).toBe(before);
  });

  it('refuses a log that does not replay to its digest, or holds a call the controller refuses', () => {
    const c = make(DEFAULT_SPACE, { seed: 7, hiddenSize: 8, batchSize: 4 });
    run(c, 9);
    const good = c.snapshot() as { state: Record<string, unknown> };
    const edit = (state: Record<string, unknown>): unknown => ({ ...good, state: { ...good.state, ...state } });
    const fresh = make(DEFAULT_SPACE, { seed: 7, hiddenSize: 8, batchSize: 4 });
    const before = text(fresh);
    expect(() => fresh.restore(edit({ digest: '0123456789abcdef' }))).toThrow(
      /snapshot\.state\.digest: expected [0-9a-f]{16}, the digest of the state its log replays to/,
    );
    // Only the first call: an ask, then a tell of a proposal never asked (id 5).
    const log = btoa(String.fromCharCode(0, 11, ...new Uint8Array(Float64Array.of(0.5).buffer)));
    expect(() => fresh.restore(edit({ log }))).toThrow(
      /snapshot\.state\.log\.1: expected a call the controller accepts, received "tell \(Unknown proposal id/,
    );
    expect(() => fresh.restore(edit({ log: '%%' }))).toThrow(ControllerStateError);
    expect(() => fresh.restore(edit({ recipe: { ...(good.state.recipe as object), seed: null } }))).toThrow(/state\.recipe\.seed/);
    expect(text(fresh)).toBe(before);
  });
});
