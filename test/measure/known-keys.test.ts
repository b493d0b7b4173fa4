/**
 * Every latency measurer refuses an option it does not know, by its path:
 * through its registry entry, its resolver and the wrappers around it.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, latencyMeasurers, macsLatency, paramsLatency } from '../../src/index.js';
import { cachedMeasurer } from '../../src/measure/cache.js';
import { tableLatency } from '../../src/measure/device-table.js';
import { resolveLoadOptions } from '../../src/measure/load.js';
import { repeatedMeasurer } from '../../src/measure/repeated.js';
import { TIMING_PROTOCOL_KEYS, resolveTimingProtocolOptions } from '../../src/measure/timing-protocol.js';
import { itRefusesUnknownKeys } from '../known-keys.js';

/** Keys each measurer's refusal must name, and a misspelling of one of them. */
const KEYS: Readonly<Record<string, { known: readonly string[]; misspelt: string }>> = {
  wasm: { known: ['timeoutMs', 'clock', 'priority', 'duet', 'load', 'seed', ...TIMING_PROTOCOL_KEYS], misspelt: 'timeout' },
  browser: { known: ['backend', 'threads', 'port', 'timeoutMs', 'load', ...TIMING_PROTOCOL_KEYS], misspelt: 'thread' },
  ort: { known: ['runtime', 'threads', 'timeoutMs', 'load', ...TIMING_PROTOCOL_KEYS], misspelt: 'runtim' },
  android: { known: ['serial', 'threads', 'cpuMask', 'runs', 'warmupRuns', 'invocations', 'timeoutMs', 'load'], misspelt: 'warmups' },
  macs: { known: ['msPerUnit'], misspelt: 'msPerMac' },
  table: { known: [], misspelt: 'platform' },
};

describe('latency measurers refuse unknown keys', () => {
  it('lists every registered measurer', () => {
    expect(latencyMeasurers.names().sort()).toEqual(Object.keys(KEYS).sort());
  });
  for (const entry of latencyMeasurers.entries()) {
    const { known, misspelt } = KEYS[entry.name] as { known: readonly string[]; misspelt: string };
    describe(`latencyMeasurers.get('${entry.name}').resolveOptions`, () => {
      itRefusesUnknownKeys({ resolve: (o) => entry.resolveOptions(o), valid: {}, known, misspelt, ErrorClass: InvalidOptionsError });
    });
  }
  describe('resolveTimingProtocolOptions', () => {
    itRefusesUnknownKeys({
      resolve: (o) => resolveTimingProtocolOptions(o, ['protocol']),
      valid: { runs: 3 },
      known: TIMING_PROTOCOL_KEYS,
      misspelt: 'warmupRuns',
      ErrorClass: InvalidOptionsError,
      at: ['protocol'],
    });
  });
  describe('resolveLoadOptions', () => {
    itRefusesUnknownKeys({
      resolve: (o) => resolveLoadOptions(o, ['load']),
      valid: { maxWaitMs: 0 },
      known: ['maxOtherCores', 'minCpuShare', 'maxWaitMs', 'pollMs', 'probe'],
      misspelt: 'maxWait',
      ErrorClass: InvalidOptionsError,
      at: ['load'],
    });
  });
  it('the duet option, the count measurers, repeatedMeasurer, tableLatency and cachedMeasurer', () => {
    const cases: [() => unknown, readonly (string | number)[]][] = [
      [() => latencyMeasurers.get('wasm').resolveOptions({ duet: { tolerence: 0.1 } }), ['duet', 'tolerence']],
      [() => latencyMeasurers.get('wasm').resolveOptions({ load: { maxWait: 1 } }), ['load', 'maxWait']],
      [() => paramsLatency({ msPerParam: 1 } as never), ['msPerParam']],
      [() => macsLatency({ msPerMac: 1 } as never), ['msPerMac']],
      [() => repeatedMeasurer(() => macsLatency(), { repeat: 2 } as never), ['repeat']],
      [() => tableLatency({ platform: 'pixel3', latencyMs: () => 1, device: 'pixel3' } as never), ['device']],
      [() => cachedMeasurer(macsLatency(), undefined, { platformkey: 'x' } as never), ['options', 'platformkey']],
    ];
    for (const [f, path] of cases) expect(f).toThrow(expect.objectContaining({ name: 'InvalidOptionsError', path }));
  });
  it('name what replaces a removed wasm option', () => {
    expect(() => latencyMeasurers.get('wasm').resolveOptions({ referenceNetwork: {} })).toThrow(
      'Invalid WasmLatencyMeasurer option at referenceNetwork: expected no referenceNetwork (removed: use duet.network), received {}',
    );
  });
});
