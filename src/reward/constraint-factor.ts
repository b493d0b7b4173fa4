/**
 * The MnasNet latency factor `(m / T) ** w` (internal).
 *
 * @module
 * @internal
 */

/**
 * `(value / target) ** w` with `w = alpha` when `value <= target`, else `beta`.
 *
 * The exponents 0 and -1 (the hard constraint) are computed without `**`:
 * `w = 0` gives exactly 1 and `w = -1` gives `target / value`, a single
 * correctly rounded division. At `value === target` the ratio is exactly 1, so
 * both branches give exactly 1 and the reward is continuous at the target.
 * The caller validates the inputs and checks that the result is finite.
 */
export function constraintFactor(value: number, target: number, alpha: number, beta: number): number {
  const w = value <= target ? alpha : beta;
  if (w === 0) return 1;
  if (w === -1) return target / value;
  return (value / target) ** w;
}
