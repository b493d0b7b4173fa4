import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prunerPromotion } from '../../src/cli/build.js';
import { configFromFlags, mergeConfigs, resolveConfig } from '../../src/cli/config.js';
import { type JournalHeader, readJournal } from '../../src/index.js';
import { cli, configError, writeConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-promotion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resolved = (flags: Record<string, unknown>) => resolveConfig(configFromFlags(flags));
const header = (pruner: JournalHeader['pruner']): JournalHeader => ({
  type: 'header',
  version: 1,
  createdAt: '2026-12-07T00:00:00.000Z',
  space: { fingerprint: 'f', decisions: 24 },
  controllerFingerprint: 'c',
  concurrency: 1,
  trials: 10,
  reward: 'r',
  ...(pruner === undefined ? {} : { pruner }),
});

describe('prunerPromotion (the CLI)', () => {
  it('promotes by the model with --controller surrogate and a pruner, by the values otherwise', () => {
    expect(prunerPromotion(resolved({ controller: 'surrogate', pruner: 'asha' }))).toBe('model');
    expect(prunerPromotion(resolved({ controller: 'surrogate', pruner: 'hyperband' }))).toBe('model');
    expect(prunerPromotion(resolved({ controller: 'ppo', pruner: 'asha' }))).toBe('observed');
    expect(prunerPromotion(resolved({ controller: 'surrogate' }))).toBe('observed');
  });

  it('takes --promotion (or the config key) over the default', () => {
    expect(prunerPromotion(resolved({ controller: 'surrogate', pruner: 'asha', promotion: 'observed' }))).toBe('observed');
    expect(prunerPromotion(resolved({ controller: 'surrogate', pruner: 'hyperband', promotion: 'model' }))).toBe('model');
    expect(prunerPromotion(resolved({ controller: 'ppo', pruner: 'asha', promotion: 'observed' }))).toBe('observed');
    const file = { controller: 'surrogate', pruner: 'asha', promotion: 'observed' } as const;
    expect(prunerPromotion(resolveConfig(mergeConfigs(file, configFromFlags({}, file))))).toBe('observed');
    expect(prunerPromotion(resolveConfig(mergeConfigs(file, configFromFlags({ promotion: 'model' }, file))))).toBe('model');
  });

  it('refuses a bad --promotion, naming it', () => {
    const bad = configError(() => resolved({ controller: 'surrogate', pruner: 'asha', promotion: 'best' }));
    expect(bad.message).toMatch(/^Invalid --promotion: .*"best"/);
    expect(bad.path).toEqual(['promotion']);
    expect(configError(() => resolved({ controller: 'surrogate', promotion: 'model' })).message).toBe(
      "Invalid --promotion: says how a pruner's rungs promote trials; give a --pruner other than none",
    );
    expect(configError(() => resolved({ pruner: 'none', promotion: 'observed' })).path).toEqual(['promotion']);
    expect(configError(() => resolved({ controller: 'evolution', pruner: 'asha', promotion: 'model' })).message).toBe(
      `Invalid --promotion: model ranks a rung by the surrogate's predictions; it needs --controller surrogate, the controller is "evolution"`,
    );
    expect(configError(() => resolved({ benchmark: 'nas-bench-201', promotion: 'observed' })).message).toMatch(
      /^Invalid --promotion: does not apply to a tabular benchmark/,
    );
  });

  it('keeps the promotion a resumed journal was started with, and refuses another --promotion', () => {
    const config = resolved({ controller: 'surrogate', pruner: 'asha' });
    const observed = header({ kind: 'successive-halving', options: {} });
    const model = header({ kind: 'successive-halving', options: {}, promotion: 'model' });
    expect(prunerPromotion(config, observed)).toBe('observed');
    expect(prunerPromotion(config, model)).toBe('model');
    expect(prunerPromotion({ ...config, promotion: 'model' }, model)).toBe('model');
    expect(prunerPromotion({ ...config, promotion: 'observed' }, observed)).toBe('observed');
    const refused = configError(() => prunerPromotion({ ...config, promotion: 'observed' }, model));
    expect(refused.message).toBe('Invalid --promotion: "observed" differs from "model" in the journal being resumed');
    expect(refused.path).toEqual(['promotion']);
    expect(() => prunerPromotion({ ...config, promotion: 'model' }, observed)).toThrow(/"model" differs from "observed"/);
  });
});

describe('mnas-ts search --promotion', { timeout: 120_000 }, () => {
  it('journals the promotion it was given and refuses to resume with another', async () => {
    const out = join(dir, 'observed');
    const cfg = writeConfig(dir, 'tiny.json', {
      measurer: 'macs',
      targetMs: 1,
      trials: 2,
      controller: 'surrogate',
      pruner: 'asha',
      training: { steps: 8, trainSize: 64, validationSize: 32 },
    });
    const first = await cli('search', '--config', cfg, '--promotion', 'observed', '--out', out, '--no-progress');
    expect(first.err).not.toMatch(/mnas-ts:/);
    expect(first.code).toBe(0);
    const journal = await readJournal(join(out, 'journal.jsonl'));
    expect(journal.header.pruner?.kind).toBeDefined();
    expect(journal.header.pruner?.promotion).toBeUndefined();
    const refused = await cli('search', '--config', cfg, '--promotion', 'model', '--trials', '3', '--out', out, '--resume');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/Invalid --promotion: "model" differs from "observed" in the journal being resumed/);
    expect((await readJournal(join(out, 'journal.jsonl'))).trials).toHaveLength(journal.trials.length);
    const modelOut = join(dir, 'model');
    const byModel = await cli('search', '--config', cfg, '--out', modelOut, '--no-progress');
    expect(byModel.code).toBe(0);
    expect((await readJournal(join(modelOut, 'journal.jsonl'))).header.pruner?.promotion).toBe('model');
  });
});
