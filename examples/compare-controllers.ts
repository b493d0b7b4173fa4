/**
 * Compare search strategies on a tabular benchmark, no training needed:
 * NAS-Bench-201 CIFAR-10 accuracy with HW-NAS-Bench Pixel 3 latencies, the
 * MnasNet soft reward at a 10 ms target, random search vs regularized
 * evolution vs REINFORCE vs PPO, a few seeds each.
 *
 *   npx tsx examples/compare-controllers.ts
 *
 * MNAS_EXAMPLE_SMOKE=1 shrinks the budgets (used by the smoke test).
 */
import {
  EvolutionController,
  PpoController,
  RandomController,
  ReinforceController,
  benchmarkLatency,
  loadNasBench201,
  mnasReward,
  search,
} from 'mnas-ts';
import type { Controller, HasDecisions } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';
const trials = smoke ? 20 : 300;
const seeds = smoke ? [0] : [0, 1, 2, 3, 4];
const targetMs = 10;

const bench = loadNasBench201();
const measurer = benchmarkLatency(bench, 'pixel3');
const evaluator = bench.evaluator({ dataset: 'cifar10' });

// The true optimum by enumeration: what a perfect search would find.
let optimum = -Infinity;
for (let row = 0; row < bench.rows; row++) {
  const cell = bench.cellAt(row);
  const latencyMs = bench.latencyMs(cell, 'pixel3');
  if (latencyMs === undefined || latencyMs <= 0) continue;
  optimum = Math.max(optimum, mnasReward({ accuracy: bench.accuracy(cell), latencyMs }, { targetMs }));
}

const controllers: Record<string, (space: HasDecisions, seed: number) => Controller> = {
  random: (space, seed) => new RandomController(space, { seed }),
  evolution: (space, seed) => new EvolutionController(space, { seed }),
  reinforce: (space, seed) => new ReinforceController(space, { seed }),
  ppo: (space, seed) => new PpoController(space, { seed }),
};

console.log(
  `NAS-Bench-201 / pixel3, soft reward at ${targetMs} ms, ${trials} trials, ${seeds.length} seeds; optimum ${optimum.toFixed(4)}`,
);
console.log('controller   mean best reward   mean regret   mean best accuracy');
for (const [name, make] of Object.entries(controllers)) {
  const bests: number[] = [];
  const accs: number[] = [];
  for (const seed of seeds) {
    const controller = make(bench.space, seed);
    const result = await search({ space: bench.space, controller, evaluator, measurer, targetMs, budget: { trials } });
    controller.dispose?.();
    bests.push(result.best?.reward ?? 0);
    accs.push(result.best?.accuracy ?? 0);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `${name.padEnd(12)} ${mean(bests).toFixed(4).padStart(16)} ${(optimum - mean(bests)).toFixed(4).padStart(13)} ${mean(accs).toFixed(4).padStart(20)}`,
  );
}
