/**
 * Markdown report of bench/search.ts.
 */

/** All runs of one controller on one benchmark. */
export interface BenchResult {
  readonly name: string;
  readonly runs: readonly { readonly best: readonly number[]; readonly bestAcc: readonly number[]; readonly ms: number; readonly cpuMs: number }[];
}

/** One benchmark's results. */
export interface Table {
  readonly title: string;
  readonly optimum: { readonly reward: number; readonly accuracy: number };
  readonly budgets: readonly number[];
  readonly results: readonly BenchResult[];
}

interface ReportInput {
  readonly command: string;
  readonly started: Date;
  readonly seeds: number;
  readonly tables: readonly Table[];
  readonly timings: readonly { readonly name: string; readonly ms: number; readonly cpuMs: number }[];
  readonly load: readonly number[];
  readonly overrides: Record<string, unknown>;
  readonly decisions: number;
}

/** Mean and standard error of the mean. */
export function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

const f4 = (x: number): string => x.toFixed(4);
const pm = (m: { mean: number; se: number }, scale = 1, digits = 4): string => `${(m.mean * scale).toFixed(digits)} ± ${(m.se * scale).toFixed(digits)}`;

function column(r: BenchResult, k: number, what: 'best' | 'bestAcc'): number[] {
  return r.runs.map((run) => run[what][k] as number);
}

function compare(t: Table, a: string, b: string, budget: number): string | undefined {
  const k = t.budgets.indexOf(budget);
  const ra = t.results.find((r) => r.name === a);
  const rb = t.results.find((r) => r.name === b);
  if (k < 0 || ra === undefined || rb === undefined) return undefined;
  const ma = meanSe(column(ra, k, 'best'));
  const mb = meanSe(column(rb, k, 'best'));
  const diff = ma.mean - mb.mean;
  const se = Math.sqrt(ma.se ** 2 + mb.se ** 2);
  const z = se > 0 ? diff / se : diff === 0 ? 0 : Infinity * Math.sign(diff);
  return `| ${a} − ${b} | ${budget} | ${diff >= 0 ? '+' : ''}${diff.toFixed(4)} | ${se.toFixed(4)} | ${z.toFixed(2)} | ${(diff / Math.max(ma.se, mb.se, 1e-12)).toFixed(2)} |`;
}

function renderTable(t: Table): string[] {
  const lines = [
    `### ${t.title}`,
    '',
    `True optimum by enumeration: reward ${f4(t.optimum.reward)}; best accuracy within the constraint ${(t.optimum.accuracy * 100).toFixed(4)} %.`,
    '',
    '| controller | budget | best reward (mean ± SE) | regret (mean ± SE) | runs at the optimum | best accuracy within constraint, % (mean ± SE) | controller ms/trial, wall (CPU) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of t.results) {
    const ms = meanSe(r.runs.map((x) => x.ms));
    const cpu = meanSe(r.runs.map((x) => x.cpuMs));
    t.budgets.forEach((budget, k) => {
      const best = column(r, k, 'best');
      const regret = meanSe(best.map((x) => t.optimum.reward - x));
      const hits = best.filter((x) => x >= t.optimum.reward).length;
      const acc = meanSe(column(r, k, 'bestAcc'));
      lines.push(`| ${r.name} | ${budget} | ${pm(meanSe(best))} | ${pm(regret)} | ${hits}/${best.length} | ${pm(acc, 100, 3)} | ${ms.mean.toFixed(3)} (${cpu.mean.toFixed(3)}) |`);
    });
  }
  lines.push('', 'Differences of mean best reward (z = difference / combined SE; the last column divides by the larger of the two SEs):', '');
  lines.push('| comparison | budget | difference | combined SE | z | difference / max SE |', '|---|---|---|---|---|---|');
  const rows = [
    compare(t, 'ppo', 'random', 300),
    compare(t, 'reinforce', 'random', 300),
    compare(t, 'evolution', 'random', 300),
    compare(t, 'ppo', 'evolution', 1000),
    compare(t, 'reinforce', 'evolution', 1000),
  ].filter((x): x is string => x !== undefined);
  lines.push(...rows, '');
  return lines;
}

/** The whole markdown document. */
export function renderReport(input: ReportInput): string {
  const lines = [
    '# Search benchmarks',
    '',
    '_Written by `bench/search.ts`; do not edit by hand. Rerun to update._',
    '',
    `Command: \`${input.command}\``,
    '',
    `Run ${input.started.toISOString()} on this machine (2 shared CPU cores, Node ${process.version}); ${input.seeds} seeds (0..${input.seeds - 1}) per controller and benchmark.`,
    '',
    'Method. Each seed runs ONE search with the largest budget; the best-so-far after 100 and 300 trials is read from the',
    'same run, so the rows of one controller at different budgets are not independent samples. Rewards come from table',
    'lookups (no training), with the MnasNet reward `ACC * (COST/T)^w` (`mnasReward` from src/reward; hard constraint:',
    'w = 0 within the target, -1 above; soft: w = -0.07). NB201 uses test accuracy as the search signal (the data has no',
    'validation split), which is optimistic as an absolute figure but fair between controllers. "Regret" is the true',
    'optimum reward (enumeration of the whole table) minus the best reward found. "Controller ms/trial" is the time',
    'spent inside `ask()` and `tell()` including policy updates, averaged over all trials of the run.',
    '',
  ];
  if (Object.keys(input.overrides).length > 0) lines.push(`Controller option overrides: \`${JSON.stringify(input.overrides)}\``, '');
  for (const t of input.tables) lines.push(...renderTable(t));
  lines.push(`## Controller time per trial on mnasnetSpace() (${input.decisions} decisions)`, '');
  lines.push(
    'Default options; ask + tell with a random reward, policy updates included, averaged over the run. Wall time depends on',
    'what else runs on the 2 shared cores; CPU time (process.cpuUsage, user + system) is the controller\'s own work.',
    `Load average at the end of the run: ${input.load.map((x) => x.toFixed(2)).join(', ')}.`,
    '',
  );
  lines.push('| controller | ms/trial, wall | ms/trial, CPU |', '|---|---|---|');
  for (const t of input.timings) lines.push(`| ${t.name} | ${t.ms.toFixed(2)} | ${t.cpuMs.toFixed(2)} |`);
  lines.push('');
  return lines.join('\n');
}
