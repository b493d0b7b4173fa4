import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, MeasurementError } from '../../src/errors.js';
import { cachedMeasurer, canonicalHash, canonicalJson } from '../../src/measure/cache.js';
import { makeLatencyReport } from '../../src/measure/report.js';
import { JsonFileLatencyStore, MemoryLatencyStore } from '../../src/measure/stores.js';
import { macsLatency } from '../../src/measure/count-latency.js';
import type { LatencyMeasurer } from '../../src/measure/types.js';
import type { Architecture } from '../../src/space/types.js';
import { describeMeasurerContract } from './contract.js';
import { badKernelArch, tinyArch } from './fixtures.js';

describeMeasurerContract('cachedMeasurer(macsLatency())', () => cachedMeasurer(macsLatency()), {
  valid: () => tinyArch(),
  invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
  abortsDuring: false,
  deterministic: true,
  platformName: 'macs-proxy',
});

/** A fake measurer: latency = stem filters, counts its calls, fails on stem filters 13. */
function counting(platform = 'fake'): LatencyMeasurer & { calls: number } {
  const m = {
    calls: 0,
    async measure(arch: Architecture) {
      m.calls++;
      if (arch.stem.filters === 13) throw new MeasurementError('unlucky', { cause: new Error('13') });
      return makeLatencyReport([arch.stem.filters], 0, { name: platform, backend: 'fake' });
    },
    platform: () => ({ name: platform, backend: 'fake' }),
  };
  return m;
}

const dir = mkdtempSync(join(tmpdir(), 'mnas-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('canonicalJson and canonicalHash', () => {
  it('do not depend on key order', () => {
    const a = tinyArch();
    const reordered = JSON.parse(
      JSON.stringify({
        head: a.head,
        blocks: a.blocks,
        stem: a.stem,
        activation: a.activation,
        numClasses: a.numClasses,
        inputShape: a.inputShape,
      }),
    );
    expect(canonicalJson(reordered)).toBe(canonicalJson(a));
    expect(canonicalHash(reordered)).toBe(canonicalHash(a));
    expect(canonicalHash(tinyArch({ numClasses: 11 }))).not.toBe(canonicalHash(a));
    expect(canonicalJson({ b: [1, { d: 2, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":2}]}');
  });
});

describe('cachedMeasurer', () => {
  it('measures each architecture once and answers repeats from the store', async () => {
    const inner = counting();
    const m = cachedMeasurer(inner);
    const a = tinyArch();
    const r1 = await m.measure(a);
    const r2 = await m.measure(JSON.parse(JSON.stringify(a)));
    expect(r2).toEqual(r1);
    expect(inner.calls).toBe(1);
    expect([m.hits, m.misses]).toEqual([1, 1]);
    await m.measure(tinyArch({ stem: { filters: 16, kernel: 3, stride: 2 } }));
    expect(inner.calls).toBe(2);
  });

  it('keys by platform: two platforms sharing a store do not mix', async () => {
    const store = new MemoryLatencyStore();
    const a = cachedMeasurer(counting('p1'), store);
    const b = cachedMeasurer(counting('p2'), store);
    await a.measure(tinyArch());
    await b.measure(tinyArch());
    expect(store.size).toBe(2);
    expect(await a.keyOf(tinyArch())).not.toBe(await b.keyOf(tinyArch()));
  });

  it('does not cache failures', async () => {
    const inner = counting();
    const m = cachedMeasurer(inner);
    const bad = tinyArch({ stem: { filters: 13, kernel: 3, stride: 2 } });
    await expect(m.measure(bad)).rejects.toBeInstanceOf(MeasurementError);
    await expect(m.measure(bad)).rejects.toBeInstanceOf(MeasurementError);
    expect(inner.calls).toBe(2);
  });

  it('persists reports in a JSON file store that a new process would reload', async () => {
    const path = join(dir, 'sub', 'cache.json');
    const inner = counting();
    await cachedMeasurer(inner, new JsonFileLatencyStore(path)).measure(tinyArch());
    const reloaded = new JsonFileLatencyStore(path);
    expect(reloaded.size).toBe(1);
    const again = counting();
    const r = await cachedMeasurer(again, reloaded).measure(tinyArch());
    expect(again.calls).toBe(0);
    expect(r.medianMs).toBe(8);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('mnas-ts-latency-cache');
  });

  it('rejects a file that is not a cache with a MeasurementError', () => {
    const path = join(dir, 'not-a-cache.json');
    writeFileSync(path, '{"hello": 1}');
    expect(() => new JsonFileLatencyStore(path)).toThrow(MeasurementError);
    writeFileSync(path, '{');
    expect(() => new JsonFileLatencyStore(path)).toThrow(/not valid JSON/);
  });

  it('throws InvalidOptionsError on a measurer without measure()', () => {
    expect(() => cachedMeasurer({} as never)).toThrow(InvalidOptionsError);
  });
});
