/** The command-line arguments of a bench script that takes `--name value` flags. */

/** The script's arguments. */
export const ARGS = process.argv.slice(2);

/** The value after `--name`, or `fallback` when the flag is absent. */
export function option(name: string, fallback: string): string {
  const i = ARGS.indexOf(`--${name}`);
  return i >= 0 ? (ARGS[i + 1] as string) : fallback;
}

/** The arguments as a page records them: without `--out` and its file. */
export function recordedArgs(): string {
  return ARGS.filter((a, i) => a !== '--out' && ARGS[i - 1] !== '--out').join(' ');
}

/** A `--shard i/n` value: this process takes the items whose position is i modulo n. */
export function parseShard(raw: string): { i: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const [i, n] = [Number(m?.[1]), Number(m?.[2])];
  if (m === null || !(n >= 1) || !(i >= 0 && i < n)) throw new Error(`--shard: expected i/n with 0 <= i < n, received ${raw}`);
  return { i, n };
}
