/** Writes a bench's output into a docs page between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`. */
import { readFileSync, writeFileSync } from 'node:fs';

/** @throws Error when the page lacks the two markers. */
export function writeBetweenMarkers(file: string, name: string, lines: readonly string[]): void {
  const page = readFileSync(file, 'utf8');
  const [open, close] = [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`];
  const i = page.indexOf(open);
  const j = page.indexOf(close);
  if (i < 0 || j < i) throw new Error(`--out ${file}: the markers ${open} and ${close} are missing`);
  writeFileSync(file, `${page.slice(0, i + open.length)}\n${lines.join('\n')}\n${page.slice(j)}`);
}
