/**
 * Simulated paths of the forward SDE $dx = -\frac12 g(t) x \, dt + \sqrt{g(t)} \, dB$ (Eq. 3 of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024) by
 * Euler–Maruyama: a check of the closed-form marginals, and a way to noise data.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { checkMatrix, checkPositive, checkPositiveInt } from '../internal/validate';
import type { Schedule } from './schedule';

/** Options of {@link forwardPaths}. */
export interface ForwardPathsOptions {
  /** The VP-SDE schedule g(t). */
  schedule: Schedule;
  /** x(0), $n \times d$. */
  x0: Matrix;
  /** End time t. */
  t: number;
  /** Euler–Maruyama steps (default 1000). */
  steps?: number;
  /** A generator for the noise (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Seed of the noise (used when `rng` is not given). */
  seed?: number | string;
}

/**
 * $x(t)$, $n \times d$: $x \leftarrow x - \frac12 g(s) x h + \sqrt{g(s) h} \, z$ at $s = 0, h, 2h, \dots$; draw order:
 * per step, $n \cdot d$ normals.
 *
 * @param options - The schedule, x(0), the end time and the number of steps, and the generator or seed.
 *
 * @see Eq. 3 and Assumption 6.3
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { forwardPaths, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // 20,000 Euler–Maruyama paths of Eq. 3 from x(0) = 1 against the closed form x(t) ~ N(α_t x(0), σ_t²):
 * // mean and variance agree to about 0.02 (sampling and step error)
 * const schedule = makeSchedule({ spec: 'linear' });
 * const x0 = matrix(20000, 1, new Float64Array(20000).fill(1));
 * const xt = forwardPaths({ schedule, x0, t: 0.5, steps: 100, seed: 1 });
 * const mean = xt.data.reduce((s, v) => s + v, 0) / xt.rows;
 * const variance = xt.data.reduce((s, v) => s + (v - mean) ** 2, 0) / xt.rows;
 * console.log(mean.toFixed(3), schedule.alpha(0.5).toFixed(3), variance.toFixed(3), schedule.sigma2(0.5).toFixed(3));
 * // → 0.267 0.281 0.915 0.921
 * ```
 */
export function forwardPaths(options: ForwardPathsOptions): Matrix {
  const x0 = checkMatrix('x0', options.x0);
  const t = checkPositive('t', options.t);
  const steps = checkPositiveInt('steps', options.steps ?? 1000);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const x = x0.data.slice();
  const z = new Float64Array(x.length);
  const h = t / steps;
  for (let k = 0; k < steps; k++) {
    const g = options.schedule.g(k * h);
    const noise = Math.sqrt(g * h);
    rng.fillNormal(z);
    for (let i = 0; i < x.length; i++)
      x[i] = (x[i] as number) - 0.5 * g * h * (x[i] as number) + noise * (z[i] as number);
  }
  return { rows: x0.rows, cols: x0.cols, data: x };
}
