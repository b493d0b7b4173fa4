/**
 * Runs `toOnnx` files in onnxruntime-node (CPU) and checks they compute what
 * the tfjs model computes, for the same weights and input. The full set (50
 * sampled architectures at 224 as well) runs with `MNAS_ONNX_FULL=1`.
 */

import * as ort from 'onnxruntime-node';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/tfjs.js';
import { ONNX_IR_VERSION, ONNX_OPSET, toOnnx } from '../../src/export/index.js';
import { mnasnetA1, mnasnetB1, mnasnetSmall, mobilenetV2 } from '../../src/space/index.js';
import type { Architecture } from '../../src/space/types.js';
import { everyOpArch, otherLayersModel, sampledArchs } from './fixtures.js';
import { type Agreement, referenceRun, swishModel, tfjsModel } from './onnx-fixtures.js';

const FULL = process.env['MNAS_ONNX_FULL'] === '1';

/** Max abs difference between tfjs and onnxruntime-node outputs for `model` (disposed afterwards). */
async function agreement(model: tf.LayersModel, seed: number, options: { optimize?: boolean } = {}): Promise<Agreement> {
  try {
    const { input, shape, expected } = referenceRun(model, seed);
    const session = await ort.InferenceSession.create(toOnnx(model, options));
    try {
      const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(input), shape) };
      const out = await session.run(feeds);
      const got = out[session.outputNames[0]!]!.data as Float32Array;
      expect(got.length).toBe(expected.length);
      return {
        diff: Math.max(...Array.from(got, (g, i) => Math.abs(g - expected[i]!))),
        scale: Math.max(...expected.map(Math.abs)),
      };
    } finally {
      await session.release();
    }
  } finally {
    model.dispose();
  }
}

async function expectAgrees(arch: Architecture, seed: number, options: { optimize?: boolean } = {}): Promise<void> {
  const { diff, scale } = await agreement(tfjsModel(arch, seed), seed, options);
  expect(scale).toBeGreaterThan(1e-2);
  expect(diff).toBeLessThanOrEqual(1e-4);
}

describe('toOnnx in onnxruntime-node', () => {
  let tensorsBefore = 0;
  beforeAll(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it(`declares IR version ${ONNX_IR_VERSION} and opset ${ONNX_OPSET} of the default domain (read back with protobufjs)`, () => {
    const r = protobuf.Reader.create(toOnnx(everyOpArch('relu6'), { description: 'every op' }));
    const fields = new Map<number, unknown>();
    while (r.pos < r.len) {
      const key = r.uint32();
      if ((key & 7) === 0) fields.set(key >>> 3, Number(r.int64()));
      else if (key >>> 3 === 8) {
        const opset = protobuf.Reader.create(r.bytes());
        const entry: Record<number, unknown> = {};
        while (opset.pos < opset.len) {
          const k = opset.uint32();
          entry[k >>> 3] = (k & 7) === 0 ? Number(opset.int64()) : opset.string();
        }
        fields.set(8, entry);
      } else if ((key & 7) === 2 && [2, 6].includes(key >>> 3)) fields.set(key >>> 3, r.string());
      else r.skipType(key & 7);
    }
    expect(fields.get(1)).toBe(ONNX_IR_VERSION);
    expect(fields.get(2)).toBe('mnas-ts');
    expect(fields.get(6)).toBe('every op');
    expect(fields.get(8)).toEqual({ 1: '', 2: ONNX_OPSET });
  });

  it('keeps the NHWC input and the tfjs output', async () => {
    const session = await ort.InferenceSession.create(toOnnx(everyOpArch('relu6')));
    try {
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames.length).toBe(1);
      const y = await session.run({ input: new ort.Tensor('float32', new Float32Array(32 * 32 * 3), [1, 32, 32, 3]) });
      expect(y[session.outputNames[0]!]!.dims).toEqual([1, 10]);
    } finally {
      await session.release();
    }
  });

  it('matches tfjs for every op and skip, ReLU6 and ReLU, batch norms folded and kept (max abs difference <= 1e-4)', async () => {
    await expectAgrees(everyOpArch('relu6'), 1);
    await expectAgrees(everyOpArch('relu'), 2);
    await expectAgrees(everyOpArch('relu6'), 3, { optimize: false });
  });

  it('matches tfjs for ZeroPadding2D, a valid conv, MaxPooling2D, Concatenate and Flatten (max abs difference <= 1e-4)', async () => {
    const { diff, scale } = await agreement(otherLayersModel(4), 4);
    expect(scale).toBeGreaterThan(1e-2);
    expect(diff).toBeLessThanOrEqual(1e-4);
  });

  it('matches tfjs for swish activations (max abs difference <= 1e-4)', async () => {
    const { diff, scale } = await agreement(swishModel(5), 5);
    expect(scale).toBeGreaterThan(1e-2);
    expect(diff).toBeLessThanOrEqual(1e-4);
  });

  it('matches tfjs for 50 architectures of the default space at 28 x 28 (max abs difference <= 1e-4)', async () => {
    for (const [i, arch] of sampledArchs(50, 28, 1, [28, 28, 3]).entries()) await expectAgrees(arch, 100 + i);
  }, 600_000);

  it('matches tfjs for the presets at 224 x 224 (max abs difference <= 1e-4)', async () => {
    const presets = [mnasnetA1, mnasnetB1, mnasnetSmall, mobilenetV2];
    for (const [i, preset] of presets.entries()) await expectAgrees(preset({ inputShape: [224, 224, 3], numClasses: 1000 }), 200 + i);
  }, 600_000);

  it.skipIf(!FULL)(
    'matches tfjs for 50 architectures of the default space at 224 x 224 (MNAS_ONNX_FULL=1)',
    async () => {
      for (const [i, arch] of sampledArchs(50, 224, 1, [224, 224, 3]).entries()) await expectAgrees(arch, 300 + i);
    },
    3_600_000,
  );
});
