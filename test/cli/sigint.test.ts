import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';

const cliPath = join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts');
const dir = mkdtempSync(join(tmpdir(), 'mnas-sigint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

function runCli(
  args: string[],
  interruptAtLines?: { journal: string; lines: number; signal?: NodeJS.Signals },
): Promise<{ code: number | null; err: string; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    let sent = false;
    const timer = setInterval(() => {
      if (interruptAtLines && !sent && lines(interruptAtLines.journal) >= interruptAtLines.lines) {
        sent = true;
        child.kill(interruptAtLines.signal ?? 'SIGINT');
      }
    }, 5);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, err, out });
    });
  });
}

// Each test starts the CLI under tsx (twice for the resume): tens of seconds on a loaded 2-core machine.
describe('mnas-ts search and Ctrl-C or SIGTERM', { timeout: 300_000 }, () => {
  it('stops cleanly on SIGINT with exit code 130 and a journal that resumes', async () => {
    const out = join(dir, 'run');
    const journal = join(out, 'journal.jsonl');
    const base = ['search', '--benchmark', 'nas-bench-201', '--controller', 'evolution', '--out', out, '--no-progress'];
    const first = await runCli([...base, '--trials', '1000000'], { journal, lines: 8 });
    expect(first.code).toBe(130);
    expect(first.err).toMatch(
      /Interrupted: \d+ finished trials are in .*journal\.jsonl\. Run the same command with --resume to continue\./,
    );
    const done = (await readJournal(journal)).trials.length;
    expect(done).toBeGreaterThanOrEqual(7);
    const second = await runCli([...base, '--trials', String(done + 5), '--resume']);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(new RegExp(`Done: ${done + 5} trials \\(${done} from the journal\\)`));
  });

  it('stops cleanly on SIGTERM with exit code 143, keeping the finished trials', async () => {
    const out = join(dir, 'term');
    const journal = join(out, 'journal.jsonl');
    const args = ['search', '--benchmark', 'nas-bench-201', '--controller', 'random', '--out', out, '--no-progress', '--trials', '1000000'];
    const run = await runCli(args, { journal, lines: 4, signal: 'SIGTERM' });
    expect(run.code).toBe(143);
    expect(run.err).toContain('Stopping after recording finished trials (SIGTERM');
    expect(run.err).toMatch(/Interrupted: \d+ finished trials are in .*journal\.jsonl\./);
    expect((await readJournal(journal)).trials.length).toBeGreaterThanOrEqual(3);
    // The report of the finished trials is written, and the message says how to resume and how to report again.
    expect(run.err).toContain('Run the same command with --resume to continue.');
    expect(run.err).toContain(`Report so far: ${join(out, 'report.html')} (again at any time: mnas-ts report ${journal})`);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('mnas-ts search report (interrupted)');
    expect(report).toContain('<svg');
  });
});
