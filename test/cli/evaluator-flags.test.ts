import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRoles } from '../../src/cli/build.js';
import { makePruner } from '../../src/cli/proxy-training.js';
import { configFromFlags, resolveConfig } from '../../src/cli/config.js';
import { loadCliData } from '../../src/cli/data.js';
import { renderReport } from '../../src/cli/report.js';
import { InvalidConfigError, SuccessiveHalvingPruner, ZeroCostEvaluator, readJournal, search } from '../../src/index.js';
import { ToyController, toyMeasurer, toySpace } from '../search/doubles.js';
import { configError } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-evaluator-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resolved = (flags: Record<string, unknown>) => resolveConfig(configFromFlags(flags));

describe('--evaluator, --pruner, --zero-cost-proxy, --supernet, --data', () => {
  it('default to proxy training without a pruner, on MNIST', () => {
    const c = resolved({});
    expect([c.evaluator, c.pruner, c.data, c.supernet]).toEqual(['proxy', 'none', 'mnist', undefined]);
  });

  it('take their values', () => {
    const c = resolved({ evaluator: 'zero-cost', zeroCostProxy: 'synflow', data: 'fashion-mnist' });
    expect([c.evaluator, c.zeroCostProxy, c.data]).toEqual(['zero-cost', 'synflow', 'fashion-mnist']);
    expect(resolved({ pruner: 'hyperband' }).pruner).toBe('hyperband');
    expect(resolved({ evaluator: 'supernet', supernet: 'nets/fmnist' }).supernet).toBe('nets/fmnist');
  });

  it('reject an unknown value, naming the flag', () => {
    expect(configError(() => resolved({ pruner: 'sometimes' })).message).toMatch(/^Invalid --pruner: .*"sometimes"/);
    expect(configError(() => resolved({ evaluator: 'oracle' })).message).toMatch(/^Invalid --evaluator: /);
    expect(configError(() => resolved({ zeroCostProxy: 'flops' })).message).toMatch(/^Invalid --zero-cost-proxy: /);
  });

  it('reject combinations that do not go together, naming the flag', () => {
    expect(configError(() => resolved({ evaluator: 'zero-cost', pruner: 'asha' })).message).toBe(
      'Invalid --pruner: stops proxy training early; it does not apply to --evaluator zero-cost',
    );
    expect(configError(() => resolved({ evaluator: 'supernet' })).path).toEqual(['supernet']);
    expect(configError(() => resolved({ supernet: 'x' })).message).toMatch(/^Invalid --supernet: only applies to --evaluator supernet/);
    expect(configError(() => resolved({ zeroCostProxy: 'snip' })).path).toEqual(['zeroCostProxy']);
    expect(configError(() => resolved({ benchmark: 'nas-bench-201', pruner: 'asha' })).message).toMatch(
      /^Invalid --pruner: does not apply to a tabular benchmark/,
    );
  });

  it('build a pruner whose rungs are the trainer checkpoints of one step budget', () => {
    expect(makePruner(resolved({}))).toBeUndefined();
    const asha = makePruner(resolved({ pruner: 'asha' }));
    expect(asha?.steps).toBe(256);
    expect(asha?.pruner).toBeInstanceOf(SuccessiveHalvingPruner);
    expect(asha?.pruner.rungSteps(256)).toEqual([32, 64, 128]);
    const hyperband = makePruner(resolveConfig({ pruner: 'hyperband', training: { steps: 64 } }));
    expect(hyperband?.steps).toBe(64);
    expect(hyperband?.pruner.snapshot().kind).toBe('hyperband');
  });

  const MNIST = loadCliData(resolveConfig({}));

  it('build the zero-cost evaluator, and name --supernet when the folder holds no supernet', async () => {
    const zc = await buildRoles(resolved({ evaluator: 'zero-cost', measurer: 'macs' }), MNIST);
    expect(zc.evaluator).toBeInstanceOf(ZeroCostEvaluator);
    expect(zc.pruner).toBeUndefined();
    const missing = join(dir, 'no-supernet-here');
    const error = await buildRoles(resolved({ evaluator: 'supernet', supernet: missing, measurer: 'macs' }), MNIST).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toContain(`Invalid --supernet ${JSON.stringify(missing)}`);
    const pruned = await buildRoles(resolved({ pruner: 'asha', measurer: 'macs' }), MNIST);
    expect(pruned.pruner).toBeInstanceOf(SuccessiveHalvingPruner);
  });
});

describe('the report of a pruned search', () => {
  it('counts pruned trials by step, and keeps them off the front', async () => {
    const space = toySpace();
    const journal = join(dir, 'pruned.jsonl');
    const STEPS = 72;
    await search({
      space,
      controller: new ToyController(space, 3),
      measurer: toyMeasurer(),
      targetMs: 10,
      budget: { trials: 16 },
      journal,
      pruner: new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 3, maxResource: STEPS }),
      evaluator: {
        async evaluate(key, opts) {
          const level = 0.5 + (key.length % 7) / 20 + (key.charCodeAt(key.length - 1) % 5) / 50;
          for (const step of [8, 24]) {
            if (opts?.signal?.aborted) throw opts.signal.reason;
            opts?.onProgress?.({ fraction: step / STEPS, step, accuracy: (level * step) / STEPS });
            await Promise.resolve();
          }
          return { accuracy: level, steps: STEPS };
        },
      },
    });
    const contents = await readJournal<unknown>(journal);
    const pruned = contents.trials.filter((t) => t.status === 'pruned').length;
    expect(pruned).toBeGreaterThan(0);
    const page = renderReport(contents);
    expect(page).toMatch(new RegExp(`16 trials \\(${16 - pruned} ok, ${pruned} pruned \\(\\d+ at step (8|24)`));
  });
});
