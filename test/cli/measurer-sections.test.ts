import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EPOCHS, MAX_EXAMPLES, MAX_LEARNING_RATE, MAX_STEPS, validateConfig } from '../../src/cli/config.js';
import { InvalidConfigError, InvalidOptionsError, LIMITS, evaluators, latencyMeasurers } from '../../src/index.js';
import { thrown } from '../space/thrown.js';

/** The InvalidConfigError that validating `config` throws. */
function configError(config: unknown): InvalidConfigError {
  const error = thrown(() => validateConfig(config, 'run.json'));
  expect(error).toBeInstanceOf(InvalidConfigError);
  return error as InvalidConfigError;
}

/** The InvalidOptionsError of the registry entry's own check of `options`. */
function entryError(check: (options: unknown) => unknown, options: object): InvalidOptionsError {
  const error = thrown(() => check(options));
  expect(error).toBeInstanceOf(InvalidOptionsError);
  return error as InvalidOptionsError;
}

describe('config sections are checked by their registry entries (each bound written once)', () => {
  it.each([
    ['android', 'threads', 0],
    ['android', 'serial', 'a b'],
    ['android', 'cpuMask', 'big'],
    ['android', 'remoteDir', 'tmp'],
    ['browser', 'threads', 65],
    ['browser', 'port', 70_000],
    ['browser', 'backend', 'webgpu'],
    ['ort', 'threads', 0],
    ['ort', 'runtime', 'cuda'],
    ['wasm', 'priority', 40],
    ['wasm', 'clock', 'sundial'],
    ['wasm', 'runs', 0],
  ] as const)('%s.%s = %j is refused with what the measurer expects', (section, field, value) => {
    const config = configError({ measurer: section, [section]: { [field]: value } });
    const entry = entryError(latencyMeasurers.get(section).resolveOptions, { [field]: value });
    expect(config.path).toEqual([section, field]);
    expect(config.expected).toBe(entry.expected);
    expect(config.received).toBe(value);
    expect(config.code).toBe('invalid_config');
    expect(config.message).toBe(
      `Invalid config field ${section}.${field} in run.json: expected ${entry.expected}, received ${JSON.stringify(value)}`,
    );
  });

  it.each([
    ['batchSize', 5000],
    ['steps', 0],
    ['epochs', -1],
    ['learningRate', 0],
    ['optimizer', 'rmsprop'],
  ] as const)('training.%s = %j is refused with what the proxy evaluator expects', (field, value) => {
    const config = configError({ training: { [field]: value } });
    const entry = entryError(evaluators.get('proxy').resolveOptions, { [field]: value });
    expect(config.path).toEqual(['training', field]);
    expect(config.expected).toBe(entry.expected);
  });

  it('accepts a wasm priority exactly when the measurer does', () => {
    const check = latencyMeasurers.get('wasm').resolveOptions;
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -30, max: 30 }), fc.double({ min: -30, max: 30 })), (priority) => {
        const byEntry = thrown(() => {
          check({ priority });
          throw new Error('accepted');
        });
        const accepted = (byEntry as Error).message === 'accepted';
        if (accepted) expect(validateConfig({ wasm: { priority } }, 'run.json').wasm).toEqual({ priority });
        else expect(configError({ wasm: { priority } }).expected).toBe((byEntry as InvalidOptionsError).expected);
      }),
      { seed: 2929, numRuns: 200 },
    );
  });

  it("reports the measurer's errors at the section's own fields", () => {
    expect(configError({ wasm: { reference: true, duetTolerance: -1 } }).path).toEqual(['wasm', 'duetTolerance']);
    expect(configError({ wasm: { reference: true, duetMaxWaitMs: -1 } }).path).toEqual(['wasm', 'duetMaxWaitMs']);
    expect(configError({ wasm: { reference: true, referenceNetwork: { inputShape: [8, 8] } } }).path).toEqual([
      'wasm',
      'referenceNetwork',
      'inputShape',
    ]);
    // quietWaitMs is the measurer's load.maxWaitMs, checked by it.
    const quiet = configError({ measurer: 'ort', ort: { quietWaitMs: -5 } });
    const load = entryError((o) => latencyMeasurers.get('ort').resolveOptions(o), { load: { maxWaitMs: -5 } });
    expect(quiet).toMatchObject({ path: ['ort', 'quietWaitMs'], expected: load.expected, received: -5 });
    // `reference` says its own form (the measurer's referenceMs also takes 'calibrate', which --duet writes as true).
    expect(configError({ wasm: { reference: 0 } })).toMatchObject({
      path: ['wasm', 'reference'],
      expected: 'true, false or a positive number of ms',
      received: 0,
    });
    // repeats is repeatedMeasurer's option, checked by it.
    expect(configError({ measurer: 'browser', browser: { repeats: 1.5 } })).toMatchObject({
      path: ['browser', 'repeats'],
      expected: 'an integer in [1, 100000]',
    });
    // A check that has no `expected` of its own is reported with what its message says.
    expect(configError({ measurer: 'ort', ort: { minWarmupRuns: 20, maxWarmupRuns: 5 } })).toMatchObject({
      path: ['ort', 'maxWarmupRuns'],
      expected: 'at least minWarmupRuns (20)',
      received: 5,
    });
  });

  // Run counts, thread counts and timeouts are bounded by the measurers' options (LIMITS.runs,
  // LIMITS.threads, LIMITS.timeoutMs): the CLI reports the entry's bound at the section's field.
  it.each([
    ['android', 'threads', LIMITS.threads],
    ['android', 'runs', LIMITS.runs],
    ['android', 'warmupRuns', LIMITS.runs],
    ['android', 'invocations', LIMITS.runs],
    ['android', 'timeoutMs', LIMITS.timeoutMs],
    ['browser', 'runs', LIMITS.runs],
    ['browser', 'minWarmupRuns', LIMITS.runs],
    ['browser', 'timeoutMs', LIMITS.timeoutMs],
    ['browser', 'startTimeoutMs', LIMITS.timeoutMs],
    ['ort', 'runs', LIMITS.runs],
    ['ort', 'timeoutMs', LIMITS.timeoutMs],
    ['wasm', 'runs', LIMITS.runs],
  ] as const)("reports %s.%s's bound (%d) as its measurer's options state it", (section, field, max) => {
    const options = { [field]: max + 1, ...(field === 'minWarmupRuns' ? { maxWarmupRuns: max + 1 } : {}) };
    const library = thrown(() => latencyMeasurers.get(section).resolveOptions(options)) as InvalidOptionsError;
    expect(library).toBeInstanceOf(InvalidOptionsError);
    expect(configError({ measurer: section, [section]: { [field]: max + 1 } })).toMatchObject({
      path: [section, field],
      expected: library.expected,
    });
    const atMax = { [field]: max, ...(field === 'minWarmupRuns' ? { maxWarmupRuns: max } : {}) };
    expect(() => validateConfig({ measurer: section, [section]: atMax }, 'run.json')).not.toThrow();
  });

  it.each([
    ['epochs', MAX_EPOCHS],
    ['steps', MAX_STEPS],
    ['trainSize', MAX_EXAMPLES],
    ['validationSize', MAX_EXAMPLES],
    ['learningRate', MAX_LEARNING_RATE],
  ] as const)("bounds training.%s at %d, a bound the proxy evaluator's options lack", (field, max) => {
    expect(() => evaluators.get('proxy').resolveOptions({ [field]: max + 1 })).not.toThrow();
    expect(configError({ training: { [field]: max + 1 } }).path).toEqual(['training', field]);
  });

  it('adds bounds of its own where the measurer has none: the form of a DevTools URL', () => {
    expect(configError({ measurer: 'browser', browser: { cdpEndpoint: 'localhost:9222' } }).expected).toBe(
      'an http(s):// or ws(s):// DevTools URL',
    );
    expect(validateConfig({ measurer: 'browser', browser: { cdpEndpoint: 'ws://127.0.0.1:9222/devtools' } }, 'run.json').browser).toEqual({
      cdpEndpoint: 'ws://127.0.0.1:9222/devtools',
    });
  });

  it('refuses a misspelt key, naming the ones the section holds', () => {
    const error = configError({ measurer: 'ort', ort: { thread: 2 } });
    expect(error.path).toEqual(['ort', 'thread']);
    expect(error.expected).toMatch(/^a known key \(runtime, threads, .*repeats, quietWaitMs\)$/);
  });
});
