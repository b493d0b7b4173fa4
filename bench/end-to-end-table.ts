/**
 * The results of `bench:end-to-end` and their table (shared with
 * `bench:accuracy`, which writes it into docs/accuracy.md).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RUN } from './cli-defaults.js';
import { SOFT_CONSTRAINT, mnasReward } from 'mnas-ts/reward';
import type { Architecture } from 'mnas-ts/space';
import { RECIPE, readEntries, recipeHash } from './ground-truth-data.js';

export const METHODS = ['proxy', 'asha', 'prefilter', 'supernet'] as const;
export type Method = (typeof METHODS)[number];
export const TARGET_MS = DEFAULT_RUN.targetMs;

/** What one search left: the counts and its best trial. */
export interface RunResult {
  readonly method: Method;
  readonly seed: number;
  readonly cpuMinutes: number;
  readonly trials: number;
  readonly ok: number;
  readonly pruned: number;
  readonly failed: number;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly loadStart: number;
  readonly loadEnd: number;
  readonly best: { hash: string; arch: Architecture; reward: number; accuracy: number; latencyMs: number } | undefined;
  readonly finishedAt: string;
}

export function readResults(dir: string): RunResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^(proxy|asha|prefilter|supernet)-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunResult);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]): number =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

export function render(dir: string, gtCache: string): string[] {
  const results = readResults(dir);
  const truth = readEntries(gtCache, recipeHash(RECIPE));
  const lines = [
    '| method | seeds | trials (ok / pruned / failed) | CPU s per search | best: test accuracy (ground-truth recipe) | best: latency ms (measured in the search) | reward of the ground-truth accuracy | runs with the best trained |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const method of METHODS) {
    const mine = results.filter((r) => r.method === method).sort((a, b) => a.seed - b.seed);
    if (mine.length === 0) continue;
    const trained = mine.flatMap((r) => {
      const e = r.best === undefined ? undefined : truth.get(r.best.hash);
      return e === undefined || r.best === undefined ? [] : [{ acc: e.testAccuracy, lat: r.best.latencyMs }];
    });
    const rewards = trained.map((t) => mnasReward({ accuracy: t.acc, latencyMs: t.lat }, { targetMs: TARGET_MS, ...SOFT_CONSTRAINT }));
    const pm = (xs: number[], d: number): string => (xs.length === 0 ? '-' : `${mean(xs).toFixed(d)} ± ${sd(xs).toFixed(d)}`);
    lines.push(
      `| ${method} | ${mine.map((r) => r.seed).join(', ')} | ${mine.map((r) => `${r.ok}/${r.pruned}/${r.failed}`).join('; ')} | ${mean(mine.map((r) => r.cpuSeconds)).toFixed(0)} | ${pm(
        trained.map((t) => t.acc),
        4,
      )} | ${pm(
        trained.map((t) => t.lat),
        3,
      )} | ${pm(rewards, 4)} | ${trained.length}/${mine.length} |`,
    );
  }
  return lines;
}
