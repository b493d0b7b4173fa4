import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PATH_LENGTH, configFromFlags, validateConfig } from '../../src/cli/config.js';
import { readConfigFile } from '../../src/cli/config-file.js';
import { recipeEvaluator } from '../../src/cli/distributed.js';
import { resolveTarget } from '../../src/cli/measure-command.js';
import { InvalidConfigError, InvalidOptionsError, LIMITS } from '../../src/index.js';
import { resolveWasmLatencyMeasurerOptions } from '../../src/measure/wasm/options.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-config-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('search config limits', () => {
  it.each([
    ['trials', LIMITS.trials + 1],
    ['trials', 2 ** 53],
    ['concurrency', LIMITS.concurrency + 1],
    ['concurrency', 1e12],
    ['inputSize', LIMITS.inputSide + 1],
    ['wallTimeMinutes', 1e12],
  ])('rejects %s = %d naming the field', (field, value) => {
    const e = (() => {
      try {
        validateConfig({ [field]: value }, 'c.json');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect((e as InvalidConfigError).path).toEqual([field]);
  });

  it('accepts every field at its limit', () => {
    const c = validateConfig(
      { trials: LIMITS.trials, concurrency: LIMITS.concurrency, inputSize: LIMITS.inputSide, training: { batchSize: LIMITS.batchSize } },
      'c.json',
    );
    expect(c.trials).toBe(LIMITS.trials);
  });

  it('rejects training sizes, measurer runs and timeouts past their limits', () => {
    expect(() => validateConfig({ training: { batchSize: LIMITS.batchSize + 1 } }, 'c.json')).toThrow(InvalidConfigError);
    expect(() => validateConfig({ wasm: { runs: 1e12 } }, 'c.json')).toThrow(InvalidConfigError);
    expect(() => validateConfig({ measurer: 'android', android: { timeoutMs: LIMITS.timeoutMs + 1 } }, 'c.json')).toThrow(
      InvalidConfigError,
    );
    expect(() => validateConfig({ journal: 'x'.repeat(MAX_PATH_LENGTH + 1) }, 'c.json')).toThrow(InvalidConfigError);
  });

  it('names the flag of a flag past its limit', () => {
    expect(() => configFromFlags({ trials: '10000001' })).toThrow(/Invalid --trials/);
    expect(() => configFromFlags({ concurrency: '1025' })).toThrow(/Invalid --concurrency/);
  });

  it("refuses a job's recipe that is not a valid config, naming the field under recipe", async () => {
    const e = (await rejection(recipeEvaluator()({ training: { steps: 0 } }))) as InvalidConfigError;
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect(e).toMatchObject({ path: ['recipe', 'training', 'steps'], expected: 'a positive integer', received: 0 });
    expect(e.message).toBe('Invalid recipe: training.steps: expected a positive integer, received 0');
  });

  it('ignores flag keys that are inherited properties', () => {
    expect(configFromFlags({ constructor: '5', toString: 'x', hasOwnProperty: '1' })).toEqual({});
  });

  it('refuses a config file larger than LIMITS.fileBytes without parsing it', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, `{"trials": 5, "pad": "${'x'.repeat(LIMITS.fileBytes)}"}`);
    const e = (await rejection(readConfigFile(file))) as InvalidConfigError;
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect(e.expected).toBe(`a file of at most ${LIMITS.fileBytes} bytes`);
    expect(e.path).toEqual(['config']);
  });

  it('reads a config file of exactly LIMITS.fileBytes', async () => {
    const file = join(dir, 'edge.json');
    const head = '{"trials": 5, "out": "';
    writeFileSync(file, `${head}${'x'.repeat(LIMITS.fileBytes - head.length - 2)}"}`);
    const e = (await rejection(readConfigFile(file))) as InvalidConfigError;
    // It is read and parsed: the error (if any) is about a field, not the size.
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect(e.path).toEqual(['out']);
  });
});

describe('measure <target>', () => {
  it('does not take an inherited property for a preset', async () => {
    const e = await rejection(resolveTarget(['constructor'], {}));
    expect(e).not.toBeUndefined();
    // Neither a preset nor a block string: the message lists the presets.
    expect((e as Error).name).toBe('InvalidConfigError');
    expect((e as Error).message).toMatch(/expected a preset \(mnasnet-a1, .*received "constructor"$/);
  });

  it('refuses an architecture JSON larger than LIMITS.fileBytes', async () => {
    const file = join(dir, 'arch.json');
    writeFileSync(file, ' '.repeat(LIMITS.fileBytes + 1));
    const e = (await rejection(resolveTarget([file], {}))) as InvalidConfigError;
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect(e.path).toEqual(['target']);
  });
});

describe('measurer option errors', () => {
  it('carry expected and received, which the config message uses', () => {
    let error: unknown;
    try {
      resolveWasmLatencyMeasurerOptions({ priority: 40 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).expected).toBe('an integer in [-20, 19]');
    expect((error as InvalidOptionsError).received).toBe(40);
    expect(() => validateConfig({ wasm: { duetTolerance: -1 } }, 'c.json')).toThrow(
      /Invalid config field wasm.duetTolerance in c.json: expected a number >= 0 \(Infinity keeps every pair\), received -1/,
    );
  });
});
