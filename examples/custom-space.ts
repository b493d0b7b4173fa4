/**
 * A search space of your own: your skeleton, your per-block choice lists
 * (kernels 3/5/7, MBConv expansions 3/4/6, SE or not), a fixed first block
 * given as a block string, another input size and dataset. Then a short
 * regularized-evolution search on Fashion-MNIST (Debian's files; MNIST when
 * they are missing) with the MACs count (`macsLatency`) as the cost and the hard constraint.
 *
 *   npx tsx examples/custom-space.ts
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import {
  EvolutionController,
  FASHION_MNIST_DEBIAN_DIR,
  HARD_CONSTRAINT,
  ProxyTrainer,
  Rng,
  countMacs,
  countParams,
  factorizedSpace,
  formatBlocks,
  macsLatency,
  mnasReward,
  parseBlocks,
  search,
} from 'mnas-ts';
import type { Architecture } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';
await tf.setBackend('wasm');

const mbconv = (expansion: number) => ({ op: 'mbconv' as const, expansion });
const space = factorizedSpace({
  skeleton: [
    { fixed: parseBlocks(['ds_r1_k3_s1_e1_c16'])[0]! }, // always this block: no decision
    { filters: 24, repeats: 2, stride: 2 },
    { filters: 40, repeats: 2, stride: 2, choices: { kernels: [3, 5] } }, // a per-block override
    { filters: 64, repeats: 1, stride: 1 },
  ],
  choices: {
    ops: [mbconv(3), mbconv(4), mbconv(6)],
    kernels: [3, 5, 7],
    seRatios: [0, 0.25],
    skips: ['identity'],
    filterMultipliers: [0.75, 1],
    layerDeltas: [0, 1],
  },
  inputShape: [32, 32, 3],
  numClasses: 10,
  stem: { filters: 16, kernel: 3, stride: 2 },
  head: { filters: 128, dropout: 0 },
});

console.log(`decisions: ${space.decisions.map((d) => `${d.name}(${d.size})`).join(' ')}`);
console.log(`size: ${space.size()} networks`);
const sample = space.sample(new Rng(3));
console.log(`a sample: ${formatBlocks(sample, { style: 'timm' }).join(' ')}; ${countParams(sample)} params, ${countMacs(sample)} MACs`);
console.log(`tokens round-trip: ${JSON.stringify(space.decode(space.encode(sample))) === JSON.stringify(sample)}`);

const dataset = existsSync(FASHION_MNIST_DEBIAN_DIR) ? 'fashion-mnist' : 'mnist';
const targetMMacs = 4; // the measurer below reports millions of MACs
const result = await search({
  space,
  controller: new EvolutionController(space, { seed: 1, populationSize: 8, sampleSize: 3 }),
  // 28 x 28 gray images are resized and channel-mapped to the 32 x 32 x 3 input.
  evaluator: new ProxyTrainer({
    dataset,
    trainSize: smoke ? 128 : 1024,
    validationSize: smoke ? 64 : 500,
    batchSize: 32,
    optimizer: 'adam',
    learningRate: 0.01,
    seed: 1,
  }),
  measurer: macsLatency(),
  reward: (m) => mnasReward({ accuracy: m.accuracy, latencyMs: m.latencyMs as number }, { targetMs: targetMMacs, ...HARD_CONSTRAINT }),
  budget: { trials: smoke ? 2 : 16 },
});
const best = result.best;
if (best) {
  console.log(
    `${dataset}: best of ${result.trials.length}: acc ${best.accuracy?.toFixed(3)}, ${best.latencyMs?.toFixed(2)} MMACs (target ${targetMMacs})`,
  );
  console.log(`  ${formatBlocks(best.value as Architecture, { style: 'timm' }).join(' ')}`);
}
