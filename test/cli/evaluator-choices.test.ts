import { describe, expect, it } from 'vitest';
import { evaluators, pruners, zeroCostProxies } from '../../src/index.js';
import { BASELINE_NAMES } from '../../src/cli/baselines.js';
import { EVALUATOR_OPTIONS } from '../../src/cli/build.js';
import { resolveConfig } from '../../src/cli/config.js';
import { EVALUATOR_CHOICES, PRUNER_CHOICES, ZERO_COST_PROXY_CHOICES, choiceList } from '../../src/cli/registry-choices.js';

describe('the CLI choices read from the registries', () => {
  it('offer every evaluator, each with the options the CLI builds for it', () => {
    expect(EVALUATOR_CHOICES).toEqual(evaluators.names());
    expect(Object.keys(EVALUATOR_OPTIONS).sort()).toEqual(evaluators.names().sort());
    for (const evaluator of EVALUATOR_CHOICES)
      expect(resolveConfig({ evaluator, ...(evaluator === 'supernet' ? { supernet: 'dir' } : {}) }).evaluator).toBe(evaluator);
  });

  it('offer the zero-cost proxies that score the network (not the analytic counts), and none plus every pruner', () => {
    expect(ZERO_COST_PROXY_CHOICES).toEqual(['synflow', 'naswot', 'grad_norm', 'snip']);
    for (const name of ZERO_COST_PROXY_CHOICES) expect(zeroCostProxies.get(name).reads).not.toBe('architecture');
    expect(PRUNER_CHOICES).toEqual(['none', ...pruners.names()]);
    expect(choiceList(PRUNER_CHOICES)).toBe('none | asha | hyperband');
  });

  it('offer the baselines of the registry', () => {
    expect(BASELINE_NAMES).toEqual([
      'mobilenet-v2-0.35',
      'mobilenet-v2-0.5',
      'mobilenet-v2-0.75',
      'mobilenet-v2-1.0',
      'mnasnet-small',
      'mnasnet-a1',
    ]);
  });
});
