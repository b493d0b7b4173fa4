import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationError, InvalidSpaceError } from '../../src/errors.js';
import { SUPERNET_MANIFEST, Supernet } from '../../src/evaluate/supernet/index.js';
import { Rng } from '../../src/rng.js';
import { TINY_SPACE, cliSpace, randomizeWeights } from './supernet-fixtures.js';

let dir: string;

beforeAll(async () => {
  await tf.setBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'mnas-supernet-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Supernet.save / Supernet.load', () => {
  it('round-trips: the loaded supernet gives identical outputs for several subnets, and keeps the options and training history', async () => {
    const before = tf.memory().numTensors;
    const a = Supernet.create({ space: cliSpace(16), seed: 'io', bnEpsilon: 1e-4 });
    randomizeWeights(a, 9);
    a.recordTraining({ steps: 7, recipe: { dataset: 'test', batchSize: 4 } });
    const manifest = await a.save(join(dir, 'a'));
    expect(manifest.steps).toBe(7);
    const b = await Supernet.load(join(dir, 'a'), { space: cliSpace(16) });
    expect(b.options.seed).toBe('io');
    expect(b.options.bnEpsilon).toBe(1e-4);
    expect(b.history).toEqual([{ steps: 7, recipe: { dataset: 'test', batchSize: 4 } }]);
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const rng = new Rng(4);
    for (let i = 0; i < 4; i++) {
      const arch = a.space.sample(rng);
      const sa = a.calibrate(arch, [x]);
      const sb = b.calibrate(arch, [x]);
      const [ya, yb] = [a.forward(x, arch, { statistics: sa }), b.forward(x, arch, { statistics: sb })];
      expect(Array.from(await yb.data())).toEqual(Array.from(await ya.data()));
      tf.dispose([ya, yb]);
      sa.dispose();
      sb.dispose();
    }
    x.dispose();
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a supernet saved for another space is an InvalidSpaceError naming the first differing field', async () => {
    const s = Supernet.create({ space: TINY_SPACE });
    await s.save(join(dir, 'tiny'));
    s.dispose();
    const other = { ...TINY_SPACE, skeleton: [TINY_SPACE.skeleton[0]!, { filters: 12, repeats: 1, stride: 1 }] };
    const error = await Supernet.load(join(dir, 'tiny'), { space: other }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSpaceError);
    expect((error as InvalidSpaceError).path).toEqual(['space', 'blocks', 1, 'filters', 0]);
    expect((error as Error).message).toMatch(/trained for another space: it differs at space\.blocks\.1\.filters\.0/);
  });

  it('a corrupt manifest or weights file is an EvaluationError naming the field, before any tensor is made', async () => {
    const s = Supernet.create({ space: TINY_SPACE });
    const sub = join(dir, 'corrupt');
    await s.save(sub);
    s.dispose();
    const good = JSON.parse(await readFile(join(sub, SUPERNET_MANIFEST), 'utf8')) as Record<string, unknown>;
    const before = tf.memory().numTensors;
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ ...good, format: 'keras' }, ['format']],
      [{ ...good, version: 2 }, ['version']],
      [
        { ...good, weights: (good['weights'] as { key: string; shape: number[] }[]).map((w, i) => (i === 3 ? { ...w, shape: [1] } : w)) },
        ['weights', 3, 'shape'],
      ],
      [{ ...good, bnEpsilon: -1 }, ['bnEpsilon']],
      [{ ...good, space: { ...(good['space'] as object), numClasses: 0 } }, ['space', 'numClasses']],
    ];
    for (const [manifest, path] of cases) {
      await writeFile(join(sub, SUPERNET_MANIFEST), JSON.stringify(manifest));
      const error = await Supernet.load(sub).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EvaluationError);
      expect((error as EvaluationError).path).toEqual(path);
    }
    await writeFile(join(sub, SUPERNET_MANIFEST), JSON.stringify(good));
    await writeFile(join(sub, 'weights.bin'), new Uint8Array(12));
    const error = await Supernet.load(sub).catch((e: unknown) => e);
    expect((error as EvaluationError).path).toEqual(['weightsFile']);
    expect((error as Error).message).toMatch(/expected a file of \d+ bytes, received "12 bytes"/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
