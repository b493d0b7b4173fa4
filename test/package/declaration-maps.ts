/**
 * Reads a declaration map (source map v3) as an editor's "go to definition"
 * does: from a line of a `.d.ts` to the line of the source it came from.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The base64 VLQ numbers of one mapping segment. */
function vlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Where line `line` (0-based) of the declaration file `dts` comes from: the
 * absolute path of the source (resolved against the map's folder and
 * `sourceRoot`) and its 0-based line, from the line's first mapped segment.
 */
export function sourceOf(dts: string, line: number): { file: string; line: number } | undefined {
  const mapPath = `${dts}.map`;
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[]; sourceRoot?: string; mappings: string };
  let source = 0;
  let sourceLine = 0;
  const lines = map.mappings.split(';');
  for (let l = 0; l < lines.length; l++) {
    for (const segment of (lines[l] as string).split(',').filter(Boolean)) {
      const [, ds = 0, dl = 0] = vlq(segment);
      source += ds;
      sourceLine += dl;
      if (l === line) return { file: resolve(dirname(mapPath), map.sourceRoot ?? '', map.sources[source] as string), line: sourceLine };
    }
  }
  return undefined;
}
