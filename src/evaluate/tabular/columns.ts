/**
 * Validation of the columnar JSON benchmark files.
 *
 * @module
 */

import { EvaluationError, describeValue, formatPath, type ErrorPath } from '../../errors.js';

/** Reads `data[...path]`. */
export function field(data: unknown, path: ErrorPath): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/**
 * A numeric column of exactly `length` entries as a Float64Array; `null`
 * entries become NaN when `allowNull`.
 * @throws EvaluationError when the column is missing, has the wrong length or a bad entry.
 */
export function numberColumn(data: unknown, path: ErrorPath, length: number, allowNull = false): Float64Array {
  const col = field(data, path);
  if (!Array.isArray(col) || col.length !== length) {
    throw new EvaluationError(
      `Invalid benchmark data at ${formatPath(path)}: expected an array of ${length} numbers, received ${describeValue(col)}`,
      { path },
    );
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v: unknown = col[i];
    if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else if (v === null && allowNull) out[i] = NaN;
    else {
      throw new EvaluationError(
        `Invalid benchmark data at ${formatPath([...path, i])}: expected a finite number${allowNull ? ' or null' : ''}, received ${describeValue(v)}`,
        { path: [...path, i] },
      );
    }
  }
  return out;
}

/** @throws EvaluationError unless `data.format` equals `format`. */
export function expectFormat(data: unknown, format: string): void {
  const got = field(data, ['format']);
  if (got !== format) {
    throw new EvaluationError(`Invalid benchmark data at format: expected "${format}", received ${describeValue(got)}`, {
      path: ['format'],
    });
  }
}
