/**
 * The surrogate controller's tables of `bench:search-grid`: z of its mean
 * best reward against every other controller at every budget, over the
 * grid, and per setting at 100 trials.
 *
 * Its acquisition was chosen on seeds 100..109 of the settings
 * {@link SURROGATE_TUNED} matches (8 of the 48); the figures use seeds 0..29,
 * and "held out" means the other settings.
 */

/** Settings the surrogate's defaults were tuned on (seeds 100..109). */
export const SURROGATE_TUNED = /^(nb201 (edgegpu|pixel3|fpga) q(25|75).* hard|macro flops q50 .*)$/;

type Results = Record<string, { tuned: boolean; runs: Record<string, number[][]> }>;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};
/** z of mean(a) - mean(b) over their combined standard error, clipped to [-20, 20] (equal runs: 0). */
export function zScore(a: readonly number[], b: readonly number[]): number {
  const d = mean(a) - mean(b);
  const s = Math.sqrt(se(a) ** 2 + se(b) ** 2);
  const z = s === 0 ? (d === 0 ? 0 : Math.sign(d) * 20) : d / s;
  return Math.max(-20, Math.min(20, z));
}

/** Renders the surrogate's tables. */
export function renderSurrogate(results: Results, budgets: readonly number[], controllers: readonly string[], seeds: number): string[] {
  const opponents = controllers.filter((c) => c !== 'surrogate');
  const ids = Object.keys(results);
  // A run that found no candidate with a cost by then (best -Infinity, JSON null) counts as reward 0.
  const col = (id: string, c: string, k: number): number[] =>
    ((results[id] as Results[string]).runs[c] as number[][]).map((x) => (Number.isFinite(x[k]) ? (x[k] as number) : 0));
  const lines = [
    `Surrogate against each controller, ${ids.length} settings, ${seeds} seeds each: z of the mean best reward (positive: the surrogate is better). Held out: the settings the surrogate was not tuned on (it was tuned on seeds 100..109 of ${ids.filter((id) => SURROGATE_TUNED.test(id)).length} settings; these figures use other seeds).`,
    '',
    '| budget | against | mean z (held out) | worst z | settings with z < -1 | settings with z > +1 |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  budgets.forEach((b, k) => {
    for (const c of opponents) {
      const zs = ids.map((id) => zScore(col(id, 'surrogate', k), col(id, c, k)));
      const held = zs.filter((_, i) => !SURROGATE_TUNED.test(ids[i] as string));
      lines.push(
        `| ${b} | ${c} | ${mean(zs).toFixed(2)} (${held.length === 0 ? '-' : mean(held).toFixed(2)}) | ${Math.min(...zs).toFixed(2)} | ${zs.filter((z) => z < -1).length} | ${zs.filter((z) => z > 1).length} |`,
      );
    }
  });
  const at = budgets.includes(100) ? budgets.indexOf(100) : budgets.length - 1;
  lines.push(
    '',
    `Per setting at ${budgets[at]} trials: mean best reward of the surrogate and z against each controller (bold: z <= -1).`,
    '',
    `| setting | surrogate | ${opponents.map((c) => `z vs ${c}`).join(' | ')} |`,
    `|---|---:|${opponents.map(() => '---:').join('|')}|`,
  );
  for (const id of ids) {
    const zs = opponents.map((c) => zScore(col(id, 'surrogate', at), col(id, c, at)));
    const cell = (z: number): string => (z <= -1 ? `**${z.toFixed(2)}**` : z.toFixed(2));
    lines.push(
      `| ${id}${SURROGATE_TUNED.test(id) ? ' (tuned)' : ''} | ${mean(col(id, 'surrogate', at)).toFixed(4)} | ${zs.map(cell).join(' | ')} |`,
    );
  }
  return lines;
}
