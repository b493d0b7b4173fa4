// Smoke test: every script in examples/ runs from this checkout (`mnas-ts` is the sources through
// tsconfig.json's paths) to completion with tiny budgets (MNAS_EXAMPLE_SMOKE=1) and prints what it
// promises. package/tarball.test.ts runs them again from the packed package.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OUTPUT, runNode, stderrOfExample } from './examples.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'mnas-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each example runs in a tsx child process, some measuring and training for real: on a loaded 2-core
// machine wasm-latency.ts took over 60 s, the default test timeout.
describe('examples', { timeout: 300_000 }, () => {
  it('has a smoke check for every example', () => {
    expect(
      readdirSync(join(root, 'examples'))
        .filter((f) => f.endsWith('.ts'))
        .sort(),
    ).toEqual(Object.keys(EXAMPLE_OUTPUT).sort());
  });

  for (const [name, pattern] of Object.entries(EXAMPLE_OUTPUT)) {
    it(`runs ${name}`, async () => {
      const r = await runNode(['--import', 'tsx', join(root, 'examples', name)], root, {
        MNAS_EXAMPLE_SMOKE: '1',
        MNAS_EXAMPLE_JOURNAL: join(dir, `${name}.jsonl`),
      });
      expect(stderrOfExample(r.err)).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(pattern);
    });
  }
});
