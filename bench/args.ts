/**
 * The one argument parser of the bench scripts: commander, as the `mnas-ts` CLI. A script declares
 * its flags on {@link benchCommand} with the parsers below, so that `--help` lists them, a value
 * that does not parse or an unknown flag stops the script with a message naming the flag, and
 * `.opts()` holds typed values.
 */
import { Command, InvalidArgumentError } from 'commander';

/**
 * The command of `npm run bench:<name>`: unknown flags and stray arguments are errors (with the
 * help after them), `--help` prints the flags.
 * @example const opts = benchCommand('hypervolume', 'NSGA-II against ...').option('--seeds <n>', 'seeds', integer(1), 30).parse().opts<{ seeds: number }>();
 */
export function benchCommand(name: string, description: string): Command {
  return new Command(`npm run bench:${name} --`).description(description).showHelpAfterError().allowExcessArguments(false);
}

/** Parser of an integer flag of at least `min`. */
export function integer(min = 0): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

/** Parser of a finite number. */
export function finite(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** Parser of a comma-separated list (`a,b,c`); empty items are refused. */
export function list(raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError('expected a comma-separated list without empty items');
  return items;
}

/** Parser of one of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T {
  return (raw) => {
    if (!(choices as readonly string[]).includes(raw)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return raw as T;
  };
}

/** Parser of a comma-separated list whose items are among `choices`. */
export function listOf(choices: readonly string[]): (raw: string) => string[] {
  return (raw) => {
    const items = list(raw);
    const unknown = items.filter((s) => !choices.includes(s));
    if (unknown.length > 0) throw new InvalidArgumentError(`unknown ${unknown.join(', ')} (known: ${choices.join(', ')})`);
    return items;
  };
}

/** Parser of a comma-separated list of numbers (`100,300,1000`). */
export function numbers(raw: string): number[] {
  return list(raw).map(finite);
}

/** Parser of a JSON object (`--set '{"ppo":{"seed":1}}'`). */
export function jsonObject(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new InvalidArgumentError(`expected a JSON object (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError('expected a JSON object');
  return value as Record<string, unknown>;
}

/** A `--shard i/n` value: this process takes the items whose position is i modulo n. */
export interface Shard {
  readonly i: number;
  readonly n: number;
}

/** Parser of `--shard i/n` with 0 <= i < n. */
export function shard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const [i, n] = [Number(m?.[1]), Number(m?.[2])];
  if (m === null || !(n >= 1) || !(i >= 0 && i < n)) throw new InvalidArgumentError('expected i/n with 0 <= i < n');
  return { i, n };
}

/** The script's arguments as a docs page records them: without `--out` and its file. */
export function recordedArgs(argv: readonly string[] = process.argv.slice(2)): string {
  return argv.filter((a, i) => a !== '--out' && argv[i - 1] !== '--out' && !a.startsWith('--out=')).join(' ');
}
