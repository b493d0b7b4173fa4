import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromFlags, resolveConfig } from '../../src/cli/config.js';
import { InvalidConfigError } from '../../src/index.js';
import { cli, writeConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mnas-ts search and LIMITS.memoryBytes', () => {
  it('refuses --input-size 1024 with training.trainSize 1500 before loading anything: exit 2 naming the field', async () => {
    const config = writeConfig(dir, 'big.json', { training: { trainSize: 1500 } });
    const r = await cli('search', '--config', config, '--input-size', '1024', '--out', join(dir, 'big'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^mnas-ts: Invalid training\.trainSize: 1500 training and 2000 validation images of 1024x1024x1 take 13\.7 GiB .*more than LIMITS\.memoryBytes \(4\.0 GiB\); lower trainSize, validationSize or the input size \(with inputSize 1024 and mnist\)$/,
    );
  });

  it('counts no more images than the dataset has: trainSize 60000 of MNIST at 28 passes, of Fashion-MNIST at 224 is refused', () => {
    expect(() => resolveConfig(configFromFlags({ inputSize: '28' }, {}))).not.toThrow();
    expect(resolveConfig({ training: { trainSize: 60_000 } }).training.trainSize).toBe(60_000);
    let error: unknown;
    try {
      resolveConfig({ inputSize: 224, data: 'fashion-mnist', training: { trainSize: 60_000 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error).toMatchObject({ path: ['training', 'trainSize'], received: 60_000 });
  });
});
