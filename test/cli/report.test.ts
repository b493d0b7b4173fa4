import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError, readJournal } from '../../src/index.js';
import { renderReport } from '../../src/cli/report.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../export/browser.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Markup that runs `pwned(tag)` if it ever reaches the page as markup, in element content or in an attribute. */
const payload = (tag: string): string =>
  `<script>pwned("${tag}-s")</script>"><img src=x onerror=pwned("${tag}-i")>'><svg onload=pwned("${tag}-v")></svg></title></textarea></code><script>pwned("${tag}-t")</script>&amp;`;

const header = {
  type: 'header',
  version: 1,
  createdAt: payload('createdAt'),
  space: { fingerprint: payload('spaceFp'), decisions: 2 },
  controllerFingerprint: payload('controllerFp'),
  concurrency: 1,
  trials: 3,
  reward: payload('reward'),
  seed: payload('seed'),
  meta: { costLabel: payload('costLabel'), config: { targetMs: 5, note: payload('note') } },
};

function trial(index: number, value: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'trial',
    index,
    id: payload(`id${index}`),
    tokens: [index, 1],
    value,
    status: 'ok',
    reward: 0.5 + index / 10,
    accuracy: 0.6 + index / 10,
    latencyMs: 3 + index,
    evaluation: { accuracy: 0.6, note: payload(`evaluation${index}`) },
    latency: { medianMs: 3, platform: payload(`platform${index}`) },
    startedAt: payload(`startedAt${index}`),
    durationMs: 1,
    ...extra,
  };
}

const hostileTrials = [
  trial(0, { archStr: payload('archStr') }),
  trial(
    1,
    { ops: [payload('ops')] },
    {
      // A noisy measurement whose interval and reasons are not what a measurer writes.
      latency: {
        medianMs: 4,
        samplesMs: [4, 4.1, 3.9, 4.2, 3.8, 4, 4],
        platform: payload('platform1'),
        medianCi: { lowMs: payload('ciLow'), highMs: 5 },
        load: { noisy: true, reasons: [payload('reason'), 7], waitedMs: 0 },
      },
    },
  ),
  trial(2, payload('value')),
  trial(3, { other: payload('other') }, { status: 'failed', reward: undefined, accuracy: undefined, error: payload('error') }),
];

function writeJournal(name: string, lines: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return path;
}

describe('renderReport', () => {
  it('escapes every journal string it prints', async () => {
    const html = renderReport(await readJournal<unknown>(writeJournal('escape.jsonl', [header, ...hostileTrials])), {
      title: payload('title'),
    });
    expect(html).not.toMatch(/<script|<img|<svg onload|<\/textarea/i);
    // Each payload shows as text: its markup escaped, not dropped.
    for (const tag of ['createdAt', 'reward', 'costLabel', 'archStr', 'title', 'reason']) {
      expect(html).toContain(
        `&lt;script&gt;pwned(&quot;${tag}-s&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=pwned(&quot;${tag}-i&quot;)&gt;&#39;&gt;`,
      );
    }
  });

  it("shows each latency's 95% interval and marks noisy ones, saying how many", async () => {
    const report = {
      medianMs: 5,
      samplesMs: [4.8, 5, 5.1, 4.9, 5.3, 5, 5.2, 4.7, 5.4, 5],
      platform: { name: 'node-wasm', backend: 'wasm' },
    };
    const quiet = { ...report, load: { noisy: false, reasons: [], waitedMs: 0 } };
    const busy = { ...report, load: { noisy: true, reasons: ['other processes used 1.40 cores on average'], waitedMs: 0 } };
    const lines = [header, trial(0, { archStr: 'a' }, { latency: quiet }), trial(1, { archStr: 'b' }, { latency: busy })];
    const page = renderReport(await readJournal<unknown>(writeJournal('noisy.jsonl', lines)));
    expect(page).toContain('<small>95% CI 4.8-5.3</small></td>');
    expect(page).toContain(
      '<small>95% CI 4.8-5.3</small> <span class="noisy" title="other processes used 1.40 cores on average">noisy</span>',
    );
    expect(page).toContain(' 1 latency was measured on a busy machine (marked noisy below');
    // The hostile journal's interval that is not a number is computed again from its samples (n = 7: the range).
    const hostile = renderReport(await readJournal<unknown>(writeJournal('escape-ci.jsonl', [header, ...hostileTrials])));
    expect(hostile).toContain('<small>95% CI 3.8-4.2</small>');
  });

  it('refuses a header meta field of the wrong type with a JournalError naming line 1 and the field', async () => {
    const contents = await readJournal<unknown>(writeJournal('meta.jsonl', [{ ...header, meta: { costLabel: 12 } }, ...hostileTrials]));
    expect(() => renderReport(contents)).toThrow(JournalError);
    expect(() => renderReport(contents)).toThrow('Invalid journal header at line 1, field meta.costLabel: expected a string, received 12');
    const target = await readJournal<unknown>(writeJournal('target.jsonl', [{ ...header, meta: { config: { targetMs: '<b>5</b>' } } }]));
    expect(() => renderReport(target)).toThrow(
      'Invalid journal header at line 1, field meta.config.targetMs: expected a finite number > 0, received "<b>5</b>"',
    );
  });
});

describe('readJournal field types', () => {
  const cases: [string, Record<string, unknown>[], number, string, RegExp][] = [
    [
      'a string reward',
      [header, trial(0, 'v', { reward: '<script>x</script>' })],
      2,
      'reward',
      /line 2, field reward: expected a finite number, received "<script>x<\/script>"/,
    ],
    [
      'a string accuracy',
      [header, trial(0, 'v'), trial(1, 'v', { accuracy: '1' })],
      3,
      'accuracy',
      /line 3, field accuracy: expected a number in \[0, 1\]/,
    ],
    [
      'an object latencyMs',
      [header, trial(0, 'v', { latencyMs: { toFixed: 1 } })],
      2,
      'latencyMs',
      /field latencyMs: expected a finite number/,
    ],
    ['a number id', [header, trial(0, 'v', { id: 7 })], 2, 'id', /field id: expected a string, received 7/],
    ['an array error', [header, trial(0, 'v', { status: 'failed', error: ['x'] })], 2, 'error', /field error: expected a string/],
    [
      'a missing durationMs',
      [header, trial(0, 'v', { durationMs: undefined })],
      2,
      'durationMs',
      /field durationMs: expected a finite number, received undefined/,
    ],
    [
      'a number createdAt',
      [{ ...header, createdAt: 5 }],
      1,
      'createdAt',
      /header at line 1, field createdAt: expected an ISO time string, received 5/,
    ],
    ['an object reward name', [{ ...header, reward: { x: 1 } }], 1, 'reward', /header at line 1, field reward: expected a string/],
    ['a string concurrency', [{ ...header, concurrency: '1' }], 1, 'concurrency', /field concurrency: expected an integer >= 1/],
    ['an array meta', [{ ...header, meta: [1] }], 1, 'meta', /field meta: expected an object/],
  ];
  for (const [what, lines, line, field, message] of cases) {
    it(`refuses ${what} with a JournalError naming line ${line} and the field`, async () => {
      const error = await readJournal(writeJournal(`types-${field}-${line}.jsonl`, lines)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(JournalError);
      expect((error as JournalError).line).toBe(line);
      expect((error as JournalError).path).toEqual([field]);
      expect((error as JournalError).message).toMatch(message);
    });
  }

  it('mnas-ts report exits with 2 naming the line and the field', async () => {
    const r = await cli(
      'report',
      writeJournal('cli-types.jsonl', [header, trial(0, 'v'), trial(1, 'v', { latencyMs: '<i>3</i>' })]),
      '--out',
      join(dir, 'x.html'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toBe('mnas-ts: Invalid journal trial at line 3, field latencyMs: expected a finite number >= 0, received "<i>3</i>"');
  });
});

describe.skipIf(CHROMIUM_MISSING !== undefined)('report.html in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Loads `html` in a fresh page; returns the tags of the payloads that ran and what the page holds. */
  async function load(html: string): Promise<{ ran: string[]; elements: number; text: string }> {
    const page = await browser.newPage();
    try {
      const ran: string[] = [];
      await page.exposeFunction('pwned', (tag: string) => ran.push(tag));
      page.on('dialog', (d) => {
        ran.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
      await page.setContent(html, { waitUntil: 'load' });
      // Let error and load handlers of anything injected fire.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
      const elements = await page.evaluate(() => document.querySelectorAll('script, img, iframe, [onload], [onerror]').length);
      const text = await page.evaluate(() => document.body.textContent ?? '');
      return { ran, elements, text };
    } finally {
      await page.close();
    }
  }

  it('detects an injected payload (the check can fail)', async () => {
    const { ran, elements } = await load(`<!doctype html><html><body><p>${payload('control')}</p></body></html>`);
    expect(ran).toEqual(expect.arrayContaining(['control-s', 'control-i']));
    expect(elements).toBeGreaterThan(0);
  });

  it('runs no script of a journal with payloads in every field, with and without its Content-Security-Policy', async () => {
    const journal = writeJournal('chromium.jsonl', [header, ...hostileTrials]);
    const out = join(dir, 'chromium.html');
    const r = await cli('report', journal, '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
    expect(html).toMatch(csp);
    for (const page of [html, html.replace(csp, '')]) {
      const { ran, elements, text } = await load(page);
      expect(ran).toEqual([]);
      expect(elements).toBe(0);
      // The payloads are shown as text.
      expect(text).toContain(payload('reward'));
      expect(text).toContain(payload('archStr'));
    }
  }, 60_000);
});
