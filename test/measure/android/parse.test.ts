import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAdbDevices, parseBenchmarkOutput, parseGetprop } from '../../../src/measure/android/parse.js';

const NEW = `INFO: STARTING!
INFO: Num threads: [1]
INFO: Graph: [/data/local/tmp/mnasnet.tflite]
INFO: Loaded model /data/local/tmp/mnasnet.tflite
INFO: Initialized session in 45.2ms.
INFO: Running benchmark for at least 1 iterations and at least 0.5 seconds but terminate if exceeding 150 seconds.
INFO: count=23 first=25603 curr=21403 min=20987 max=25603 avg=21807.2 std=915

INFO: Running benchmark for at least 50 iterations and at least 1 seconds but terminate if exceeding 150 seconds.
INFO: count=50 first=21331 curr=21088 min=20890 max=22461 avg=21285.3 std=305

INFO: Inference timings in us: Init: 45215, First inference: 25603, Warmup (avg): 21807.2, Inference (avg): 21285.3
INFO: Memory footprint delta from the start of the tool (MB): init=29.2 overall=35.1
`;

const OLD = `STARTING!
Num runs: [50]
Graph: [/data/local/tmp/mnasnet.tflite]
Initialized session in 0.987ms
Running benchmark for 1 iterations 
count=1 curr=25000

Running benchmark for 50 iterations 
count=50 first=23456 curr=23012 min=22890 max=24500 avg=23210.5 std=300

Average inference timings in us: Warmup: 25000, Init: 1234, no stats: 23210.5
`;

describe('parseBenchmarkOutput', () => {
  it('reads the timed runs of the TF 2.x format with INFO: prefixes', () => {
    expect(parseBenchmarkOutput(NEW)).toEqual({
      avgUs: 21285.3,
      count: 50,
      minUs: 20890,
      maxUs: 22461,
      stdUs: 305,
      initUs: 45215,
      format: 'new',
    });
  });

  it('reads the timed runs of the TF 1.x format, not the warm-up line', () => {
    expect(parseBenchmarkOutput(OLD)).toEqual({
      avgUs: 23210.5,
      count: 50,
      minUs: 22890,
      maxUs: 24500,
      stdUs: 300,
      initUs: 1234,
      format: 'old',
    });
  });

  it('reads statistics in scientific notation', () => {
    const sci = NEW.replace('avg=21285.3', 'avg=2.12853e+04')
      .replace('min=20890', 'min=2.089E4')
      .replace('Inference (avg): 21285.3', 'Inference (avg): 2.12853e+04');
    expect(parseBenchmarkOutput(sci)).toMatchObject({ avgUs: 21285.3, minUs: 20890, format: 'new' });
  });

  it('falls back to the summary line when there is no statistics line', () => {
    expect(
      parseBenchmarkOutput('INFO: Inference timings in us: Init: 10, First inference: 20, Warmup (avg): 3e1, Inference (avg): 1.5e+01\n'),
    ).toEqual({
      avgUs: 15,
      initUs: 10,
      format: 'new',
    });
    expect(parseBenchmarkOutput('Average inference timings in us: Warmup: 5, Init: 7, no stats: 4.25\n')).toMatchObject({
      avgUs: 4.25,
      format: 'old',
    });
  });

  it('accepts other log prefixes (logcat style) before the fields', () => {
    const logcat = NEW.split('\n')
      .map((l) => l.replace(/^INFO: /, '11-27 22:10:01.123  4242  4242 I tflite  : '))
      .join('\n');
    expect(parseBenchmarkOutput(logcat)?.avgUs).toBe(21285.3);
  });

  it('returns undefined for a crash, an error or garbage', () => {
    expect(parseBenchmarkOutput('')).toBeUndefined();
    expect(parseBenchmarkOutput('INFO: STARTING!\nINFO: Loaded model m.tflite\nSegmentation fault\n')).toBeUndefined();
    expect(parseBenchmarkOutput('ERROR: Failed to mmap model /x.tflite\n')).toBeUndefined();
    expect(parseBenchmarkOutput('count=50 first=1 curr=1 min=1 max=1 avg=nan std=0\n')).toBeUndefined();
  });

  it('parses back any latency written as a fixed or scientific number', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e7, noNaN: true }), fc.constantFrom('fixed', 'exp', 'EXP'), (us, style) => {
        const text = style === 'fixed' ? us.toFixed(3) : style === 'exp' ? us.toExponential(6) : us.toExponential(6).toUpperCase();
        const out = parseBenchmarkOutput(`INFO: count=5 first=${text} curr=${text} min=${text} max=${text} avg=${text} std=0\n`);
        expect(out?.avgUs).toBe(Number(text));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('parseAdbDevices', () => {
  it('lists serials and states, skipping the header and daemon messages', () => {
    const text =
      '* daemon not running; starting now at tcp:5037\n* daemon started successfully\nList of devices attached\nemulator-5554\tdevice\nR58M12ABC\tunauthorized\n\n';
    expect(parseAdbDevices(text)).toEqual([
      { serial: 'emulator-5554', state: 'device' },
      { serial: 'R58M12ABC', state: 'unauthorized' },
    ]);
    expect(parseAdbDevices('List of devices attached\n\n')).toEqual([]);
  });
});

describe('parseGetprop', () => {
  it('maps every [name]: [value] line, values with spaces and empty values included', () => {
    const props = parseGetprop('[ro.product.model]: [Pixel 3 XL]\n[ro.product.cpu.abi]: [arm64-v8a]\n[persist.empty]: []\ngarbage\n');
    expect(Object.fromEntries(props)).toEqual({ 'ro.product.model': 'Pixel 3 XL', 'ro.product.cpu.abi': 'arm64-v8a', 'persist.empty': '' });
  });
});
