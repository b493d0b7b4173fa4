/**
 * Decodes `.tflite` bytes with `flatc --json` against the TFLite schema in
 * `../shared/tflite/schema.fbs`: an independent reader of what `toTflite` writes.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The schema, beside the clone as in CI. */
export const SCHEMA_PATH = resolve(repoRoot, '../shared/tflite/schema.fbs');

/** Why the flatc tests are skipped, or undefined when flatc and the schema are there. */
export const FLATC_MISSING: string | undefined = (() => {
  if (spawnSync('flatc', ['--version']).status !== 0) return 'flatc is not installed (Debian package flatbuffers-compiler)';
  try {
    readFileSync(SCHEMA_PATH);
  } catch {
    return `the TFLite schema is missing at ${SCHEMA_PATH}`;
  }
  return undefined;
})();

if (FLATC_MISSING !== undefined) console.warn(`Skipping the flatc checks of exported .tflite files: ${FLATC_MISSING}`);

/**
 * The schema as the installed flatc accepts it. Debian's flatc 2.0.8 rejects
 * attributes on enum values and union members (`REDUCE_WINDOW = 205
 * (deprecated)`); those attributes do not change the binary layout, so a
 * copy without them decodes the same files.
 */
function compatibleSchema(dir: string): string {
  const probe = spawnSync('flatc', ['--json', '-o', dir, SCHEMA_PATH], { encoding: 'utf8' });
  if (probe.status === 0) return SCHEMA_PATH;
  const text = readFileSync(SCHEMA_PATH, 'utf8').replace(/^(\s+[A-Za-z_0-9]+(?:\s*=\s*\d+)?)\s*\(deprecated\)\s*,/gm, '$1,');
  const copy = join(dir, 'schema.fbs');
  writeFileSync(copy, text);
  return copy;
}

/** A decoded TFLite model (the fields tests read). */
export interface TfliteJson {
  version: number;
  description?: string;
  operator_codes: { builtin_code: string; deprecated_builtin_code: number; version: number }[];
  subgraphs: {
    tensors: { shape: number[]; type: string; buffer: number; name: string }[];
    inputs: number[];
    outputs: number[];
    operators: {
      opcode_index: number;
      inputs: number[];
      outputs: number[];
      builtin_options_type: string;
      builtin_options?: Record<string, unknown>;
    }[];
  }[];
  buffers: { data?: number[] }[];
}

/**
 * Runs `flatc --json --strict-json --defaults-json --raw-binary -o OUT schema.fbs -- model.tflite`
 * and parses the JSON. Throws with flatc's output when it fails.
 */
export function decodeTflite(bytes: Uint8Array): TfliteJson {
  const dir = mkdtempSync(join(tmpdir(), 'mnas-flatc-'));
  try {
    const schema = compatibleSchema(dir);
    writeFileSync(join(dir, 'model.tflite'), bytes);
    const r = spawnSync(
      'flatc',
      ['--json', '--strict-json', '--defaults-json', '--raw-binary', '-o', dir, schema, '--', join(dir, 'model.tflite')],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`flatc failed (${String(r.status)}): ${r.stdout}${r.stderr}`);
    return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as TfliteJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Operator names of the main subgraph, in order. */
export function operatorNames(model: TfliteJson): string[] {
  const codes = model.operator_codes.map((c) => c.builtin_code);
  return model.subgraphs[0]!.operators.map((op) => codes[op.opcode_index]!);
}

/** Float32 values of a constant tensor's buffer. */
export function constantValues(model: TfliteJson, tensorIndex: number): Float32Array {
  const t = model.subgraphs[0]!.tensors[tensorIndex]!;
  const data = Uint8Array.from(model.buffers[t.buffer]?.data ?? []);
  return new Float32Array(data.buffer, 0, data.length / 4);
}
