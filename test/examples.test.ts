// Smoke test: every script in examples/ runs to completion with tiny budgets
// (MNAS_EXAMPLE_SMOKE=1) and prints what it promises.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'mnas-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runExample(name: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, MNAS_EXAMPLE_SMOKE: '1', MNAS_EXAMPLE_JOURNAL: join(dir, `${name}.jsonl`) };
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'examples', name)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const expected: Record<string, RegExp> = {
  'default-search.ts': /Pareto front of 2 trials \(accuracy vs latency\):\n {2}#\d+ acc 0\.\d+ \d+\.\d+ ms {2}\w/,
  'compare-controllers.ts': /optimum 1\.\d+\n.*\nrandom .*\nevolution .*\nreinforce .*\nppo /,
  'custom-space.ts': /tokens round-trip: true\n(fashion-mnist|mnist): best of 2: acc/,
  'ask-tell.ts': /snapshot of \d+ bytes restored into a fresh controller\n24 candidates; best reward 0\.\d+/,
  'custom-measurer.ts':
    /tensors leaked: 0\n4 sampled architectures; in-process cpu latency .*\nKendall tau of the MACs proxy against the measured latency: -?[01]\.\d{3}/,
  'mnasnet-a1.ts': /parameters/,
  'own-images.ts':
    /classes disc, square, stripes; 15 training and 3 validation images\ntarget \d+\.\d{3} ms: the median of 3 sampled networks .*\n\d of 3 trials over the target\nbest: acc \d\.\d{3} \d+\.\d{3} ms .*; outputs: disc, square, stripes/,
  'wasm-latency.ts':
    /referenceMs \d+\.\d{2} .*\nlookup table: \d+ entries \(\d+ measured\)\nfitted overhead -?\d+\.\d{2} ms on 2 architectures\n( {2}measured \d+\.\d{2} ms, predicted -?\d+\.\d{2} ms .*\n){2}Kendall tau of the lookup table against the measurements: -?[01]\.\d{3}/,
};

// Each example runs in a tsx child process, some measuring and training for real: on a loaded 2-core
// machine wasm-latency.ts took over 60 s, the default test timeout.
describe('examples', { timeout: 300_000 }, () => {
  it('has a smoke check for every example', () => {
    expect(
      readdirSync(join(root, 'examples'))
        .filter((f) => f.endsWith('.ts'))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  for (const [name, pattern] of Object.entries(expected)) {
    it(`runs ${name}`, async () => {
      const r = await runExample(name);
      expect(r.err.replace(/=+\nHi, looks like you are running TensorFlow\.js in Node\.js[^\n]*\n=+\n/g, '').trim()).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(pattern);
    });
  }
});
