/**
 * The first line of a journal.
 *
 * @module
 */

/** The first line of a journal: what the search was run with. */
export interface JournalHeader {
  readonly type: 'header';
  readonly version: number;
  /** ISO time the search started. */
  readonly createdAt: string;
  /**
   * A random id drawn when the journal was created, so that two searches
   * started alike at the same moment still have distinct run ids (the
   * header's fingerprint). Absent from journals written before 0.2.
   */
  readonly id?: string;
  /** Fingerprint of the space's decisions, and their number. */
  readonly space: { readonly fingerprint: string; readonly decisions: number };
  /** Fingerprint of the controller's snapshot before its first ask. */
  readonly controllerFingerprint: string;
  /** Trials evaluated at once (the order of asks and tells depends on it). */
  readonly concurrency: number;
  /** Trial budget of the first run (`null`: none). */
  readonly trials: number | null;
  /** Name of the reward function. */
  readonly reward: string;
  /** The search's `meta` option, when given. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** The search's objectives (name and direction), when given. */
  readonly objectives?: readonly { readonly name: string; readonly direction: 'maximize' | 'minimize' }[];
  /** The search has a constraint. */
  readonly constrained?: boolean;
  /** The search's pruner (`kind` and `options` of its snapshot), when given. */
  readonly pruner?: {
    readonly kind: string;
    readonly options: Readonly<Record<string, unknown>>;
    /** `'model'` when the search promoted by the controller's model (absent: by the observed values). */
    readonly promotion?: 'model';
  };
}
