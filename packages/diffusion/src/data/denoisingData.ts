/**
 * The denoising training set of Section 6.1 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024): x(0)_i ~ p₀,
 * t_i ~ Unif(T₀, T), x(t_i)_i ~ p_{t_i|0}(· | x(0)_i); input (t_i, x(t_i)_i) ∈ R^{d+1},
 * label y_i = x(0)_i.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import type { Schedule } from '../sde/schedule';
import { checkPositiveInt, checkTimes } from '../internal/validate';
import { toScaled, type Normalization } from '../target/normalization';
import type { Target } from '../target/target';
import { networkInput } from './networkInput';

export type Parameterization = 'x0' | 'eps';

export interface DenoisingDataOptions {
  target: Target;
  normalization: Normalization;
  schedule: Schedule;
  /** n, the number of pairs. */
  n: number;
  /** T₀ > 0 (default 1e-3): t_i ≥ T₀ keeps σ_t away from 0. */
  t0?: number;
  /** T (default schedule.T). */
  T?: number;
  /** `"x0"` (default, the paper's: y_i = x(0)_i) or `"eps"` (beyond the paper: y_i = ε_i, the noise). */
  parameterization?: Parameterization;
  rng?: Rng;
  seed?: number | string;
}

export interface DenoisingData {
  /** Network inputs (t_i/T, x(t_i)_i)/R, n × (d+1), every row of norm ≤ 1. */
  x: Matrix;
  /** Labels, n × d: x(0)_i (scaled so ‖y‖ ≤ 1 w.h.p.) or ε_i. */
  y: Matrix;
  /** t_i. */
  t: Float64Array;
  /** x(t_i)_i, n × d (scaled units). */
  xt: Matrix;
  /** x(0)_i, n × d (scaled units). */
  x0: Matrix;
  /** R = max_i ‖(t_i/T, x(t_i)_i)‖: the input normalisation. */
  inputScale: number;
}

/**
 * @see Section 6.1: x(t) = α_t x(0) + σ_t ε with ε ~ N(0, I) (the closed form of Eq. 3).
 * Draw order: the n rows of x(0), then for each i: t_i, then d normals of ε_i.
 */
export function makeDenoisingData(options: DenoisingDataOptions): DenoisingData {
  const n = checkPositiveInt('n', options.n);
  const { t0, T } = checkTimes(options.t0 ?? 1e-3, options.T ?? options.schedule.T);
  const parameterization = options.parameterization ?? 'x0';
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const { schedule } = options;
  const x0 = toScaled(options.target.sample(n, rng), options.normalization);
  const d = x0.cols;
  const t = new Float64Array(n);
  const xt = new Float64Array(n * d);
  const eps = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const ti = t0 + (T - t0) * rng.uniform();
    t[i] = ti;
    const a = schedule.alpha(ti);
    const s = Math.sqrt(schedule.sigma2(ti));
    for (let j = 0; j < d; j++) {
      const e = rng.normal();
      eps[i * d + j] = e;
      xt[i * d + j] = a * (x0.data[i * d + j] as number) + s * e;
    }
  }
  const xtM: Matrix = { rows: n, cols: d, data: xt };
  let inputScale = 0;
  for (let i = 0; i < n; i++) {
    let r2 = ((t[i] as number) / T) ** 2;
    for (let j = 0; j < d; j++) r2 += (xt[i * d + j] as number) ** 2;
    inputScale = Math.max(inputScale, Math.sqrt(r2));
  }
  const x = networkInput(t, xtM, T, inputScale);
  return { x, y: parameterization === 'x0' ? x0 : { rows: n, cols: d, data: eps }, t, xt: xtM, x0, inputScale };
}
