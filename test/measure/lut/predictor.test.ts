import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionsError, MeasurementError } from '../../../src/errors.js';
import { LookupTablePredictor } from '../../../src/measure/lut/predictor.js';
import { fitOverhead } from '../../../src/measure/lut/fit.js';
import { lutPieces } from '../../../src/measure/lut/keys.js';
import { makeLatencyReport } from '../../../src/measure/report.js';
import { kendallTau, shareWithin } from '../../../src/measure/rank.js';
import type { LatencyMeasurer } from '../../../src/measure/types.js';
import { Rng } from '../../../src/rng.js';
import { countMacs, mnasnetSpace, resolveNetwork } from '../../../src/space/index.js';
import type { Architecture } from '../../../src/space/types.js';
import { describeMeasurerContract } from '../contract.js';
import { badKernelArch, tinyArch } from '../fixtures.js';

/** Deterministic fake platform: 0.2 ms per call plus 1 ms per million MACs; counts calls; can abort itself. */
function fakeMeasurer(
  options: { name?: string; abortAfter?: { n: number; controller: AbortController } } = {},
): LatencyMeasurer & { calls: number } {
  const platform = { name: options.name ?? 'fake', backend: 'analytic' };
  const m = {
    calls: 0,
    async measure(arch: Architecture, o: { signal?: AbortSignal } = {}) {
      if (o.signal?.aborted) throw new AbortError();
      m.calls++;
      if (options.abortAfter !== undefined && m.calls >= options.abortAfter.n) options.abortAfter.controller.abort();
      return makeLatencyReport([0.2 + countMacs(arch) / 1e6], 0, platform);
    },
    platform: () => platform,
  };
  return m;
}

const space = mnasnetSpace({ inputShape: [32, 32, 3], numClasses: 10 });
const sample = (seed: number, n: number): Architecture[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => space.sample(rng));
};
const dir = mkdtempSync(join(tmpdir(), 'mnas-lut-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lutPieces', () => {
  it('lists the stem, one piece per layer, and the head conv, in network order', () => {
    const arch = tinyArch();
    const pieces = lutPieces(arch);
    expect(pieces.map((p) => p.kind)).toEqual(['stem', 'layer', 'layer', 'layer', 'head']);
    expect(pieces[1]?.key).toBe('layer:dwconv-relu-in16x16x8-out8-k3-s1-x8-se0-skip_identity');
    expect(pieces[2]?.key).toBe('layer:mbconv-relu-in16x16x8-out16-k3-s2-x24-se2-skip_none');
  });

  it('gives each layer a probe network whose own layer has the same key, and a base of the same input (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const arch = space.sample(new Rng(seed));
        for (const p of lutPieces(arch)) {
          if (p.kind !== 'layer') continue;
          const inner = lutPieces(p.probe).filter((q) => q.kind === 'layer');
          expect(inner.map((q) => q.key)).toEqual([p.key]);
          expect(resolveNetwork(p.base!.arch).layers).toHaveLength(0);
          expect(p.base!.arch.inputShape).toEqual(p.probe.inputShape);
        }
      }),
      { seed: 21, numRuns: 25 },
    );
  });
});

describe('fitOverhead', () => {
  it('recovers an exact affine relation (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 3, maxLength: 20 }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (sums, scale, offset) => {
          fc.pre(Math.max(...sums) - Math.min(...sums) > 1);
          const fit = fitOverhead(
            sums,
            sums.map((s) => scale * s + offset),
            'affine',
          );
          expect(fit.scale).toBeCloseTo(scale, 6);
          expect(fit.offsetMs).toBeCloseTo(offset, 5);
        },
      ),
      { seed: 8, numRuns: 100 },
    );
  });

  it('fits the overhead alone by default, or the scale alone, and is the identity without points', () => {
    const sums = [1, 2, 4, 8];
    expect(
      fitOverhead(
        sums,
        sums.map((s) => s + 0.75),
      ).offsetMs,
    ).toBeCloseTo(0.75, 12);
    expect(
      fitOverhead(
        sums,
        sums.map((s) => s + 0.75),
      ).scale,
    ).toBe(1);
    expect(fitOverhead([2], [3], 'scale')).toEqual({ scale: 1.5, offsetMs: 0, archs: 1 });
    // An affine fit needs 3 points; with 2 it falls back to the offset.
    const two = fitOverhead([2, 3], [3, 4], 'affine');
    expect(two.scale).toBe(1);
    expect(two.offsetMs).toBeCloseTo(1, 12);
    expect(fitOverhead([], [])).toEqual({ scale: 1, offsetMs: 0, archs: 0 });
  });
});

describe('LookupTablePredictor', () => {
  it('measures each distinct piece once, and nothing on a second build', async () => {
    const archs = sample(1, 6);
    const fake = fakeMeasurer();
    const lut = new LookupTablePredictor({ measurer: fake });
    const missing = lut.missingKeys(archs);
    expect(new Set(missing).size).toBe(missing.length);
    const first = await lut.build(archs);
    expect(fake.calls).toBe(missing.length);
    expect(first.measured).toBe(missing.length);
    expect(lut.size).toBe(missing.length);
    const second = await lut.build(archs);
    expect(second.measured).toBe(0);
    expect(fake.calls).toBe(missing.length);
    expect(lut.missingKeys(archs)).toEqual([]);
  });

  it('predicts end-to-end latency of unseen architectures after calibration (fake additive platform)', async () => {
    const fake = fakeMeasurer();
    const lut = new LookupTablePredictor({ measurer: fake });
    const calibration = sample(2, 6);
    const test = sample(3, 20);
    await lut.build(test);
    const fit = await lut.calibrate(calibration);
    expect(fit.archs).toBe(6);
    const measured = await Promise.all(test.map(async (a) => (await fake.measure(a)).medianMs));
    const predicted = test.map((a) => lut.predict(a).ms);
    expect(shareWithin(predicted, measured, 0.02)).toBe(1);
    expect(kendallTau(predicted, measured)).toBeGreaterThan(0.95);
  });

  it('reports which pieces it had to estimate, and estimates them from MACs', async () => {
    const lut = new LookupTablePredictor({ measurer: fakeMeasurer() });
    await lut.build([tinyArch()]);
    const other = tinyArch({ blocks: [tinyArch().blocks[0]!, { ...tinyArch().blocks[1]!, kernel: 5 }] });
    const p = lut.predict(other);
    expect(p.estimatedKeys).toEqual([
      'layer:mbconv-relu-in16x16x8-out16-k5-s2-x24-se2-skip_none',
      'layer:mbconv-relu-in8x8x16-out16-k5-s1-x48-se4-skip_identity',
    ]);
    expect(p.parts.filter((x) => x.estimated)).toHaveLength(2);
    for (const part of p.parts) expect(part.ms).toBeGreaterThan(0);
    expect(lut.predict(tinyArch()).estimatedKeys).toEqual([]);
  });

  it('round-trips through save and load with identical predictions', async () => {
    const file = join(dir, 'roundtrip.json');
    const archs = sample(4, 4);
    const lut = new LookupTablePredictor({ measurer: fakeMeasurer() });
    await lut.calibrate(archs);
    lut.save(file);
    const loaded = LookupTablePredictor.load(file);
    expect(loaded.toJSON()).toEqual(lut.toJSON());
    for (const a of sample(5, 5)) expect(loaded.predict(a)).toEqual(lut.predict(a));
    expect(loaded.platform()).toEqual({ name: 'fake+lut', backend: 'lookup-table' });
  });

  it('resumes an interrupted build from its file, measuring only the missing entries', async () => {
    const file = join(dir, 'resume.json');
    const archs = sample(6, 5);
    const controller = new AbortController();
    const first = fakeMeasurer({ abortAfter: { n: 7, controller } });
    const interrupted = new LookupTablePredictor({ measurer: first, file });
    const total = interrupted.missingKeys(archs).length;
    await expect(interrupted.build(archs, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(existsSync(file)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { entries: object };
    expect(Object.keys(saved.entries)).toHaveLength(7);

    const second = fakeMeasurer();
    const resumed = new LookupTablePredictor({ measurer: second, file });
    expect(resumed.size).toBe(7);
    const r = await resumed.build(archs);
    expect(second.calls).toBe(total - 7);
    expect(r.measured).toBe(total - 7);

    const fresh = new LookupTablePredictor({ measurer: fakeMeasurer() });
    await fresh.build(archs);
    expect(resumed.toJSON()).toEqual(fresh.toJSON());
  });

  it('refuses to extend a table with a measurer of another platform', async () => {
    const file = join(dir, 'platform.json');
    await new LookupTablePredictor({ measurer: fakeMeasurer({ name: 'a' }), file }).build([tinyArch()]);
    const other = new LookupTablePredictor({ measurer: fakeMeasurer({ name: 'b' }), file });
    await expect(other.build(sample(7, 1))).rejects.toBeInstanceOf(InvalidOptionsError);
  });

  it('fails with typed errors: empty table, invalid architecture, no measurer, malformed file', async () => {
    const empty = new LookupTablePredictor();
    expect(() => empty.predict(tinyArch())).toThrow(MeasurementError);
    await expect(empty.measure(tinyArch())).rejects.toBeInstanceOf(MeasurementError);
    await expect(empty.build([tinyArch()])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: LookupTablePredictor.build needs a measurer (option measurer)]`,
    );
    const withMeasurer = new LookupTablePredictor({ measurer: fakeMeasurer() });
    await expect(withMeasurer.build([badKernelArch() as Architecture])).rejects.toBeInstanceOf(MeasurementError);
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'mnas-ts-latency-lut',
        version: 1,
        platform: null,
        entries: { x: { kind: 'layer', ms: 'fast' } },
        fit: { scale: 1, offsetMs: 0, archs: 0 },
      }),
    );
    expect(() => LookupTablePredictor.load(bad)).toThrowErrorMatchingInlineSnapshot(
      `[MeasurementError: Invalid latency lookup table (${bad}) at entries.x.ms: expected a finite number, received "fast"]`,
    );
    expect(() => LookupTablePredictor.load(join(dir, 'missing.json'))).toThrow(MeasurementError);
  });
});

describeMeasurerContract(
  'LookupTablePredictor',
  async () => {
    const lut = new LookupTablePredictor({ measurer: fakeMeasurer() });
    await lut.calibrate([tinyArch(), tinyArch({ numClasses: 10, head: { filters: 64, dropout: 0 } })]);
    return lut;
  },
  {
    valid: () => tinyArch(),
    invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
    abortsDuring: false,
    deterministic: true,
    platformName: 'fake+lut',
  },
);
