/**
 * Types shared by the multi-objective utilities.
 *
 * @module
 */

/** Whether an objective is better when smaller (`'minimize'`, e.g. latency) or larger (`'maximize'`, e.g. accuracy). */
export type Direction = 'minimize' | 'maximize';

/** One point in objective space: one finite number per objective, in the order of the `directions`. */
export type ObjectivePoint = readonly number[];
