import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('mnas-ts search --help', () => {
  it('shows the defaults and examples', async () => {
    const r = await cli('search', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Defaults: controller ppo, reward soft, seed 0');
    expect(r.out).toContain('measurer wasm, 60 trials, target 2 ms');
    expect(r.out).toContain('nas-bench-201 dataset cifar10, device pixel3, target 10 ms');
    expect(r.out).toContain('Examples:\n  $ mnas-ts search --trials 20 --out run');
    expect(r.out).toContain('$ mnas-ts search --benchmark nas-bench-201');
  });
});

describe('mnas-ts measure --measurer macs', () => {
  it('prints MACs, not milliseconds', async () => {
    const r = await cli('measure', 'mobilenet-v2', '--measurer', 'macs');
    expect(r.code).toBe(0);
    expect(r.out).toContain('macs-proxy (analytic): 300.774 MMACs (300,774,272 MACs; an analytic count, not a latency)');
    expect(r.out).not.toMatch(/\bms\b/);
  });
});
