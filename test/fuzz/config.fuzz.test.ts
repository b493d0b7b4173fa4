import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromFlags, resolveConfig, validateConfig } from '../../src/cli/config.js';
import { readConfigFile } from '../../src/cli/config-file.js';
import { InvalidConfigError } from '../../src/errors.js';
import { LIMITS } from '../../src/validate.js';
import { HOSTILE_NUMBERS, fuzzParams, fuzzTimeout, valueOrMnasError } from './settings.js';

const RUNS = 500;
const dir = mkdtempSync(join(tmpdir(), 'mnas-fuzz-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS = [
  'controller',
  'measurer',
  'reward',
  'targetMs',
  'trials',
  'wallTimeMinutes',
  'concurrency',
  'seed',
  'journal',
  'out',
  'inputSize',
  'benchmark',
  'dataset',
  'device',
];
const valueArb = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom('ppo', 'random', 'wasm', 'macs', 'soft', 'nas-bench-201', '', 'constructor'),
  fc.integer(),
  fc.jsonValue(),
);
/** Config-shaped objects: known and unknown keys (inherited names included) with hostile values, nested sections. */
const configArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...FIELDS, 'training', 'wasm', 'android', 'browser', '__proto__', 'constructor', 'toString'),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(
    valueArb,
    fc.dictionary(fc.constantFrom('runs', 'steps', 'batchSize', 'timeoutMs', 'threads', 'epochs', 'priority'), valueArb, { maxKeys: 3 }),
  ),
  { maxKeys: 5 },
);

function checkConfig(input: unknown): void {
  const r = valueOrMnasError(() => resolveConfig(validateConfig(input, 'fuzz.json')));
  if (!r.ok) {
    expect(r.error).toBeInstanceOf(InvalidConfigError);
    return;
  }
  expect(r.value.trials).toBeLessThanOrEqual(LIMITS.trials);
  expect(r.value.concurrency).toBeLessThanOrEqual(LIMITS.concurrency);
  expect(r.value.inputSize).toBeLessThanOrEqual(LIMITS.inputSide);
  expect(r.value.training.batchSize).toBeLessThanOrEqual(LIMITS.batchSize);
}

describe('search config (fuzz)', () => {
  it(
    'validateConfig + resolveConfig give a bounded config or an InvalidConfigError',
    () => {
      fc.assert(fc.property(configArb, checkConfig), fuzzParams(RUNS));
    },
    fuzzTimeout(RUNS),
  );

  it(
    'configFromFlags turns any flag strings into a config or an InvalidConfigError',
    () => {
      const flagArb = fc.dictionary(
        fc.constantFrom(
          'trials',
          'concurrency',
          'inputSize',
          'seed',
          'targetMs',
          'runs',
          'duet',
          'priority',
          'constructor',
          '__proto__',
          'hasOwnProperty',
        ),
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('1e12', '9007199254740993', '-0', 'NaN', 'Infinity', '0x10', ' ')),
        { maxKeys: 4 },
      );
      fc.assert(
        fc.property(flagArb, (flags) => {
          const r = valueOrMnasError(() => configFromFlags(flags));
          if (!r.ok) expect(r.error).toBeInstanceOf(InvalidConfigError);
          else expect(Object.keys(r.value).every((k) => FIELDS.includes(k) || k === 'wasm')).toBe(true);
        }),
        fuzzParams(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'readConfigFile reads any file into a config or rejects with an InvalidConfigError',
    async () => {
      const textArb = fc.oneof(
        configArb.map((c) => JSON.stringify(c)),
        fc.string({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('latin1')),
      );
      let n = 0;
      await fc.assert(
        fc.asyncProperty(textArb, async (text) => {
          const file = join(dir, `c${n++}.json`);
          writeFileSync(file, text);
          const r = await readConfigFile(file).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (!r.ok) expect(r.error).toBeInstanceOf(InvalidConfigError);
        }),
        fuzzParams(RUNS / 5),
      );
    },
    fuzzTimeout(RUNS / 5, 200),
  );
});
