import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalLockPath, readJournal } from '../../src/index.js';
import { cli } from './helpers.js';

const cliPath = join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts');
const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const lineCount = (path: string): number => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);

/** Starts a real `mnas-ts search` child; resolves once its journal has `lines` complete lines. */
function startSearch(args: string[], journal: string, lines: number): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const timer = setInterval(() => {
      if (lineCount(journal) >= lines) {
        clearInterval(timer);
        resolve({ child, exited });
      }
    }, 5);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the search exited with ${code} before writing ${lines} lines: ${err}`));
    });
  });
}

describe('mnas-ts search: one writer per journal', () => {
  it('refuses --resume and --force while another search writes the journal (exit 2, naming it), and resumes once it was SIGKILLed', async () => {
    const out = join(dir, 'run');
    const journal = join(out, 'journal.jsonl');
    const base = ['search', '--benchmark', 'nas-bench-201', '--controller', 'random', '--out', out, '--no-progress', '--seed', '5'];
    const running = await startSearch([...base, '--trials', '1000000'], journal, 4);
    const pid = running.child.pid as number;
    const holderMessage = new RegExp(
      `^mnas-ts: Journal ${journal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another search: pid ${pid} on host ${JSON.stringify(hostname())} since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\(lock .*journal\\.jsonl\\.lock\\); wait for it to end or stop it$`,
    );
    let r = await cli(...base, '--trials', '50', '--resume');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(holderMessage);
    r = await cli(...base, '--trials', '50', '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(holderMessage);
    expect(existsSync(journal)).toBe(true);

    running.child.kill('SIGKILL');
    await running.exited;
    expect(JSON.parse(readFileSync(journalLockPath(journal), 'utf8')).pid).toBe(pid);
    const done = (await readJournal(journal)).trials.length;
    r = await cli(...base, '--trials', String(done + 3), '--resume');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Done: ${done + 3} trials \\(${done} from the journal\\)`));
    expect(existsSync(journalLockPath(journal))).toBe(false);
  }, 120_000);

  it('refuses --resume of a file that is not a journal with exit 2 and leaves it byte for byte', async () => {
    const out = join(dir, 'notes');
    mkdirSync(out, { recursive: true });
    const journal = join(out, 'journal.jsonl');
    writeFileSync(journal, 'my notes, not a journal\nsecond line\n');
    const before = readFileSync(journal);
    const r = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'random',
      '--out',
      out,
      '--no-progress',
      '--trials',
      '3',
      '--resume',
    );
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `mnas-ts: Cannot resume ${journal}: it is not a search journal (Corrupt journal line 1: not valid JSON (my notes, not a journal)); the file was left as it is`,
    );
    expect(readFileSync(journal).equals(before)).toBe(true);
    expect(existsSync(`${journal}.snapshot.json`)).toBe(false);
  }, 60_000);
});
