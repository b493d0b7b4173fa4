import { describe, expect, it } from 'vitest';
import { makeMeasurer } from '../../src/cli/build.js';
import { configFromFlags, resolveConfig } from '../../src/cli/config.js';
import { OrtLatencyMeasurer } from '../../src/index.js';
import { NOISY_WARNING_ONLY, cli } from './helpers.js';

describe('mnas-ts --measurer ort', () => {
  it('measures with onnxruntime-node, --threads and --runs reaching it', async () => {
    const r = await cli(
      'measure',
      'ir_r1_k3_s1_e1_c16',
      '--input',
      '32',
      '--classes',
      '10',
      '--measurer',
      'ort',
      '--threads',
      '1',
      '--runs',
      '3',
    );
    // The load is watched: on a busy machine the measurement is flagged, on stderr.
    expect(r.err).toMatch(NOISY_WARNING_ONLY);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^node-ort \(ort-cpu, onnxruntime-node \d+\.\d+\.\d+; .+\): median \d+\.\d{3} ms \(95% CI \d+\.\d{3}-\d+\.\d{3}\), .* \(3 runs after \d+ warm-up\)$/m,
    );
  });

  it('puts --ort-runtime, --threads, --chromium and --cross-origin-isolated in the ort section of a search', () => {
    const config = resolveConfig(
      configFromFlags({ measurer: 'ort', ortRuntime: 'wasm', threads: '2', chromium: '/opt/chrome', crossOriginIsolated: true }),
    );
    expect(config.ort).toEqual({ runtime: 'wasm', threads: 2, executablePath: '/opt/chrome', crossOriginIsolated: true });
    const measurer = makeMeasurer(config.measurer, 5, config);
    expect(measurer).toBeInstanceOf(OrtLatencyMeasurer);
    expect((measurer as OrtLatencyMeasurer).options).toMatchObject({ runtime: 'wasm', threads: 2, seed: 5, crossOriginIsolated: true });
  });

  it.each([
    [['measure', 'mobilenet-v2', '--measurer', 'ort', '--ort-runtime', 'cuda'], /^mnas-ts: Invalid --ort-runtime: .*"cuda"/],
    [
      ['search', '--measurer', 'macs', '--ort-runtime', 'wasm'],
      /^mnas-ts: Invalid --ort-runtime: only applies to --measurer ort, the measurer is "macs"/,
    ],
    [['worker', '--measure', 'gpu'], /^mnas-ts: Invalid --measure: expected wasm, browser, ort or android, received "gpu"/],
  ])('exits with 2 on %j', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
