/**
 * The pairing of duet timing: each run of the model is followed by a run of
 * the reference network, and a sample is the ratio of the two times. With
 * fast-state selection, a timed pair counts only when the machine was in its
 * fast state for the whole of the model's run. Pure (the clocks are passed
 * in), so the rule is tested without timing anything.
 *
 * @internal
 * @module
 */

/** Fast-state selection: a pair counts when the reference ran within `thresholdMs` on both sides of the model's run. */
export interface FastState {
  readonly thresholdMs: number;
  /** Time that rejected pairs may take in one measurement, ms; after that every pair counts. */
  readonly maxWaitMs: number;
}

/** What a {@link DuetPairer} kept. */
export interface DuetPairs {
  /** The model's times of the counted pairs, ms, in order (warm-up pairs included). */
  readonly modelMs: number[];
  /** The reference's times of the same pairs, ms. */
  readonly referenceMs: number[];
  /** Timed pairs discarded (not in the fast state). */
  readonly rejected: number;
  /** True when `maxWaitMs` ran out, so later pairs counted whatever the state. */
  readonly waitedOut: boolean;
}

/** Runs pairs; see {@link duetPairer}. */
export interface DuetPairer {
  /** Runs pairs until one counts and returns its ratio (model / reference). */
  runOnce(): number;
  /** Call between warm-up and timed runs: selection applies to timed pairs only. */
  startTimed(): void;
  /** The pairs kept so far. */
  pairs(): DuetPairs;
}

/**
 * A pairer of `timeModel` and `timeReference` (each runs its network once and
 * returns the time, ms).
 *
 * Why both sides: a pair whose reference alone ran fast may follow a slow run
 * of the model (at a change of state, or a dip in the reference's noise), and
 * its ratio is then inflated, by up to the ratio of the two states' speeds.
 * When the fast state is rare, such pairs are a large share of those selected
 * by the reference after the model alone, and their median with them
 * (measured: a lookup-table benchmark whose largest models came out up to 1.9x
 * their plain duet times). Requiring the reference run before the model's run
 * (the previous pair's) to be fast as well brackets the model's run in the
 * fast state.
 */
export function duetPairer(timeModel: () => number, timeReference: () => number, fast: FastState | undefined): DuetPairer {
  const modelMs: number[] = [];
  const referenceMs: number[] = [];
  let timed = false;
  let rejected = 0;
  let waitedMs = 0;
  // The reference's time in the previous pair, counted or not.
  let lastReferenceMs = Infinity;
  const waitedOut = (): boolean => fast !== undefined && waitedMs >= fast.maxWaitMs;
  return {
    runOnce(): number {
      for (;;) {
        const t = timeModel();
        const r = timeReference();
        const before = lastReferenceMs;
        lastReferenceMs = r;
        const fastPair = fast !== undefined && r <= fast.thresholdMs && before <= fast.thresholdMs;
        if (!timed || fast === undefined || fastPair || waitedOut()) {
          modelMs.push(t);
          referenceMs.push(r);
          return t / r;
        }
        rejected++;
        waitedMs += t + r;
      }
    },
    startTimed(): void {
      timed = true;
    },
    pairs: () => ({ modelMs, referenceMs, rejected, waitedOut: waitedOut() }),
  };
}
