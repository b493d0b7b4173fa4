import { describe } from 'vitest';
import { type Nb201Cell, type MacroArch, loadNasBench201, loadNasBenchMacro } from '../../src/evaluate/index.js';
import { Rng } from '../../src/rng.js';
import { describeEvaluatorContract } from './evaluator-contract.js';

describe('tabular benchmarks', () => {
  const nb201 = loadNasBench201();
  for (const dataset of ['cifar10', 'cifar100', 'imagenet16_120'] as const) {
    describeEvaluatorContract<Nb201Cell>(`NAS-Bench-201 ${dataset}`, () => nb201.evaluator({ dataset }), {
      valid: () => [1, 2, 3].map((seed) => nb201.space.sample(new Rng(seed))),
      invalid: [
        { name: 'a cell with an unknown operation', value: () => ({ ops: ['conv_9x9', 'none', 'none', 'none', 'none', 'none'] }) },
        { name: 'a value that is not a cell', value: () => 'nor_conv_3x3' },
      ],
      deterministic: true,
      abortsDuring: false,
    });
  }
  const macro = loadNasBenchMacro();
  describeEvaluatorContract<MacroArch>('NAS-Bench-Macro', () => macro.evaluator(), {
    valid: () => [1, 2, 3].map((seed) => macro.space.sample(new Rng(seed))),
    invalid: [{ name: 'a value that is not an architecture of the benchmark', value: () => 'xyz' }],
    deterministic: true,
    abortsDuring: false,
  });
});
