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
