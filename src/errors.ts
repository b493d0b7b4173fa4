/**
 * Typed errors of mnas-ts.
 *
 * Every error the library throws on bad input or a failed operation is an
 * {@link MnasError} with a machine-readable `code` and the `path` of the
 * offending field (zod-style: `['blocks', 2, 'kernel']`). Messages name the
 * field, what was expected and what was received.
 *
 * @module
 */

/** Machine-readable error codes. */
export type MnasErrorCode =
  | 'invalid_architecture'
  | 'invalid_block_string'
  | 'invalid_space'
  | 'invalid_tokens'
  | 'invalid_options'
  | 'invalid_config'
  | 'invalid_reward_input'
  | 'controller_state'
  | 'measurement_failed'
  | 'evaluation_failed'
  | 'invalid_dataset'
  | 'journal'
  | 'export_failed'
  | 'missing_dependency'
  | 'aborted';

/** Path of a field inside a nested input, e.g. `['blocks', 2, 'kernel']`. */
export type ErrorPath = readonly (string | number)[];

/** Options shared by every {@link MnasError} constructor. */
export interface MnasErrorOptions {
  /** Path of the bad field inside the input. @defaultValue `[]` */
  readonly path?: ErrorPath;
  /** The underlying error, kept as `error.cause`. */
  readonly cause?: unknown;
  /** What a valid value is (`'an integer in [1, 4096]'`), when the error is about one field. */
  readonly expected?: string | undefined;
  /** The value received at `path`, when the error is about one field. */
  readonly received?: unknown;
}

/**
 * Formats a path as a JavaScript-like accessor: `['blocks', 2, 'kernel']`
 * becomes `blocks[2].kernel`; the empty path becomes `(root)`.
 */
export function formatPath(path: ErrorPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out.startsWith('[') ? `(root)${out}` : out;
}

/**
 * Describes a received value for an error message: strings are quoted,
 * numbers printed as they are (`NaN`, `Infinity` included), objects and
 * arrays abbreviated.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length > 8 ? `an array of length ${value.length}` : `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return 'an object';
  }
}

/** Base class of every error mnas-ts throws on purpose. */
export class MnasError extends Error {
  /** Machine-readable kind of error. */
  readonly code: MnasErrorCode;
  /** Path of the bad field inside the input (empty when not about a field). */
  readonly path: ErrorPath;
  /**
   * What a valid value at `path` is, as the message says it
   * (`'an odd integer in [1, 15]'`); `undefined` when the error is not about one field.
   */
  readonly expected: string | undefined;
  /** The value received at `path`; `undefined` when not known or not about one field. */
  readonly received: unknown;

  constructor(code: MnasErrorCode, message: string, options: MnasErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.path = options.path ?? [];
    this.expected = options.expected;
    this.received = options.received;
  }
}

/**
 * Builds the standard message `"<what> at <path>: expected <expected>, received <value>"`.
 *
 * @example
 * fieldMessage('block', ['blocks', 1, 'kernel'], 'one of 3, 5, 7', 4)
 * // 'Invalid block at blocks[1].kernel: expected one of 3, 5, 7, received 4'
 */
export function fieldMessage(what: string, path: ErrorPath, expected: string, received: unknown): string {
  return `Invalid ${what} at ${formatPath(path)}: expected ${expected}, received ${describeValue(received)}`;
}

/** An {@link Architecture} (or a part of one) is malformed. */
export class InvalidArchitectureError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_architecture', message, options);
  }
}

/**
 * An npm package that a part of mnas-ts needs (a peer or optional
 * dependency) is not installed. The message is one line naming the package
 * and the command that installs it.
 */
export class MissingDependencyError extends MnasError {
  /** The npm package that is missing. */
  readonly packageName: string;
  /** The command that installs it (`npm install ...`). */
  readonly install: string;

  constructor(packageName: string, install: string, neededBy: string, options: MnasErrorOptions = {}) {
    super('missing_dependency', `${neededBy} needs the npm package ${packageName}, which is not installed: ${install}`, options);
    this.packageName = packageName;
    this.install = install;
  }
}

/** A block string (TF-official or timm form) cannot be parsed. */
export class InvalidBlockStringError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_block_string', message, options);
  }
}

/** A search-space definition is malformed. */
export class InvalidSpaceError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_space', message, options);
  }
}

/** A token list does not fit a space's decisions (length or range). */
export class InvalidTokensError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_tokens', message, options);
  }
}

/** An options object passed to a library function is invalid. */
export class InvalidOptionsError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_options', message, options);
  }
}

/** A CLI flag or config file field is invalid. */
export class InvalidConfigError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_config', message, options);
  }
}

/** A reward function received an input outside its domain. */
export class RewardInputError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('invalid_reward_input', message, options);
  }
}

/** A controller was used out of order (unknown id, double tell, bad snapshot...). */
export class ControllerStateError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('controller_state', message, options);
  }
}

/** A latency measurement failed; `cause` and any tool output are attached. */
export class MeasurementError extends MnasError {
  /** Output of the external tool (adb, browser console...) when there was one. */
  readonly output: string | undefined;

  constructor(message: string, options: MnasErrorOptions & { readonly output?: string } = {}) {
    super('measurement_failed', message, options);
    this.output = options.output;
  }
}

/**
 * The runtime a measurer needs is not available here: an optional npm
 * package that is not installed, or a browser without the device (no WebGPU
 * adapter). Nothing was measured; callers and tests may skip rather than fail.
 */
export class RuntimeUnavailableError extends MeasurementError {
  /** What is missing, e.g. `'onnxruntime-node'` or `'webgpu-adapter'`. */
  readonly missing: string;

  constructor(message: string, options: MnasErrorOptions & { readonly missing: string }) {
    super(message, options);
    this.missing = options.missing;
  }
}

/** An accuracy evaluation failed. */
export class EvaluationError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('evaluation_failed', message, options);
  }
}

/** What is wrong with a dataset on disk ({@link InvalidDatasetError}). */
export type DatasetProblem =
  | 'missing'
  | 'empty'
  | 'one-class'
  | 'empty-class'
  | 'unknown-class'
  | 'corrupt-image'
  | 'not-an-image'
  | 'mixed-channels'
  | 'too-few-images'
  | 'bad-array';

/**
 * A dataset on disk (an image folder, `.npy` or IDX files) cannot be used:
 * `problem` says why, `file` names the folder or file, `path` is the file's
 * path inside the dataset (`['cat', 'img3.png']`).
 */
export class InvalidDatasetError extends MnasError {
  /** What is wrong. */
  readonly problem: DatasetProblem;
  /** The folder or file on disk the problem is in. */
  readonly file: string;

  constructor(message: string, options: MnasErrorOptions & { readonly problem: DatasetProblem; readonly file: string }) {
    super('invalid_dataset', message, options);
    this.problem = options.problem;
    this.file = options.file;
  }
}

/** A search journal is unreadable or corrupt. */
export class JournalError extends MnasError {
  /** 1-based line number of the bad journal line, when known. */
  readonly line: number | undefined;

  constructor(message: string, options: MnasErrorOptions & { readonly line?: number } = {}) {
    super('journal', message, options);
    this.line = options.line;
  }
}

/** A model could not be exported (unsupported layer, bad options...). */
export class ExportError extends MnasError {
  constructor(message: string, options: MnasErrorOptions = {}) {
    super('export_failed', message, options);
  }
}

/** An operation was cancelled through its `AbortSignal`. */
export class AbortError extends MnasError {
  constructor(message = 'The operation was aborted', options: MnasErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/** Throws {@link AbortError} when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('The operation was aborted', { cause: signal.reason });
}
