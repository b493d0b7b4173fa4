// Numbers on the command line are decimal, integers are decimal digits, and every bound is the one
// the config or the architecture has: written once, refused with exit code 2 naming the flag.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STEPS, configFromFlags } from '../../src/cli/config.js';
import { EvaluationError, search } from '../../src/index.js';
import { ToyController, toyMeasurer, toySpace } from '../search/doubles.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-numbers-'));
const failedJournal = join(dir, 'failed.jsonl');
beforeAll(async () => {
  const space = toySpace();
  await search({
    space,
    controller: new ToyController(space, 3),
    evaluator: {
      evaluate: async () => {
        throw new EvaluationError('always fails');
      },
    },
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 2 },
    journal: failedJournal,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('number flags', () => {
  it.each([
    [['search', '--trials', '0x10'], 'Invalid --trials: expected a number, received "0x10"'],
    [['search', '--trials', '0b11'], 'Invalid --trials: expected a number, received "0b11"'],
    [['search', '--concurrency', '0o7'], 'Invalid --concurrency: expected a number, received "0o7"'],
    [['search', '--target-ms', 'Infinity'], 'Invalid --target-ms: expected a number, received "Infinity"'],
    [['search', '--seed', ' 1'], 'Invalid --seed: expected a number, received " 1"'],
    [['search', '--measurer', 'wasm', '--runs', '0x10'], 'Invalid --runs: expected a number, received "0x10"'],
    [['trials', failedJournal, '--limit', '0x10'], 'Invalid --limit: expected a decimal integer in [1, 9007199254740991], received "0x10"'],
    [['export', failedJournal, '--trial', '0x1'], 'Invalid --trial: expected a decimal integer in [0, 10000000], received "0x1"'],
    [
      ['export', failedJournal, '--train-steps', '1e12'],
      'Invalid --train-steps: expected a decimal integer in [0, 10000000000], received "1e12"',
    ],
    [
      ['export', failedJournal, '--train-steps', '1000000000000'],
      'Invalid --train-steps: expected a decimal integer in [0, 10000000000], received "1000000000000"',
    ],
    [['worker', '--evaluate', '--concurrency', '0x2'], 'Invalid --concurrency: expected a decimal integer in [1, 64], received "0x2"'],
    [['worker', '--evaluate', '--lock-seconds', '3e1'], 'Invalid --lock-seconds: expected a decimal integer in [1, 3600], received "3e1"'],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'macs', '--classes', '0x10'],
      'Invalid --classes: expected a decimal integer in [1, 100000], received "0x10"',
    ],
    [['measure', 'mnasnet-a1', '--measurer', 'macs', '--width', '0x1'], 'Invalid --width: expected a number, received "0x1"'],
  ])('%j exits with 2: %s', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.err).toBe(`mnas-ts: ${message}`);
    expect(r.code).toBe(2);
  });

  it('takes decimal notation as before', () => {
    expect(configFromFlags({ trials: '16', targetMs: '2.5e1', seed: '-3' })).toMatchObject({ trials: 16, targetMs: 25, seed: -3 });
  });

  it('export --train-steps is bounded as the config bounds training.steps: one bound', async () => {
    expect(MAX_STEPS).toBe(1e10);
    const config = join(dir, 'steps.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, JSON.stringify({ training: { steps: MAX_STEPS + 1 } }));
    const r = await cli('search', '--config', config);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Invalid config field training.steps in ${config}: expected at most 1e10, received ${MAX_STEPS + 1}`);
  });
});

describe('measure --input', () => {
  it.each([
    ['224x224x4097', '"224x224x4097"'],
    ['1025', '"1025"'],
    ['0x10', '"0x10"'],
    ['224x224', '"224x224"'],
    ['224x224x3x1', '"224x224x3x1"'],
    ['2e2', '"2e2"'],
  ])('refuses %s naming --input and the bounds of the architecture', async (input, shown) => {
    const r = await cli('measure', 'mnasnet-a1', '--measurer', 'macs', '--input', input);
    expect(r.err).toBe(
      `mnas-ts: Invalid --input: expected a size N or HxWxC (e.g. 224 or 96x96x3), sides in [1, 1024], channels in [1, 4096], received ${shown}`,
    );
    expect(r.code).toBe(2);
  });

  it('takes 96x96x65: channels are bounded by LIMITS.inputChannels (4096) as every architecture is', async () => {
    const r = await cli('measure', 'mnasnet-small', '--measurer', 'macs', '--input', '96x96x65');
    expect(r.code).toBe(0);
    expect(r.out).toContain('(96x96x65, 1000 classes)');
  });
});

describe('exit codes agree with docs/cli.md', () => {
  it('best and export both exit 1 on a journal without a successful trial', async () => {
    const best = await cli('best', failedJournal);
    expect(best.err).toBe(`mnas-ts: no successful trial in ${failedJournal}`);
    expect(best.code).toBe(1);
    const exported = await cli('export', failedJournal, '--out', join(dir, 'none'));
    expect(exported.err).toBe(`mnas-ts: no successful trial in ${failedJournal}`);
    expect(exported.code).toBe(1);
  });
});
