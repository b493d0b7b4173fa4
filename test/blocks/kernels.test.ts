import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingTrainingKernels, registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { Rng } from '../../src/rng.js';

interface Input {
  readonly shape: number[];
  readonly data: Float32Array;
}

function randomInput(rng: Rng, shape: number[]): Input {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  return { shape, data };
}

/** Runs one kernel on a backend and returns its output values and shape; checks that no tensor or backend buffer leaks. */
async function runOn(
  backend: string,
  kernel: string,
  inputs: Record<string, Input>,
  attrs: object,
): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const dataIdsBefore = tf.engine().backend.numDataIds();
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, data: (await out.data()) as Float32Array };
  out.dispose();
  for (const t of Object.values(tensors)) t.dispose();
  expect(tf.memory().numTensors).toBe(before);
  expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore);
  return result;
}

/** Max |wasm - cpu| relative to max(1, max |cpu|). */
async function compare(kernel: string, inputs: Record<string, Input>, attrs: object): Promise<number> {
  const ref = await runOn('cpu', kernel, inputs, attrs);
  const got = await runOn('wasm', kernel, inputs, attrs);
  expect(got.shape).toEqual(ref.shape);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < ref.data.length; i++) {
    diff = Math.max(diff, Math.abs((ref.data[i] as number) - (got.data[i] as number)));
    scale = Math.max(scale, Math.abs(ref.data[i] as number));
  }
  return diff / scale;
}

/** Output spatial size of a conv, as tfjs computes it. */
function outSize(inSize: number, k: number, s: number, pad: 'same' | 'valid', dilation = 1): number {
  const ek = (k - 1) * dilation + 1;
  return pad === 'same' ? Math.ceil(inSize / s) : Math.ceil((inSize - ek + 1) / s);
}

const TOL = 1e-5;

interface Case {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly k: number;
  readonly s: number;
  readonly pad: 'same' | 'valid';
}

const GRID: Case[] = [];
for (const k of [1, 3, 5]) {
  for (const s of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const [h, w] of [
        [7, 7],
        [8, 6],
      ] as const) {
        GRID.push({ n: 2, h, w, cin: k === 3 ? 3 : 4, k, s, pad });
      }
    }
  }
}
const label = (c: Case): string => `n${c.n} ${c.h}x${c.w}x${c.cin} k${c.k} s${c.s} ${c.pad}`;

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('registerWasmTrainingKernels', () => {
  it('registers the three missing gradient kernels, and a second call is a no-op', () => {
    expect(missingTrainingKernels('wasm')).toEqual([]);
    expect(registerWasmTrainingKernels()).toEqual([]);
    for (const name of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']) {
      expect(tf.getKernel(name, 'wasm')).toBeDefined();
    }
  });
});

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(GRID.map((c) => [label(c), c] as const))('matches cpu for %s', async (_, c) => {
    const rng = new Rng(label(c));
    const cout = 5;
    const oh = outSize(c.h, c.k, c.s, c.pad);
    const ow = outSize(c.w, c.k, c.s, c.pad);
    const x = randomInput(rng, [c.n, c.h, c.w, c.cin]);
    const dy = randomInput(rng, [c.n, oh, ow, cout]);
    const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [c.k, c.k, c.cin, cout] };
    expect(await compare('Conv2DBackpropFilter', { x, dy }, attrs)).toBeLessThan(TOL);
  });
});

describe('Conv2DBackpropInput on wasm (XNNPACK path)', () => {
  it.each(GRID.map((c) => [label(c), c] as const))('matches cpu for %s', async (_, c) => {
    const rng = new Rng(`bi ${label(c)}`);
    const cout = 5;
    const dy = randomInput(rng, [c.n, outSize(c.h, c.k, c.s, c.pad), outSize(c.w, c.k, c.s, c.pad), cout]);
    const filter = randomInput(rng, [c.k, c.k, c.cin, cout]);
    const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', inputShape: [c.n, c.h, c.w, c.cin] };
    expect(await compare('Conv2DBackpropInput', { dy, filter }, attrs)).toBeLessThan(TOL);
  });
});

const DW_GRID: (Case & { readonly m: number; readonly d: number })[] = [
  ...GRID.map((c) => ({ ...c, m: 1, d: 1 })),
  { n: 2, h: 6, w: 6, cin: 3, k: 3, s: 1, pad: 'same', m: 2, d: 1 },
  { n: 1, h: 7, w: 5, cin: 2, k: 3, s: 2, pad: 'valid', m: 3, d: 1 },
  { n: 1, h: 8, w: 8, cin: 3, k: 5, s: 2, pad: 'same', m: 2, d: 1 },
];
// No dilation > 1: tfjs' depthwise gradient refuses dilated convolutions, and
// the cpu backend's backprop kernels ignore the dilation attribute.
const dwLabel = (c: (typeof DW_GRID)[number]): string => `${label(c)} m${c.m} d${c.d}`;

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(DW_GRID.map((c) => [dwLabel(c), c] as const))('matches cpu for %s', async (_, c) => {
    const rng = new Rng(`di ${dwLabel(c)}`);
    const dy = randomInput(rng, [c.n, outSize(c.h, c.k, c.s, c.pad, c.d), outSize(c.w, c.k, c.s, c.pad, c.d), c.cin * c.m]);
    const filter = randomInput(rng, [c.k, c.k, c.cin, c.m]);
    const attrs = { strides: [c.s, c.s], dilations: [c.d, c.d], pad: c.pad, inputShape: [c.n, c.h, c.w, c.cin] };
    expect(await compare('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs)).toBeLessThan(TOL);
  });
});

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it.each(DW_GRID.map((c) => [dwLabel(c), c] as const))('matches cpu for %s', async (_, c) => {
    const rng = new Rng(`df ${dwLabel(c)}`);
    const x = randomInput(rng, [c.n, c.h, c.w, c.cin]);
    const dy = randomInput(rng, [c.n, outSize(c.h, c.k, c.s, c.pad, c.d), outSize(c.w, c.k, c.s, c.pad, c.d), c.cin * c.m]);
    const attrs = { strides: [c.s, c.s], dilations: [c.d, c.d], pad: c.pad, filterShape: [c.k, c.k, c.cin, c.m] };
    expect(await compare('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs)).toBeLessThan(TOL);
  });
});

describe('fast Tile, Sum and Mean on wasm', () => {
  const rng = new Rng('reduce');
  it.each([
    [
      [1, 1, 1, 5],
      [3, 4, 2, 1],
    ],
    [
      [2, 3],
      [2, 2],
    ],
    [[3], [4]],
    [
      [2, 1, 3],
      [1, 5, 2],
    ],
  ])('Tile %j by %j matches cpu', async (shape, reps) => {
    expect(await compare('Tile', { x: randomInput(rng, shape) }, { reps })).toBe(0);
  });
  it.each([
    [[3, 4, 5, 6], [0, 1, 2], false],
    [[3, 4, 5, 6], [1, 2], true],
    [[3, 4, 5, 6], [1], false],
    [[3, 4, 5, 6], [2, 3], false],
    [[3, 4, 5, 6], [0, 2], true],
    [[7, 2], [0], false],
  ])('Sum and Mean of %j over %j (keepDims %s) match cpu', async (shape, axis, keepDims) => {
    const x = randomInput(rng, shape as number[]);
    expect(await compare('Sum', { x }, { axis, keepDims })).toBeLessThan(TOL);
    expect(await compare('Mean', { x }, { axis, keepDims })).toBeLessThan(TOL);
  });
});

describe('copy-free Identity and Cast on wasm', () => {
  it('share the data of their input, and the input stays valid after the copy is disposed', async () => {
    await tf.setBackend('wasm');
    const before = tf.engine().backend.numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.engine().runKernel('Identity', { x }) as tf.Tensor;
    const z = tf.engine().runKernel('Cast', { x }, { dtype: 'float32' }) as tf.Tensor;
    const i = tf.engine().runKernel('Cast', { x }, { dtype: 'int32' }) as tf.Tensor;
    expect(tf.engine().backend.numDataIds()).toBe(before + 2);
    y.dispose();
    z.dispose();
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
    expect(i.dtype).toBe('int32');
    tf.dispose([x, i]);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});

describe('FusedBatchNorm on wasm (SIMD path)', () => {
  it.each([
    [[2, 3, 4, 6], true],
    [[5, 7], false],
    [[2, 2, 2, 5], true],
  ])('matches cpu for x %j (scale and offset: %s)', async (shape, affine) => {
    const rng = new Rng(`bn ${String(shape)}`);
    const c = shape.at(-1) as number;
    const inputs: Record<string, Input> = {
      x: randomInput(rng, shape),
      mean: randomInput(rng, [c]),
      variance: { shape: [c], data: Float32Array.from({ length: c }, () => rng.uniform(0.1, 2)) },
    };
    if (affine) {
      inputs.offset = randomInput(rng, [c]);
      inputs.scale = randomInput(rng, [c]);
    }
    expect(await compare('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 })).toBeLessThan(TOL);
  });
});

describe('createSimdProvider', () => {
  it('instantiates the SIMD module once per backend memory, and gives undefined off wasm', async () => {
    const { createSimdProvider } = await import('../../src/blocks/kernels/simd-kernels.js');
    const provider = createSimdProvider();
    await tf.setBackend('wasm');
    const first = provider(tf.backend() as never);
    expect(first).toBeDefined();
    expect(provider(tf.backend() as never)).toBe(first);
    await tf.setBackend('cpu');
    expect(provider(tf.backend() as never)).toBeUndefined();
    await tf.setBackend('wasm');
  });
});

describe('Conv2DBackpropFilter on wasm, 1x1 SIMD path', () => {
  it.each([
    [2, 5, 3, 8, 16],
    [1, 4, 4, 12, 8],
    [3, 2, 7, 4, 24],
    [1, 3, 3, 6, 16], // 6 input channels: not a multiple of 4, product path
  ])('matches cpu for n%i %ix%i, %i -> %i channels', async (n, h, w, cin, cout) => {
    const rng = new Rng(`outer ${n} ${h} ${w} ${cin} ${cout}`);
    const x = randomInput(rng, [n, h, w, cin]);
    const dy = randomInput(rng, [n, h, w, cout]);
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [1, 1, cin, cout] };
    expect(await compare('Conv2DBackpropFilter', { x, dy }, attrs)).toBeLessThan(TOL);
  });
});
