import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/cli/config.js';
import { rowToTokens } from '../../src/evaluate/tabular/token-space.js';
import { NB201_DEVICES, loadNasBench201, loadNasBenchMacro } from '../../src/index.js';
import { cli } from './helpers.js';

describe('mnas-ts search --help', () => {
  it('shows the defaults and examples', async () => {
    const r = await cli('search', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Defaults: controller ppo, reward soft, seed 0');
    expect(r.out).toContain('measurer wasm, 60 trials, target 2 ms');
    expect(r.out).toContain('nas-bench-201 dataset cifar10, device pixel3,');
    expect(r.out).toContain('edgetpu 1.2 ms');
    expect(r.out).toContain('nas-bench-macro target 60 MFLOPs');
    expect(r.out).toContain('Examples:\n  $ mnas-ts search --trials 20 --out run');
    expect(r.out).toContain('$ mnas-ts search --benchmark nas-bench-201');
  });

  it('lists the flags in groups, each flag under the heading of what it sets', async () => {
    const r = await cli('search', '--help');
    const headings = r.out.split('\n').filter((line) => /^\S.*:$/.test(line));
    expect(headings).toEqual(
      expect.arrayContaining([
        'Run:',
        'What to search, and how it is scored:',
        'Training search (the default space; not with --benchmark):',
        'Distributed (trials handed to mnas-ts worker through Redis):',
        'Measurer flags (--measurer wasm):',
        'Measurer flags (--measurer android):',
      ]),
    );
    const group = (heading: string): string => r.out.slice(r.out.indexOf(`\n${heading}\n`)).split('\n\n')[0] as string;
    expect(group('Run:')).toMatch(/--resume[\s\S]*--force/);
    expect(group('Distributed (trials handed to mnas-ts worker through Redis):')).toMatch(/--redis[\s\S]*--prefix/);
    expect(group('Measurer flags (--measurer wasm):')).toContain('--duet');
    expect(group('Measurer flags (--measurer wasm):')).not.toContain('--serial');
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

describe('resolveConfig default targets', () => {
  it('puts the default target of each benchmark inside its range of costs', () => {
    const nb = loadNasBench201();
    const space = nb.space;
    const cells = Array.from({ length: 15625 }, (_, row) => space.decode(rowToTokens(row, space.decisions)));
    for (const device of NB201_DEVICES) {
      const target = resolveConfig({ benchmark: 'nas-bench-201', device }).targetMs;
      const lat = cells.map((c) => nb.latencyMs(c, device)).filter((v): v is number => v !== undefined);
      const below = lat.filter((v) => v <= target).length / lat.length;
      // The target splits the device's cells: neither (almost) all of them fit nor (almost) none.
      expect(below, device).toBeGreaterThan(0.2);
      expect(below, device).toBeLessThan(0.8);
    }
    const macro = loadNasBenchMacro();
    const target = resolveConfig({ benchmark: 'nas-bench-macro' }).targetMs;
    const flops = Array.from(
      { length: 3 ** 8 },
      (_, row) => macro.flops(macro.space.decode(rowToTokens(row, macro.space.decisions))) / 1e6,
    );
    const below = flops.filter((v) => v <= target).length / flops.length;
    expect(below).toBeGreaterThan(0.2);
    expect(below).toBeLessThan(0.8);
  });
});
