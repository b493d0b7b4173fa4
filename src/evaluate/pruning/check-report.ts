/**
 * Argument checks shared by the pruners.
 *
 * @module
 */

import { EvaluationError, InvalidOptionsError, fieldMessage } from '../../errors.js';
import type { ErrorPath } from '../../errors.js';

/** Throws EvaluationError unless `trialKey` is a non-empty string, `step` a positive safe integer and `value` finite. */
export function checkReport(trialKey: unknown, step: unknown, value: unknown): void {
  if (typeof trialKey !== 'string' || trialKey === '') {
    throw new EvaluationError(fieldMessage('pruner report', ['trialKey'], 'a non-empty string', trialKey), { path: ['trialKey'] });
  }
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 1) {
    throw new EvaluationError(fieldMessage(`pruner report of trial ${trialKey}`, ['step'], 'a positive integer', step), { path: ['step'] });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new EvaluationError(fieldMessage(`pruner report of trial ${trialKey}`, ['value'], 'a finite number', value), { path: ['value'] });
  }
}

/** Throws InvalidOptionsError unless `maxStep` is a positive safe integer. */
export function checkMaxStep(maxStep: unknown): void {
  if (typeof maxStep !== 'number' || !Number.isSafeInteger(maxStep) || maxStep < 1) {
    throw new InvalidOptionsError(fieldMessage('argument', ['maxStep'], 'a positive integer', maxStep), { path: ['maxStep'] });
  }
}

/** Throws InvalidOptionsError for a malformed pruner snapshot. */
export function badSnapshot(path: ErrorPath, expected: string, received: unknown): never {
  throw new InvalidOptionsError(fieldMessage('pruner snapshot', path, expected, received), { path });
}

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
