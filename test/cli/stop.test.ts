// SIGTERM and SIGINT end every command promptly with 143 or 130, children included: real processes,
// signalled once they print what shows they are at the stage under test (no timing bounds).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';
import { writeConfig } from './helpers.js';
import { type CliProcess, alive, childPids, commandLine, spawnCli } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-stop-'));
const running: CliProcess[] = [];
function cli(args: readonly string[]): CliProcess {
  const p = spawnCli(args);
  running.push(p);
  return p;
}
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Waits until `p` runs the WASM measurer's child process (not tsx's esbuild), and returns its id. */
async function waitForChild(pid: number, p: CliProcess): Promise<number> {
  for (;;) {
    const id = childPids(pid).find((c) => /measure[/\\]wasm[/\\]worker\.ts/.test(commandLine(c)));
    if (id !== undefined) return id;
    if (p.child.exitCode !== null) throw new Error(`mnas-ts exited before starting a child: ${p.err()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('mnas-ts and SIGTERM/SIGINT', { timeout: 300_000 }, () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s during the best model training stops it with %i, the search complete in the journal', async (signal, code) => {
    const out = join(dir, `best-${signal}`);
    // One zero-cost trial (no training), then a best-model training of 2 x 1e6 steps: it runs until stopped.
    const config = writeConfig(dir, `best-${signal}.json`, {
      evaluator: 'zero-cost',
      measurer: 'macs',
      trials: 1,
      baselines: 'none',
      controller: 'random',
      training: { steps: 1_000_000, trainSize: 256, validationSize: 64 },
      out,
    });
    const p = cli(['search', '--config', config, '--no-progress']);
    await p.waitFor('Report: ');
    p.child.kill(signal);
    expect(await p.exited).toBe(code);
    expect(p.err()).toContain(`Stopping after recording finished trials (${signal}`);
    expect(p.err()).toContain(
      `Interrupted while training the best model: the search is complete in ${join(out, 'journal.jsonl')}; run the same command with --resume`,
    );
    expect(p.out()).not.toContain('Best model (');
    expect((await readJournal(join(out, 'journal.jsonl'))).trials).toHaveLength(1);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s on measure ends its WASM child process before it exits with %i', async (signal, code) => {
    // 100,000 timed runs of MnasNet-A1 at 224: the measurement runs until stopped.
    const p = cli(['measure', 'mnasnet-a1', '--runs', '100000']);
    const pid = p.child.pid as number;
    const child = await waitForChild(pid, p);
    p.child.kill(signal);
    expect(await p.exited).toBe(code);
    expect(alive(child)).toBe(false);
    expect(p.err()).toContain(`Stopped (${signal})`);
  });

  it('SIGTERM during the duet calibration of measure ends its child process and exits 143', async () => {
    // --duet calibrates the reference network first (a child process of its own), before measuring.
    const p = cli(['measure', 'mnasnet-a1', '--duet', '--runs', '100000']);
    const child = await waitForChild(p.child.pid as number, p);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(143);
    expect(alive(child)).toBe(false);
    expect(p.err()).toContain('Stopped (SIGTERM): nothing was measured.');
  });
});
