import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchReport } from '../../src/cli/watch-report.js';
import { JournalError } from '../../src/index.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-watch-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const full = join(dir, 'run', 'journal.jsonl');
/** The journal's first `trials` trial lines after its header, as a search that far along has written it. */
const firstLines = (trials: number): string =>
  `${readFileSync(full, 'utf8')
    .split('\n')
    .slice(0, 1 + trials)
    .join('\n')}\n`;

beforeAll(async () => {
  const r = await cli(
    'search',
    '--benchmark',
    'nas-bench-201',
    '--controller',
    'random',
    '--trials',
    '12',
    '--out',
    join(dir, 'run'),
    '--no-progress',
  );
  expect(r.code).toBe(0);
}, 120_000);

describe('watchReport', () => {
  it('rewrites the report when the journal grows, not otherwise, and writes a page that does not reload when stopped', async () => {
    const journal = join(dir, 'growing.jsonl');
    const out = join(dir, 'watch', 'report.html');
    writeFileSync(journal, firstLines(5));
    const stop = new AbortController();
    const writes: [number, boolean, string][] = [];
    let sleeps = 0;
    await watchReport({
      journal,
      out,
      signal: stop.signal,
      onWrite: (trials, final) => writes.push([trials, final, readFileSync(out, 'utf8')]),
      // The test's clock: the second wait sees the search write seven more trials, the fourth is Ctrl-C.
      sleep: async () => {
        sleeps += 1;
        if (sleeps === 2) writeFileSync(journal, firstLines(12));
        if (sleeps === 4) stop.abort();
      },
    });
    expect(writes.map(([trials, final]) => [trials, final])).toEqual([
      [5, false],
      [12, false],
      [12, true],
    ]);
    const [, , watching] = writes[0] as [number, boolean, string];
    expect(watching).toContain('<title>mnas-ts search report (watching)</title>');
    expect(watching).toContain('<meta http-equiv="refresh" content="5">');
    const [, , last] = writes[2] as [number, boolean, string];
    expect(last).not.toContain('http-equiv="refresh"');
    expect(last).toContain('12 trials');
  });

  it('refuses a missing journal with a JournalError', async () => {
    const error = await watchReport({
      journal: join(dir, 'none.jsonl'),
      out: join(dir, 'x.html'),
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
  });
});

describe('mnas-ts report --watch', { timeout: 120_000 }, () => {
  it('says what it watches, reports, and on Ctrl-C writes the final page and exits with 130, as any command stopped by Ctrl-C', async () => {
    const out = join(dir, 'cli-watch.html');
    const cliPath = join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, 'report', full, '--out', out, '--watch'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let interrupted = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        // One Ctrl-C: a second one, sent when later output arrives, would stop the final write.
        if (!interrupted && stdout.includes('(watching)')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', resolve);
    });
    expect(stdout).toContain(`Watching ${full}: ${out} is rewritten as it grows (Ctrl-C to stop)`);
    expect(stdout).toContain(`Report of 12 trials (watching): ${out}`);
    expect(stdout).toContain(`Report of 12 trials: ${out}`);
    expect(stderr).toContain('Stopping the watch after a last report (SIGINT');
    expect(code).toBe(130);
    expect(readFileSync(out, 'utf8')).not.toContain('http-equiv="refresh"');
  });
});
