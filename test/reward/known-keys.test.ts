/** Every reward refuses an option it does not know, at `options.<key>`. */
import { describe, expect, it } from 'vitest';
import { fbnetLoss, hardFilterReward, logLatencyReward, mnasMultiReward, mnasReward, weightedSumReward } from '../../src/entries/reward.js';
import { RewardInputError } from '../../src/errors.js';
import { itRefusesUnknownKeys } from '../known-keys.js';

const metrics = { accuracy: 0.7, latencyMs: 20 };

describe('rewards refuse unknown keys', () => {
  describe('mnasReward', () => {
    itRefusesUnknownKeys({
      resolve: (o) => mnasReward(metrics, o as never),
      valid: { targetMs: 20 },
      known: ['targetMs', 'alpha', 'beta'],
      misspelt: 'target',
      ErrorClass: RewardInputError,
      at: ['options'],
    });
  });
  describe('logLatencyReward', () => {
    itRefusesUnknownKeys({
      resolve: (o) => logLatencyReward(metrics, o as never),
      valid: { lambda: 0.1 },
      known: ['lambda', 'baselineMs'],
      misspelt: 'lamda',
      ErrorClass: RewardInputError,
      at: ['options'],
    });
  });
  it('logLatencyReward names baselineMs for the removed referenceMs', () => {
    expect(() => logLatencyReward(metrics, { lambda: 0.1, referenceMs: 20 } as never)).toThrow(
      'Invalid reward input at options.referenceMs: expected no referenceMs (removed: use baselineMs, the latency at which the penalty is zero), received 20',
    );
  });
  it('fbnetLoss, hardFilterReward, mnasMultiReward and weightedSumReward', () => {
    const cases: [() => unknown, string][] = [
      [() => fbnetLoss({ crossEntropy: 1, latencyMs: 20 } as never, { unit: 1 } as never), 'unit'],
      [() => hardFilterReward({ accuracy: 0.5, latencyMs: 2 } as never, { constraints: {}, penality: 0 } as never), 'penality'],
      [() => mnasMultiReward({ accuracy: 0.5, latencyMs: 2 } as never, { constraints: {}, alpha: 0 } as never), 'alpha'],
      [() => weightedSumReward({ accuracy: 0.5 } as never, { objectives: {}, weights: {} } as never), 'weights'],
    ];
    for (const [f, key] of cases) expect(f).toThrow(expect.objectContaining({ name: 'RewardInputError', path: ['options', key] }));
  });
});
