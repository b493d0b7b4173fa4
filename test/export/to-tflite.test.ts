import * as tf from '../../src/tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/blocks/index.js';
import { ExportError } from '../../src/errors.js';
import { toTflite } from '../../src/export/index.js';
import { FLATC_MISSING, type TfliteJson, constantValues, decodeTflite, operatorNames } from './flatc.js';
import { everyOpArch, otherLayersModel, randomizeBatchNorms, sampledArchs } from './fixtures.js';

const ALLOWED = new Set([
  'CONV_2D',
  'DEPTHWISE_CONV_2D',
  'ADD',
  'MUL',
  'LOGISTIC',
  'MEAN',
  'AVERAGE_POOL_2D',
  'FULLY_CONNECTED',
  'RESHAPE',
  'SOFTMAX',
]);

function countLayers(model: tf.LayersModel, className: string): number {
  return model.layers.filter((l) => l.getClassName() === className).length;
}

/** Structural checks that hold for any exported architecture. */
function expectWellFormed(decoded: TfliteJson, model: tf.LayersModel): void {
  const sg = decoded.subgraphs[0]!;
  const ops = operatorNames(decoded);
  for (const name of ops) expect(ALLOWED.has(name)).toBe(true);
  // One CONV_2D per Conv2D layer, one DEPTHWISE per DepthwiseConv2D: every batch norm folded, every ReLU fused.
  expect(ops.filter((o) => o === 'CONV_2D').length).toBe(countLayers(model, 'Conv2D'));
  expect(ops.filter((o) => o === 'DEPTHWISE_CONV_2D').length).toBe(countLayers(model, 'DepthwiseConv2D'));
  expect(ops.filter((o) => o === 'MUL').length).toBe(countLayers(model, 'Multiply'));
  expect(ops.filter((o) => o === 'ADD').length).toBe(countLayers(model, 'Add'));
  // Every runtime tensor named after a layer has that layer's output shape (batch 1).
  const names = new Set(model.layers.map((l) => l.name));
  let checked = 0;
  for (const t of sg.tensors) {
    if (t.buffer !== 0 || !names.has(t.name)) continue;
    const shape = model.getLayer(t.name).outputShape as (number | null)[];
    expect(t.shape).toEqual(shape.map((d) => d ?? 1));
    checked++;
  }
  expect(checked).toBeGreaterThan(ops.length / 2);
  // Operator tensor indices are in range; constants have exactly their bytes.
  for (const op of sg.operators) for (const i of [...op.inputs, ...op.outputs]) expect(i).toBeLessThan(sg.tensors.length);
  for (const t of sg.tensors) {
    if (t.buffer === 0) continue;
    expect(decoded.buffers[t.buffer]!.data!.length).toBe(t.shape.reduce((a, b) => a * b, 1) * 4);
  }
}

describe('toTflite', () => {
  let before = 0;
  beforeAll(() => {
    before = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes a flatbuffer with the TFL3 identifier', () => {
    const bytes = toTflite(everyOpArch(), { buildOptions: { seed: 1 } });
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('TFL3');
  });

  it('leaves no tensors behind when given an architecture', () => {
    const start = tf.memory().numTensors;
    toTflite(everyOpArch(), { buildOptions: { seed: 1 } });
    expect(tf.memory().numTensors).toBe(start);
  });

  it.skipIf(FLATC_MISSING !== undefined)('decodes with flatc into the expected operators, tensors and shapes', () => {
    const model = buildModel(everyOpArch('relu6'), { seed: 2 });
    try {
      const decoded = decodeTflite(toTflite(model));
      expect(decoded.version).toBe(3);
      expect(decoded.description).toBe('mnas-ts');
      expectWellFormed(decoded, model);
      const ops = operatorNames(decoded);
      for (const op of ALLOWED) expect(ops).toContain(op);
      expect(ops.at(-1)).toBe('SOFTMAX');
      const sg = decoded.subgraphs[0]!;
      expect(sg.inputs.map((i) => sg.tensors[i]!.shape)).toEqual([[1, 32, 32, 3]]);
      expect(sg.outputs.map((i) => sg.tensors[i]!.shape)).toEqual([[1, 10]]);
      const stem = sg.operators[0]!;
      expect(stem.builtin_options).toMatchObject({ padding: 'SAME', stride_w: 2, stride_h: 2, fused_activation_function: 'RELU6' });
      expect(sg.tensors[stem.inputs[1]!]!.shape).toEqual([8, 3, 3, 3]);
      const pool = sg.operators[ops.indexOf('AVERAGE_POOL_2D')]!;
      expect(pool.builtin_options).toMatchObject({ filter_width: 2, filter_height: 2, stride_w: 2, padding: 'SAME' });
      const mean = sg.operators[ops.indexOf('MEAN')]!;
      expect(Array.from(new Int32Array(constantValues(decoded, mean.inputs[1]!).buffer))).toEqual([1, 2]);
      for (const code of decoded.operator_codes) expect(code.deprecated_builtin_code).toBeLessThan(127);
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('folds batch norm into the conv filter and bias', () => {
    const input = tf.input({ shape: [2, 2, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, name: 'c' });
    const bn = tf.layers.batchNormalization({ epsilon: 0, name: 'bn' });
    const model = tf.model({ inputs: input, outputs: bn.apply(conv.apply(input)) as tf.SymbolicTensor });
    // kernel [1, 1, in=2, out=2]: w[i][o]
    tf.tidy(() => {
      conv.setWeights([tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2])]);
      // gamma, beta, mean, variance: scale = gamma / sqrt(var) = [2, 0.5]; shift = beta - mean * scale = [1 - 2, -1 - 1]
      bn.setWeights([tf.tensor1d([2, 1]), tf.tensor1d([1, -1]), tf.tensor1d([1, 2]), tf.tensor1d([1, 4])]);
    });
    try {
      const decoded = decodeTflite(toTflite(model));
      expect(operatorNames(decoded)).toEqual(['CONV_2D']);
      const op = decoded.subgraphs[0]!.operators[0]!;
      // OHWI: out 0 = [w00, w10] * 2 = [2, 6]; out 1 = [w01, w11] * 0.5 = [1, 2]
      expect(Array.from(constantValues(decoded, op.inputs[1]!))).toEqual([2, 6, 1, 2]);
      expect(Array.from(constantValues(decoded, op.inputs[2]!))).toEqual([-1, -2]);
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('keeps batch norm (MUL, ADD) and ReLU6 as operators with optimize: false', () => {
    const model = buildModel(everyOpArch('relu6'), { seed: 3 });
    try {
      const ops = operatorNames(decodeTflite(toTflite(model, { optimize: false })));
      expect(ops.filter((o) => o === 'RELU6').length).toBe(
        model.layers.filter((l) => l.getClassName() === 'ReLU' && l.name.includes('_act') && !l.name.includes('_se_')).length,
      );
      expect(ops.filter((o) => o === 'MUL').length).toBe(countLayers(model, 'BatchNormalization') + countLayers(model, 'Multiply'));
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('writes a batch norm with no conv before it as MUL then ADD', () => {
    const input = tf.input({ shape: [4] });
    const bn = tf.layers.batchNormalization({ name: 'bn' });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 3, name: 'fc' }).apply(bn.apply(input)) as tf.SymbolicTensor,
    });
    try {
      randomizeBatchNorms(model, 1);
      expect(operatorNames(decodeTflite(toTflite(model)))).toEqual(['MUL', 'ADD', 'FULLY_CONNECTED']);
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('writes the same operators for a model built with foldBatchNorm', () => {
    const plain = decodeTflite(toTflite(everyOpArch('relu6'), { buildOptions: { seed: 5 } }));
    const folded = decodeTflite(toTflite(everyOpArch('relu6'), { buildOptions: { seed: 5, foldBatchNorm: true } }));
    expect(operatorNames(folded)).toEqual(operatorNames(plain));
    const acts = (m: TfliteJson): unknown[] => m.subgraphs[0]!.operators.map((op) => op.builtin_options?.['fused_activation_function']);
    expect(acts(folded)).toEqual(acts(plain));
  });

  it.skipIf(FLATC_MISSING !== undefined)('does not fold or fuse into an output that something else also reads', () => {
    const input = tf.input({ shape: [4, 4, 2] });
    const c = tf.layers.conv2d({ filters: 2, kernelSize: 1, name: 'c' }).apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ name: 'bn' }).apply(c) as tf.SymbolicTensor;
    const r = tf.layers.reLU({ name: 'r' }).apply(c) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([bn, r, c]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: sum });
    try {
      const decoded = decodeTflite(toTflite(model));
      // The conv output feeds BN, ReLU and the add: BN stays MUL + ADD, ReLU stays RELU; the 3-input add is two ADDs.
      expect(operatorNames(decoded)).toEqual(['CONV_2D', 'MUL', 'ADD', 'RELU', 'ADD', 'ADD']);
      expect(decoded.subgraphs[0]!.operators[0]!.builtin_options).toMatchObject({ fused_activation_function: 'NONE' });
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('exports ZeroPadding2D, MaxPooling2D, Concatenate and Flatten', () => {
    const model = otherLayersModel(1);
    try {
      const decoded = decodeTflite(toTflite(model));
      expect(operatorNames(decoded)).toEqual([
        'PAD',
        'CONV_2D',
        'MAX_POOL_2D',
        'AVERAGE_POOL_2D',
        'CONCATENATION',
        'RESHAPE',
        'FULLY_CONNECTED',
      ]);
      const sg = decoded.subgraphs[0]!;
      const pad = sg.operators[0]!;
      expect(Array.from(new Int32Array(constantValues(decoded, pad.inputs[1]!).buffer))).toEqual([0, 0, 1, 2, 2, 1, 0, 0]);
      expect(sg.operators[1]!.builtin_options).toMatchObject({ padding: 'VALID', fused_activation_function: 'RELU' });
      expect(sg.operators[4]!.builtin_options).toMatchObject({ axis: 3 });
      expect(sg.tensors[sg.operators[4]!.outputs[0]!]!.shape).toEqual([1, 7, 7, 8]);
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('exports a functional model with two inputs', () => {
    const a = tf.input({ shape: [3], name: 'a' });
    const b = tf.input({ shape: [3], name: 'b' });
    const gate = tf.layers.activation({ activation: 'sigmoid', name: 'gate' }).apply(b) as tf.SymbolicTensor;
    const y = tf.layers
      .dense({ units: 2, activation: 'relu6', name: 'fc' })
      .apply(tf.layers.multiply({ name: 'm' }).apply([a, gate])) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: y });
    try {
      const decoded = decodeTflite(toTflite(model));
      const sg = decoded.subgraphs[0]!;
      expect(sg.inputs.map((i) => sg.tensors[i]!.name)).toEqual(['a', 'b']);
      expect(operatorNames(decoded)).toEqual(['LOGISTIC', 'MUL', 'FULLY_CONNECTED']);
      expect(sg.operators[2]!.builtin_options).toMatchObject({ fused_activation_function: 'RELU6' });
    } finally {
      model.dispose();
    }
  });

  it.skipIf(FLATC_MISSING !== undefined)('writes the batch size into every shape', () => {
    const decoded = decodeTflite(toTflite(everyOpArch(), { batchSize: 2, buildOptions: { seed: 1 } }));
    const sg = decoded.subgraphs[0]!;
    expect(sg.tensors[sg.inputs[0]!]!.shape).toEqual([2, 32, 32, 3]);
    expect(sg.tensors[sg.outputs[0]!]!.shape).toEqual([2, 10]);
  });

  it.skipIf(FLATC_MISSING !== undefined)('exports architectures sampled from the MnasNet space', () => {
    for (const arch of sampledArchs(3, 11, 0.25)) {
      const model = buildModel(arch, { seed: 4 });
      try {
        expectWellFormed(decodeTflite(toTflite(model)), model);
      } finally {
        model.dispose();
      }
    }
  });

  it('throws ExportError with the layer path on an unsupported layer', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const pooled = tf.layers
      .upSampling2d({ size: [2, 2], name: 'up' })
      .apply(tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'c' }).apply(input));
    const model = tf.model({ inputs: input, outputs: pooled as tf.SymbolicTensor });
    try {
      const err = (() => {
        try {
          toTflite(model);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(ExportError);
      expect((err as ExportError).path).toEqual(['layers', 2]);
      expect((err as ExportError).message).toMatchInlineSnapshot(`"Cannot export layer "up": layer class UpSampling2D is not supported"`);
    } finally {
      model.dispose();
    }
  });

  it('throws ExportError on a ReLU capped at a value other than 6', () => {
    const input = tf.input({ shape: [4] });
    const model = tf.model({ inputs: input, outputs: tf.layers.reLU({ maxValue: 3, name: 'r3' }).apply(input) as tf.SymbolicTensor });
    try {
      expect(() => toTflite(model)).toThrow(/r3.*maxValue 3 is not supported/);
      expect(() => toTflite(model)).toThrow(ExportError);
    } finally {
      model.dispose();
    }
  });

  it('throws InvalidOptionsError on a bad batch size', () => {
    expect(() => toTflite(everyOpArch(), { batchSize: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid option at batchSize: expected an integer in [1, 4096], received 0]`,
    );
  });
});
