/**
 * What each script of examples/ prints with tiny budgets (MNAS_EXAMPLE_SMOKE=1):
 * checked from this checkout (examples.test.ts) and from the packed tarball
 * installed into a fresh project (package/tarball.test.ts).
 */
import { spawn } from 'node:child_process';

export const EXAMPLE_OUTPUT: Readonly<Record<string, RegExp>> = {
  'default-search.ts': /Pareto front of 2 trials \(accuracy vs latency\):\n {2}#\d+ acc 0\.\d+ \d+\.\d+ ms {2}\w/,
  'compare-controllers.ts': /optimum 1\.\d+\n.*\nrandom .*\nevolution .*\nreinforce .*\nppo /,
  'custom-space.ts': /tokens round-trip: true\n(fashion-mnist|mnist): best of 2: acc/,
  'ask-tell.ts': /snapshot of \d+ bytes restored into a fresh controller\n24 candidates; best reward 0\.\d+/,
  'custom-measurer.ts':
    /tensors leaked: 0\n4 sampled architectures; in-process cpu latency .*\nKendall tau of the MACs count against the measured latency: -?[01]\.\d{3}/,
  'mnasnet-a1.ts': /parameters/,
  'own-images.ts':
    /classes disc, square, stripes; 15 training and 3 validation images\ntarget \d+\.\d{3} ms: the median of 3 sampled networks .*\n\d of 3 trials over the target\nbest: acc \d\.\d{3} \d+\.\d{3} ms .*; outputs: disc, square, stripes/,
  'wasm-latency.ts':
    /referenceMs \d+\.\d{2} .*\nlookup table: \d+ entries \(\d+ measured\)\nfitted overhead -?\d+\.\d{2} ms on 2 architectures\n( {2}measured \d+\.\d{2} ms, predicted -?\d+\.\d{2} ms .*\n){2}Kendall tau of the lookup table against the measurements: -?[01]\.\d{3}/,
};

/** stderr without the banner tfjs prints in Node (which an example cannot turn off). */
export function stderrOfExample(err: string): string {
  return err.replace(/=+\nHi, looks like you are running TensorFlow\.js in Node\.js[^\n]*\n=+\n/g, '').trim();
}

/** The exit code and output of `node <args>` in `cwd`. */
export function runNode(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
