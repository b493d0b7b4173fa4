/**
 * Expected improvement (Jones, Schonlau and Welch, "Efficient global
 * optimization of expensive black-box functions", J. Global Optim. 1998)
 * over a Gaussian reading of the forest's mean and spread, computed in logs
 * so that candidates far below the incumbent still rank by it instead of
 * all rounding to 0.
 *
 * @module
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The scaled complementary error function exp(x^2) erfc(x) for x >= 0
 * (the Chebyshev fit of Press et al., Numerical Recipes, 2nd ed., 6.2:
 * fractional error below 1.2e-7).
 */
function erfcx(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const p =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(p);
}

/** Standard normal distribution function Phi(z). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const tail = 0.5 * erfcx(x) * Math.exp(-x * x);
  return z >= 0 ? 1 - tail : tail;
}

/**
 * log E[max(0, X - best)] for X ~ N(mean, sd^2); with `sd` 0, the log of the
 * plain gain (-Infinity when there is none).
 */
export function logExpectedImprovement(mean: number, sd: number, best: number): number {
  if (!(sd > 0)) return mean > best ? Math.log(mean - best) : -Infinity;
  const z = (mean - best) / sd;
  const logPdf = -0.5 * z * z - LOG_SQRT_2PI;
  if (z >= 0) return Math.log(sd * (z * normalCdf(z) + Math.exp(logPdf)));
  // EI = sd * pdf(z) * h(z), h = 1 + z Phi(z) / pdf(z), and Phi(z) / pdf(z) = sqrt(pi / 2) erfcx(-z / sqrt 2).
  const h = z > -30 ? 1 + z * Math.sqrt(Math.PI / 2) * erfcx(-z / Math.SQRT2) : 1 / (z * z) - 3 / z ** 4 + 15 / z ** 6;
  return Math.log(sd) + logPdf + Math.log(h);
}

/** E[max(0, X - best)] for X ~ N(mean, sd^2). */
export function expectedImprovement(mean: number, sd: number, best: number): number {
  return Math.exp(logExpectedImprovement(mean, sd, best));
}
