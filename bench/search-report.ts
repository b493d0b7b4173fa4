/**
 * Markdown report of bench/search.ts.
 */

/** All runs of one controller on one benchmark. */
export interface BenchResult {
  readonly name: string;
  readonly runs: readonly {
    readonly best: readonly number[];
    readonly bestAcc: readonly number[];
    readonly ms: number;
    readonly cpuMs: number;
  }[];
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
  /** Seed of the first run. */
  readonly firstSeed: number;
  readonly tables: readonly Table[];
  readonly timings: readonly { readonly name: string; readonly ms: number; readonly cpuMs: number }[];
  readonly load: readonly number[];
  readonly overrides: Record<string, unknown>;
  readonly decisions: number;
}

const TABULAR_GUIDE = [
  '## The tabular benchmarks',
  '',
  'Both are first-class in the library, so you can compare strategies without training anything:',
  '',
  '```ts',
  "import { loadNasBench201, loadNasBenchMacro, PpoController } from 'mnas-ts';",
  '',
  'const nb = loadNasBench201();                 // or loadNasBench201({ dataDir })',
  'const c = new PpoController(nb.space, { seed: 1 });',
  'const p = c.ask();',
  'const cell = nb.space.decode(p.tokens);      // { row, index, ops, archStr }',
  "nb.accuracy(cell, 'cifar10');               // test accuracy as a fraction (also cifar100, imagenet16_120)",
  "nb.latencyMs(cell, 'pixel3');               // HW-NAS-Bench ms; undefined where not measured",
  'const macro = loadNasBenchMacro();',
  'const arch = macro.space.decode([2, 2, 2, 1, 2, 2, 2, 0]);',
  'macro.accuracy(arch); macro.flops(arch); macro.params(arch);',
  '```',
  '',
  '- **NAS-Bench-201** (Dong and Yang, ICLR 2020; NATS-Bench tss values): 6 edges x 5 ops = 15,625 cells,',
  '  test accuracy after 200 epochs on CIFAR-10, CIFAR-100 and ImageNet16-120. Joined with **HW-NAS-Bench**',
  '  (Li et al., ICLR 2021) CIFAR-10 latencies: `pixel3`, `raspi4`, `fpga`, `eyeriss` for every cell,',
  '  `edgegpu` for 1,999 and `edgetpu` for 1,740 (`latencyMs` returns `undefined` elsewhere; `coversAll(device)`',
  '  says which). Tokens are edges 1←0, 2←0, 2←1, 3←0, 3←1, 3←2 with ops none, skip_connect, nor_conv_1x1,',
  '  nor_conv_3x3, avg_pool_3x3; `cell.index` is the official NB201 index. `nb.evaluator({ dataset })` is an',
  '  `AccuracyEvaluator` over cells.',
  '- **NAS-Bench-Macro** (Su et al., CVPR 2021): 8 layers x {identity, MB3_K3, MB6_K5} = 6,561 strings (3,969',
  '  distinct networks), CIFAR-10 accuracy (mean of 3 runs; best epoch of 50), params and FLOPs.',
  '- Data: `data/` in the package (about 300 KB gzipped), found by walking up from the module to the',
  '  `package.json` named mnas-ts, from the sources and from `dist/` alike; `{ dataDir }` overrides it and',
  '  `nasBench201FromJson()` / `nasBenchMacroFromJson()` take data you loaded yourself (browsers). Sources,',
  '  licenses and caveats: `data/README.md`.',
  '',
];

/** Mean and standard error of the mean. */
export function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

const f4 = (x: number): string => x.toFixed(4);
const pm = (m: { mean: number; se: number }, scale = 1, digits = 4): string =>
  `${(m.mean * scale).toFixed(digits)} ± ${(m.se * scale).toFixed(digits)}`;

function column(r: BenchResult, k: number, what: 'best' | 'bestAcc'): number[] {
  return r.runs.map((run) => run[what][k] as number);
}

/** Mean best rewards of `a` and `b` at `budget`, their difference and its z (difference over the combined SE). */
function difference(t: Table, a: string, b: string, budget: number) {
  const k = t.budgets.indexOf(budget);
  const ra = t.results.find((r) => r.name === a);
  const rb = t.results.find((r) => r.name === b);
  if (k < 0 || ra === undefined || rb === undefined) return undefined;
  const ma = meanSe(column(ra, k, 'best'));
  const mb = meanSe(column(rb, k, 'best'));
  const diff = ma.mean - mb.mean;
  const se = Math.sqrt(ma.se ** 2 + mb.se ** 2);
  const z = se > 0 ? diff / se : diff === 0 ? 0 : Infinity * Math.sign(diff);
  return { ma, mb, diff, se, z, perMaxSe: diff / Math.max(ma.se, mb.se, 1e-12) };
}

/** A signed difference; below 1e-4 in exponent form, so that a small negative difference does not read as −0.0000. */
const signed = (x: number): string =>
  `${x >= 0 ? '+' : '−'}${Math.abs(x) < 1e-4 && x !== 0 ? Math.abs(x).toExponential(1) : Math.abs(x).toFixed(4)}`;

function compare(t: Table, a: string, b: string, budget: number): string | undefined {
  const d = difference(t, a, b, budget);
  if (d === undefined) return undefined;
  return `| ${a} − ${b} | ${budget} | ${signed(d.diff)} | ${d.se.toFixed(4)} | ${d.z.toFixed(2)} | ${d.perMaxSe.toFixed(2)} |`;
}

/** The required figures, each checked against the tables above. */
function requiredFigures(input: ReportInput): string[] {
  const lines = [
    "## Against the issue's required figures",
    '',
    'Computed from the tables above. z is the difference of the means over their combined standard error. "Within one',
    'SE" is read as z >= -1.',
    '',
    '| required | benchmark | result | met? |',
    '|---|---|---|---|',
  ];
  const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');
  for (const t of input.tables) {
    const name = t.title.split(' ').slice(0, 1)[0] ?? t.title;
    for (const c of ['ppo', 'reinforce']) {
      const d = difference(t, c, 'random', 300);
      if (d === undefined) continue;
      lines.push(
        `| ${c === 'ppo' ? 'PPO' : 'REINFORCE'} beats random search at 300 by > 2 SE | ${name} | ${signed(d.diff)} (${f4(d.ma.mean)} vs ${f4(d.mb.mean)}), z = ${d.z.toFixed(2)} | ${yes(d.z > 2)} |`,
      );
    }
    const e = difference(t, 'ppo', 'evolution', 1000);
    if (e !== undefined) {
      lines.push(
        `| PPO at least matches regularized evolution at 1000 (within 1 SE) | ${name} | ${signed(e.diff)} (${f4(e.ma.mean)} vs ${f4(e.mb.mean)}), z = ${e.z.toFixed(2)} | ${yes(e.z >= -1)} |`,
      );
    }
  }
  const policy = input.timings.filter((t) => t.name === 'ppo' || t.name === 'reinforce');
  if (policy.length > 0) {
    const worst = Math.max(...policy.map((t) => t.cpuMs));
    const list = policy.map((t) => `${t.name} ${t.cpuMs.toFixed(1)}`).join(', ');
    lines.push(
      `| controller's own time < 20 ms per trial, updates amortized | mnasnetSpace() | ${list} ms of CPU per trial | ${yes(worst < 20)} |`,
    );
  }
  lines.push('');
  return lines;
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
      lines.push(
        `| ${r.name} | ${budget} | ${pm(meanSe(best))} | ${pm(regret)} | ${hits}/${best.length} | ${pm(acc, 100, 3)} | ${ms.mean.toFixed(3)} (${cpu.mean.toFixed(3)}) |`,
      );
    });
  }
  lines.push(
    '',
    'Differences of mean best reward (z = difference / combined SE; the last column divides by the larger of the two SEs):',
    '',
  );
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
    'The tables below are the two settings the defaults were tuned on. The controllers on 48 settings (every HW-NAS-Bench device at three targets, soft and hard; NAS-Bench-Macro with FLOPs and params), 30 seeds, against the goals of issue 16: [benchmarks-grid.md](benchmarks-grid.md) (`npm run bench:search-grid`).',
    '',
    `Command: \`${input.command}\``,
    '',
    `Run ${input.started.toISOString()} on this machine (2 shared CPU cores, Node ${process.version}); ${input.seeds} seeds (${input.firstSeed}..${input.firstSeed + input.seeds - 1}) per controller and benchmark.`,
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
  lines.push(...TABULAR_GUIDE);
  lines.push(`## Controller time per trial on mnasnetSpace() (${input.decisions} decisions)`, '');
  lines.push(
    'Default options; ask + tell with a random reward, policy updates included, averaged over the run. Wall time depends on',
    "what else runs on the 2 shared cores; CPU time (process.cpuUsage, user + system) is the controller's own work.",
    `Load average at the end of the run: ${input.load.map((x) => x.toFixed(2)).join(', ')}.`,
    '',
  );
  lines.push('| controller | ms/trial, wall | ms/trial, CPU |', '|---|---|---|');
  for (const t of input.timings) lines.push(`| ${t.name} | ${t.ms.toFixed(2)} | ${t.cpuMs.toFixed(2)} |`);
  lines.push('');
  lines.push(...requiredFigures(input));
  return lines.join('\n');
}
