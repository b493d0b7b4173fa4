// The CLI and the files it is given: --force deletes only journals, no output
// overwrites an input, FIFOs are refused, and journal strings reach the
// terminal with their control characters escaped.
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';
import { progressReporter } from '../../src/cli/progress.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const base = (out: string): string[] => ['search', '--benchmark', 'nas-bench-201', '--controller', 'random', '--out', out, '--no-progress'];

/** A finished 4-trial journal in a fresh folder; returns the journal's path. */
async function journalOf(): Promise<string> {
  const out = join(dir, `run${n++}`);
  const r = await cli(...base(out), '--trials', '4');
  expect(r.code).toBe(0);
  return join(out, 'journal.jsonl');
}

describe('mnas-ts search --force', () => {
  it('refuses a file that is not a journal with exit 2 and leaves it byte for byte', async () => {
    const out = join(dir, `notes${n++}`);
    mkdirSync(out);
    const journal = join(out, 'journal.jsonl');
    for (const content of ['my notes\n', '{"type":"header" but not JSON', 'a\rb\rc']) {
      writeFileSync(journal, content);
      const r = await cli(...base(out), '--trials', '2', '--force');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^mnas-ts: Cannot delete .*journal\.jsonl: it is not a search journal \(.+\); the file was left as it is$/);
      expect(readFileSync(journal, 'utf8')).toBe(content);
    }
  });

  it('refuses a FIFO at the journal path with exit 2 without waiting on it', async () => {
    const out = join(dir, `fifo${n++}`);
    mkdirSync(out);
    const journal = join(out, 'journal.jsonl');
    execFileSync('mkfifo', [journal]);
    for (const flag of ['--force', '--resume']) {
      const r = await cli(...base(out), '--trials', '2', flag);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/it is a FIFO \(named pipe\), not a regular file; it was left as it is/);
      expect(lstatSync(journal).isFIFO()).toBe(true);
    }
  });

  it('deletes a journal and its snapshot, and starts over', async () => {
    const journal = await journalOf();
    const out = join(journal, '..');
    const r = await cli(...base(out), '--trials', '2', '--force');
    expect(r.code).toBe(0);
    expect((await readJournal(journal)).trials).toHaveLength(2);
  });
});

describe('outputs never overwrite inputs', () => {
  let journal = '';
  let before = Buffer.alloc(0);
  beforeAll(async () => {
    journal = await journalOf();
    before = readFileSync(journal);
  }, 60_000);

  it('refuses report --out naming the journal, through a symlink or a hard link too (exit 2)', async () => {
    const link = join(dir, 'link.jsonl');
    const hard = join(dir, 'hard.jsonl');
    symlinkSync(journal, link);
    linkSync(journal, hard);
    for (const out of [journal, link, hard, join(journal, '..', '..', `run${n - 1}`, 'journal.jsonl')]) {
      const r = await cli('report', journal, '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^mnas-ts: Invalid --out: .* is the <journal> file .*journal\.jsonl; writing it would overwrite what it reads/);
    }
    expect(readFileSync(journal).equals(before)).toBe(true);
  });

  it('refuses export --out when the folder or a file it writes is the journal (exit 2)', async () => {
    const folder = join(dir, `export${n++}`);
    mkdirSync(folder);
    symlinkSync(journal, join(folder, 'model.json'));
    for (const out of [journal, folder]) {
      const r = await cli('export', journal, '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^mnas-ts: Invalid --out: .* is the <journal> file/);
    }
    expect(readFileSync(journal).equals(before)).toBe(true);
  });

  it('refuses a search whose journal is its report or its config (exit 2)', async () => {
    const out = join(dir, `clash${n++}`);
    let r = await cli(...base(out), '--trials', '2', '--journal', join(out, 'report.html'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mnas-ts: Invalid --out: .*report\.html is the --journal file/);
    const config = join(dir, `config${n++}.json`);
    writeFileSync(config, '{"trials": 2}');
    r = await cli(...base(out), '--config', config, '--journal', config, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mnas-ts: Invalid --journal: .* is the --config file/);
    expect(readFileSync(config, 'utf8')).toBe('{"trials": 2}');
  });
});

describe('files that are not regular files', () => {
  it('refuses a FIFO as --config with exit 2 without waiting on it', async () => {
    const fifo = join(dir, `config${n++}.fifo`);
    execFileSync('mkfifo', [fifo]);
    const r = await cli(...base(join(dir, `out${n++}`)), '--config', fifo);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`mnas-ts: Invalid --config: expected a regular file, ${fifo} is a FIFO (named pipe)`);
  });

  it('refuses a FIFO given to report and trials with exit 2', async () => {
    const fifo = join(dir, `journal${n++}.fifo`);
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['report', fifo],
      ['trials', fifo],
    ]) {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/it is a FIFO \(named pipe\), not a regular file/);
    }
  });
});

describe('journal strings on the terminal', () => {
  const ESC = '\u001b';
  /** Whether `text` holds a control character other than tab and line feed. */
  const hasControl = (text: string): boolean =>
    [...text].some((c) => {
      const code = c.charCodeAt(0);
      return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    });

  it('escapes control characters of costLabel, errors and values in trials and the search output', async () => {
    const journal = await journalOf();
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] as string) as { meta: Record<string, unknown> };
    header.meta['costLabel'] = `ms${ESC}]0;pwned${ESC}\\${ESC}[2J`;
    const t0 = JSON.parse(lines[1] as string) as Record<string, unknown>;
    const t1 = JSON.parse(lines[2] as string) as Record<string, unknown>;
    const { reward: _reward, ...rest } = t1;
    const failed = { ...rest, status: 'failed', error: `boom${ESC}[31m\r\u0007\nfake row` };
    const value = t0['value'] as Record<string, unknown>;
    const odd = { ...t0, value: { ...value, archStr: `${String(value['archStr'])}${ESC}[8m` } };
    writeFileSync(journal, `${[JSON.stringify(header), JSON.stringify(odd), JSON.stringify(failed), ...lines.slice(3)].join('\n')}\n`);
    for (const format of ['table', 'csv']) {
      const r = await cli('trials', journal, '--format', format);
      expect(r.code).toBe(0);
      expect(hasControl(r.out)).toBe(false);
      expect(r.out).toContain('\\u001b');
    }
    const table = (await cli('trials', journal)).out;
    expect(table).toContain('boom\\u001b[31m\\u000d\\u0007\\u000afake row');
    expect(table.split('\n')).toHaveLength(5);
    const out = join(journal, '..');
    const r = await cli(...base(out), '--trials', '4', '--resume');
    expect(r.code).toBe(0);
    expect(hasControl(`${r.out}\n${r.err}`)).toBe(false);
  }, 60_000);

  it('escapes a failed trial error in the search progress lines', () => {
    let written = '';
    const stream = { write: (s: string) => (written += s) } as unknown as NodeJS.WriteStream;
    const reporter = progressReporter('lines', stream);
    const trial = { index: 0, status: 'failed', error: `x${ESC}[2J\ny` } as never;
    reporter.trial(trial, { done: 1, total: 2, best: undefined, elapsedMs: 0 } as never);
    expect(written).toBe('trial 1/2 #0: failed (x\\u001b[2J\\u000ay) | best none yet\n');
  });
});

/** A real 400 kB tmpfs, when this machine lets the test mount one (root); the injected full disk (test/search/journal-disk-full.test.ts) runs everywhere. */
const small = join(dir, 'small-disk');
const mounted = ((): boolean => {
  if (process.getuid?.() !== 0) return false;
  try {
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', small], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
afterAll(() => {
  if (mounted) execFileSync('umount', [small]);
});

describe('a full disk (a real 400 kB tmpfs)', () => {
  it.skipIf(!mounted)(
    'stops with exit 1 naming the disk, the journal holding only complete lines, and resumes elsewhere',
    async () => {
      const args = ['--controller', 'random', '--no-progress', '--seed', '3'];
      const search = ['search', '--benchmark', 'nas-bench-201', ...args];
      let r = await cli(...search, '--trials', '3000', '--out', small);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(`Cannot write (journal|snapshot) .*: the disk mounted at ${small} \\(\\d+ bytes free\\) is full \\(ENOSPC`),
      );
      const text = readFileSync(join(small, 'journal.jsonl'));
      expect(text.at(-1)).toBe(0x0a);
      const done = (await readJournal(join(small, 'journal.jsonl'))).trials.length;
      expect(done).toBeGreaterThan(10);
      const elsewhere = join(dir, `moved${n++}`);
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, 'journal.jsonl'), text);
      r = await cli(...search, '--trials', String(done + 5), '--out', elsewhere, '--resume');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Done: ${done + 5} trials (${done} from the journal)`);
    },
    120_000,
  );
});
