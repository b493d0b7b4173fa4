import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProxyOptimizer } from '../../src/evaluate/index.js';
import { SparseOptimizer } from '../../src/evaluate/supernet/sparse-optimizer.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const gradients = (step: number): [tf.Tensor, tf.Tensor] => [
  tf.tensor([0.5 - step, 2, -1 + step * 0.3]),
  tf.tensor([
    [step + 1, -0.25],
    [0.75, -step],
  ]),
];

function tfjsOptimizer(kind: ProxyOptimizer, lr: number): tf.Optimizer {
  if (kind === 'adam') return tf.train.adam(lr);
  if (kind === 'momentum') return tf.train.momentum(lr, 0.9);
  return tf.train.sgd(lr);
}

describe('SparseOptimizer', () => {
  for (const kind of ['sgd', 'momentum', 'adam'] as const) {
    it(`${kind}: when every variable has a gradient at every step, updates as tfjs' optimizer, and frees its state`, () => {
      const start = (): tf.Variable[] =>
        tf.tidy(() => [
          tf.variable(tf.tensor([1, 2, 3])),
          tf.variable(
            tf.tensor([
              [1, -1],
              [0.5, 2],
            ]),
          ),
        ]);
      const before = tf.memory().numTensors;
      const mine = start();
      const sparse = new SparseOptimizer({ kind, momentum: 0.9 });
      for (let step = 0; step < 4; step++) {
        const [ga, gb] = gradients(step);
        sparse.apply(
          new Map([
            ['a', mine[0]!],
            ['b', mine[1]!],
          ]),
          new Map([
            ['a', ga],
            ['b', gb],
          ]),
          0.1,
        );
        tf.dispose([ga, gb]);
      }
      sparse.dispose();
      expect(tf.memory().numTensors).toBe(before + 2);
      const theirs = start();
      const reference = tfjsOptimizer(kind, 0.1);
      for (let step = 0; step < 4; step++) {
        const [ga, gb] = gradients(step);
        reference.applyGradients({ [theirs[0]!.name]: ga, [theirs[1]!.name]: gb });
        tf.dispose([ga, gb]);
      }
      for (let i = 0; i < 2; i++) {
        const a = Array.from(mine[i]!.dataSync());
        const b = Array.from(theirs[i]!.dataSync());
        a.forEach((v, j) => expect(v).toBeCloseTo(b[j] as number, 5));
        expect(a).not.toEqual(i === 0 ? [1, 2, 3] : [1, -1, 0.5, 2]);
      }
      reference.dispose();
      tf.dispose([...mine, ...theirs]);
    });
  }

  it('leaves a variable without a gradient untouched, its momentum included', () => {
    const a = tf.variable(tf.tensor([1, 1]));
    const b = tf.variable(tf.tensor([1, 1]));
    const vars = new Map([
      ['a', a],
      ['b', b],
    ]);
    const opt = new SparseOptimizer({ kind: 'momentum', momentum: 0.9 });
    const g = tf.tensor([1, 1]);
    opt.apply(
      vars,
      new Map([
        ['a', g],
        ['b', g],
      ]),
      0.1,
    );
    opt.apply(vars, new Map([['a', g]]), 0.1);
    // b moved once (-0.1); a twice (-0.1, then -(0.9 * 1 + 1) * 0.1).
    expect(Array.from(b.dataSync())[0]).toBeCloseTo(0.9, 6);
    expect(Array.from(a.dataSync())[0]).toBeCloseTo(1 - 0.1 - 0.19, 6);
    opt.dispose();
    tf.dispose([a, b, g]);
  });
});
