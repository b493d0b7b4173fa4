import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  EvaluationError,
  InvalidOptionsError,
  InvalidTokensError,
  NB201_DEVICES,
  Rng,
  loadNasBench201,
  loadNasBenchMacro,
  nasBench201FromJson,
} from '../../src/index.js';
import { packageDataDir, readDataJson } from '../../src/evaluate/tabular/data-dir.js';

const nb = loadNasBench201();
const macro = loadNasBenchMacro();

describe('loadNasBench201', () => {
  it('reproduces the published optima of the three datasets', () => {
    const best = { cifar10: [0, -1], cifar100: [0, -1], imagenet16_120: [0, -1] } as Record<string, [number, number]>;
    for (let row = 0; row < nb.rows; row++) {
      const cell = nb.cellAt(row);
      for (const d of ['cifar10', 'cifar100', 'imagenet16_120'] as const) {
        const a = Math.round(nb.accuracy(cell, d) * 1e6) / 1e6;
        const [ba, bi] = best[d] as [number, number];
        if (a > ba || (a === ba && cell.index < bi)) best[d] = [a, cell.index];
      }
    }
    expect(best).toEqual({ cifar10: [0.943733, 6111], cifar100: [0.735133, 9930], imagenet16_120: [0.473111, 857] });
  });

  it('matches the HW-NAS-Bench README example for architecture 0', () => {
    const cell = nb.cellOfIndex(0);
    expect(cell.archStr).toBe('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
    expect(nb.space.encode(cell)).toEqual([4, 2, 1, 2, 1, 1]);
    expect([nb.latencyMs(cell, 'pixel3'), nb.latencyMs(cell, 'raspi4'), nb.latencyMs(cell, 'fpga'), nb.latencyMs(cell, 'eyeriss')]).toEqual(
      [3.606, 10.48, 2.573, 3.646],
    );
    expect(nb.latencyMs(cell, 'edgegpu')).toBeUndefined();
  });

  it('covers every cell on pixel3/raspi4/fpga/eyeriss and a subset on edgegpu/edgetpu', () => {
    const counts = Object.fromEntries(NB201_DEVICES.map((d) => [d, 0]));
    for (let row = 0; row < nb.rows; row++) {
      for (const d of NB201_DEVICES) if (nb.latencyMs(nb.cellAt(row), d) !== undefined) counts[d]! += 1;
    }
    expect(counts).toEqual({ pixel3: 15625, raspi4: 15625, fpga: 15625, eyeriss: 15625, edgegpu: 1999, edgetpu: 1740 });
    expect(nb.coversAll('pixel3')).toBe(true);
    expect(nb.coversAll('edgetpu')).toBe(false);
  });

  it('finds the README oracle for a 10 ms hard constraint on pixel3', () => {
    let best = { acc: 0, index: -1 };
    for (let row = 0; row < nb.rows; row++) {
      const cell = nb.cellAt(row);
      const acc = nb.accuracy(cell);
      if ((nb.latencyMs(cell, 'pixel3') as number) <= 10 && (acc > best.acc || (acc === best.acc && cell.index < best.index))) {
        best = { acc, index: cell.index };
      }
    }
    expect(best).toEqual({ acc: 0.93625, index: 13171 });
  });

  it('round-trips tokens through decode and encode', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(4), { minLength: 6, maxLength: 6 }), (tokens) => {
        const cell = nb.space.decode(tokens);
        expect(nb.space.encode(cell)).toEqual(tokens);
        expect(nb.cellOfIndex(cell.index)).toEqual(cell);
        expect(JSON.parse(JSON.stringify(cell))).toEqual(cell);
      }),
    );
    expect(nb.space.size()).toBe(15625n);
    expect(nb.space.decisions.map((d) => d.size)).toEqual([5, 5, 5, 5, 5, 5]);
    const a = nb.space.sample(new Rng(3));
    expect(nb.space.sample(new Rng(3))).toEqual(a);
  });

  it('throws typed errors for bad tokens, cells, datasets and devices', () => {
    expect(() => nb.space.decode([0, 0, 0, 0, 0])).toThrow(InvalidTokensError);
    expect(() => nb.space.decode([0, 0, 0, 0, 0, 5])).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTokensError: Invalid token at [5] (edge3<-2): expected an integer in [0, 5), received 5]`,
    );
    expect(() => nb.accuracy({ ops: ['none', 'none', 'none', 'none', 'none', 'conv'] } as never)).toThrow(InvalidTokensError);
    expect(() => nb.accuracy(nb.cellAt(0), 'svhn' as never)).toThrow(InvalidOptionsError);
    expect(() => nb.latencyMs(nb.cellAt(0), 'tpu' as never)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid device: expected one of pixel3, raspi4, fpga, eyeriss, edgegpu, edgetpu, received "tpu"]`,
    );
    expect(() => nb.cellOfIndex(15625)).toThrow(InvalidTokensError);
  });

  it('evaluates through the AccuracyEvaluator contract and honours abort', async () => {
    const cell = nb.cellOfIndex(6111);
    const result = await nb.evaluator().evaluate(cell);
    expect(result.accuracy).toBe(0.943733);
    expect(result.extra?.['latencyMs.edgegpu']).toBe(nb.latencyMs(cell, 'edgegpu'));
    expect((await nb.evaluator({ dataset: 'cifar100' }).evaluate(cell)).accuracy).toBe(nb.accuracy(cell, 'cifar100'));
    const controller = new AbortController();
    controller.abort();
    await expect(nb.evaluator().evaluate(cell, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });
});

describe('loadNasBenchMacro', () => {
  it('reproduces the published best network and a FLOPs-constrained oracle', () => {
    let best = { acc: 0, key: '' };
    let bestUnder45 = { acc: 0, key: '' };
    for (let row = 0; row < macro.rows; row++) {
      const arch = macro.archAt(row);
      const acc = macro.accuracy(arch);
      if (acc > best.acc) best = { acc, key: arch.key };
      if (macro.flops(arch) <= 45e6 && acc > bestUnder45.acc) bestUnder45 = { acc, key: arch.key };
    }
    expect(best).toEqual({ acc: 0.931267, key: '22212202' });
    expect(bestUnder45).toEqual({ acc: 0.918567, key: '21201100' });
    const top = macro.space.decode([2, 2, 2, 1, 2, 2, 0, 2]);
    expect([macro.params(top), macro.flops(top)]).toEqual([1985514, 85164544]);
    expect(macro.archAt(macro.canonicalRow(top)).key).toBe('22212220');
    expect(macro.accuracyStd(top)).toBeGreaterThan(0);
  });

  it('round-trips tokens and rejects bad ones', async () => {
    fc.assert(
      fc.property(fc.array(fc.nat(2), { minLength: 8, maxLength: 8 }), (tokens) => {
        expect(macro.space.encode(macro.space.decode(tokens))).toEqual(tokens);
      }),
    );
    expect(() => macro.space.decode([0, 0, 0, 0, 0, 0, 0, 3])).toThrow(InvalidTokensError);
    const result = await macro.evaluator().evaluate(macro.archAt(0));
    expect(result).toMatchObject({ accuracy: 0.453633, extra: { params: 387882, flops: 7713280 } });
  });
});

describe('packageDataDir', () => {
  it('finds the package data folder and honours an explicit directory', () => {
    expect(packageDataDir()).toMatch(/data$/);
    const empty = mkdtempSync(join(tmpdir(), 'mnas-data-'));
    expect(packageDataDir(empty)).toBe(empty);
    expect(() => loadNasBench201({ dataDir: empty })).toThrow(EvaluationError);
    const json = readDataJson(packageDataDir(), 'nas-bench-201/nb201-hw.json.gz');
    expect(nasBench201FromJson(json).accuracy(nb.cellAt(0))).toBe(nb.accuracy(nb.cellAt(0)));
    expect(() => nasBench201FromJson({ format: 'other' })).toThrow(EvaluationError);
    expect(() => nasBench201FromJson({ ...(json as object), nb201Index: [1] })).toThrow(EvaluationError);
  });
});
