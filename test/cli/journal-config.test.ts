import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/cli/config.js';
import { journalConfig } from '../../src/cli/journal-config.js';
import { readJournal } from '../../src/index.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-journal-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRAINING = ['inputSize', 'data', 'evaluator', 'pruner', 'zeroCostProxy', 'training'];

describe('journalConfig', () => {
  it('keeps of a tabular search no training field; of NAS-Bench-Macro no dataset or device', () => {
    const nb201 = Object.keys(journalConfig(resolveConfig({ benchmark: 'nas-bench-201' })));
    for (const key of TRAINING) expect(nb201).not.toContain(key);
    expect(nb201).toEqual(expect.arrayContaining(['benchmark', 'dataset', 'device', 'controller', 'targetMs', 'seed']));
    const macro = Object.keys(journalConfig(resolveConfig({ benchmark: 'nas-bench-macro' })));
    for (const key of [...TRAINING, 'dataset', 'device']) expect(macro).not.toContain(key);
  });

  it('keeps of a training search no benchmark device or dataset, and the zero-cost proxy only with that evaluator', () => {
    const proxy = journalConfig(resolveConfig({}));
    expect(Object.keys(proxy)).toEqual(expect.arrayContaining(['inputSize', 'data', 'evaluator', 'training']));
    for (const key of ['dataset', 'device', 'zeroCostProxy', 'benchmark']) expect(Object.keys(proxy)).not.toContain(key);
    expect(journalConfig(resolveConfig({ evaluator: 'zero-cost' })).zeroCostProxy).toBe('naswot');
  });
});

describe("a tabular search's journal", () => {
  it('records only the fields that apply, and resumes one that recorded every field', async () => {
    const out = join(dir, 'macro');
    const args = ['search', '--benchmark', 'nas-bench-macro', '--controller', 'random', '--out', out, '--no-progress'];
    let r = await cli(...args, '--trials', '3');
    expect(r.code).toBe(0);
    const journal = join(out, 'journal.jsonl');
    const config = (await readJournal(journal)).header.meta?.['config'] as Record<string, unknown>;
    for (const key of [...TRAINING, 'dataset', 'device']) expect(config).not.toHaveProperty(key);
    expect(config['benchmark']).toBe('nas-bench-macro');
    // A journal of an earlier version, with every field: still resumable.
    const lines = readFileSync(journal, 'utf8').split('\n');
    const header = JSON.parse(lines[0] as string) as { meta: { config: Record<string, unknown> } };
    header.meta.config = { ...resolveConfig({ benchmark: 'nas-bench-macro', controller: 'random', out }), ...header.meta.config };
    writeFileSync(journal, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    r = await cli(...args, '--trials', '5', '--resume');
    expect(r.err).not.toMatch(/differs/); // (the edited header is another run's: its snapshot is replaced by replaying the journal)
    expect(r.code).toBe(0);
    expect((await readJournal(journal)).trials).toHaveLength(5);
  });
});
