/**
 * When `search()` writes the controller snapshot: always when no trial is
 * outstanding, otherwise every `snapshotEvery` tells, or (`'auto'`) unless
 * the last write was recent compared with how long it took.
 *
 * @module
 */

/** @internal */
export class SnapshotCadence {
  private lastAt = -Infinity;
  private lastMs = 0;

  /**
   * @param every - `snapshotEvery` of the search options.
   * @param now - clock in ms.
   */
  constructor(
    private readonly every: number | 'auto',
    private readonly now: () => number,
  ) {}

  /**
   * Whether a snapshot is due after `told` of `asked` trials were told.
   * With `'auto'`, a write is due once 9 times its last duration has passed
   * since it ended, so writing takes at most about 10% of the search.
   */
  due(told: number, asked: number): boolean {
    if (told === asked) return true;
    if (this.every === 'auto') return this.now() - this.lastAt >= 9 * this.lastMs;
    return told % this.every === 0;
  }

  /** Runs `write` and records when it ended and how long it took. */
  async write(write: () => Promise<void>): Promise<void> {
    const begin = this.now();
    await write();
    this.lastAt = this.now();
    this.lastMs = this.lastAt - begin;
  }
}
