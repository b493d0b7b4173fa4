import { describe, expect, it } from 'vitest';
import { prunerPromotion } from '../../src/cli/build.js';
import { configFromFlags, resolveConfig } from '../../src/cli/config.js';
import type { JournalHeader } from '../../src/index.js';

const resolved = (flags: Record<string, unknown>) => resolveConfig(configFromFlags(flags));
const header = (pruner: JournalHeader['pruner']): JournalHeader => ({
  type: 'header',
  version: 1,
  createdAt: '2026-12-07T00:00:00.000Z',
  space: { fingerprint: 'f', decisions: 24 },
  controllerFingerprint: 'c',
  concurrency: 1,
  trials: 10,
  reward: 'r',
  ...(pruner === undefined ? {} : { pruner }),
});

describe('prunerPromotion (the CLI)', () => {
  it('promotes by the model with --controller surrogate and a pruner, by the values otherwise', () => {
    expect(prunerPromotion(resolved({ controller: 'surrogate', pruner: 'asha' }))).toBe('model');
    expect(prunerPromotion(resolved({ controller: 'surrogate', pruner: 'hyperband' }))).toBe('model');
    expect(prunerPromotion(resolved({ controller: 'ppo', pruner: 'asha' }))).toBe('observed');
    expect(prunerPromotion(resolved({ controller: 'surrogate' }))).toBe('observed');
  });

  it('keeps the promotion a resumed journal was started with', () => {
    const config = resolved({ controller: 'surrogate', pruner: 'asha' });
    expect(prunerPromotion(config, header({ kind: 'successive-halving', options: {} }))).toBe('observed');
    expect(prunerPromotion(config, header({ kind: 'successive-halving', options: {}, promotion: 'model' }))).toBe('model');
  });
});
