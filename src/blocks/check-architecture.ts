/**
 * The architecture check `buildModel` runs before touching tfjs.
 *
 * Interim: a minimal structural check of what the builder relies on, until
 * `assertArchitecture` from `space/` is available; then this delegates to it.
 *
 * @module
 */

import { type ErrorPath, InvalidArchitectureError, fieldMessage } from '../errors.js';
import type { Architecture } from '../space/types.js';

type Rec = Record<string, unknown>;

function fail(path: ErrorPath, expected: string, received: unknown): never {
  throw new InvalidArchitectureError(fieldMessage('architecture', path, expected, received), { path });
}

function object(value: unknown, path: ErrorPath): Rec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Rec;
}

function int(owner: Rec, key: string, path: ErrorPath, min: number): number {
  const value = owner[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail([...path, key], `an integer >= ${min}`, value);
  }
  return value;
}

function oneOf(owner: Rec, key: string, path: ErrorPath, options: readonly unknown[]): void {
  if (!options.includes(owner[key])) fail([...path, key], `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, owner[key]);
}

function rate(owner: Rec, key: string, path: ErrorPath, max: number, maxIncluded: boolean): void {
  const value = owner[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max || (!maxIncluded && value === max)) {
    fail([...path, key], `a number in [0, ${max}${maxIncluded ? ']' : ')'}`, value);
  }
}

function checkKernelStride(owner: Rec, path: ErrorPath): void {
  if (int(owner, 'kernel', path, 1) % 2 === 0) fail([...path, 'kernel'], 'an odd kernel size', owner['kernel']);
  int(owner, 'stride', path, 1);
}

function checkBlock(value: unknown, path: ErrorPath): void {
  const block = object(value, path);
  oneOf(block, 'op', path, ['conv', 'dwconv', 'mbconv']);
  checkKernelStride(block, path);
  const expansion = int(block, 'expansion', path, 1);
  if (block['op'] !== 'mbconv' && expansion !== 1) fail([...path, 'expansion'], `1 for op ${String(block['op'])}`, expansion);
  rate(block, 'seRatio', path, 1, true);
  oneOf(block, 'skip', path, ['none', 'identity', 'pool']);
  int(block, 'filters', path, 1);
  int(block, 'repeats', path, 1);
}

function checkAll(value: unknown): void {
  const arch = object(value, []);
  const shape = arch['inputShape'];
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 1)) {
    fail(['inputShape'], '[height, width, channels] of positive integers', shape);
  }
  int(arch, 'numClasses', [], 1);
  oneOf(arch, 'activation', [], ['relu', 'relu6']);
  const stem = object(arch['stem'], ['stem']);
  int(stem, 'filters', ['stem'], 1);
  checkKernelStride(stem, ['stem']);
  const blocks = arch['blocks'];
  if (!Array.isArray(blocks)) fail(['blocks'], 'an array of blocks', blocks);
  blocks.forEach((block, i) => checkBlock(block, ['blocks', i]));
  const head = object(arch['head'], ['head']);
  int(head, 'filters', ['head'], 0);
  rate(head, 'dropout', ['head'], 1, false);
}

/**
 * Checks that `arch` is an {@link Architecture} the builder can build.
 *
 * @param arch - the value to check (possibly untyped JSON).
 * @throws InvalidArchitectureError naming the path of the first bad field and the value received.
 * @example
 * checkArchitecture({ ...arch, numClasses: 0 }); // throws, path ['numClasses']
 */
export function checkArchitecture(arch: unknown): asserts arch is Architecture {
  checkAll(arch);
}
