/**
 * Learning-rate schedules of {@link ProxyTrainer}.
 *
 * @module
 */

import type { LearningRateSchedule } from './proxy-trainer-options.js';

/**
 * Learning rate at `step` (0-based) of `total` steps: `base` for
 * `constant`; `base * (1 + cos(pi * step / total)) / 2` for `cosine`
 * (SGDR without restarts, Loshchilov and Hutter, ICLR 2017).
 *
 * @example
 * learningRateAt('cosine', 0.1, 0, 100); // 0.1
 * learningRateAt('cosine', 0.1, 50, 100); // 0.05
 */
export function learningRateAt(schedule: LearningRateSchedule, base: number, step: number, total: number): number {
  if (schedule === 'constant' || total <= 0) return base;
  return (base * (1 + Math.cos((Math.PI * Math.min(step, total)) / total))) / 2;
}
