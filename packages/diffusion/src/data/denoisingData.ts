/**
 * The denoising training set of Section 6.1 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024): $x(0)_i \sim p_0$, $t_i \sim \mathrm{Unif}(0, T)$ in the paper (here
 * $\mathrm{Unif}(T_0, T)$ with $T_0 > 0$, a departure: the x(0)-parameterised score $(\alpha_t F - x)/\sigma_t^2$ is undefined at t = 0),
 * $x(t_i)_i \sim p_{t_i \mid 0}(\cdot \mid x(0)_i)$; input $(t_i, x(t_i)_i) \in \mathbb{R}^{d+1}$, label $y_i = x(0)_i$. Options beyond the
 * paper: log-uniform $t_i$, a time-coordinate scale $c_t$ and the input preconditioning $c_\text{in}(t)$ (see `networkInput`).
 * The package README lists every departure from Section 6.1 ("Where this package departs from Section 6.1").
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { DEFAULT_T0 } from '../sde/defaultTimes';
import type { Schedule } from '../sde/schedule';
import { argumentError, checkNonNeg, checkPositive, checkPositiveInt, checkTimes, show } from '../internal/validate';
import { toScaled, type Normalization } from '../target/normalization';
import type { Target } from '../target/target';
import { networkInput, type InputFeatures } from './networkInput';

/**
 * `"x0"`: $F \approx \mathbb{E}[x(0) \mid x(t)]$, the paper's; `"eps"`: $F \approx \mathbb{E}[\varepsilon \mid x(t)]$ (beyond the paper); `"residual"`:
 * $F \approx \mathbb{E}[x(0) \mid x(t)] - c_\text{skip}(t) \cdot x(t)$ with $c_\text{skip}(t) = \alpha_t v/(\alpha_t^2v + \sigma_t^2)$, the posterior mean of x(0) were $p_0$
 * Gaussian with second moment v (beyond the paper; the skip connection of Karras et al. 2022).
 */
export type Parameterization = 'x0' | 'eps' | 'residual';
/** Every {@link Parameterization} of the regression target, in the order the CLI lists them. */
export const PARAMETERIZATIONS: readonly Parameterization[] = ['x0', 'eps', 'residual'];

/**
 * The one time weighting $\lambda(t)$ of Theorem 6.5's left side in this toolkit: $\lambda(t) = \sigma_t^4/\alpha_t^2$.
 * With it and the $x(0)$-parameterised score $s = (\alpha_t F - x)/\sigma_t^2$,
 * $\lambda(t) \lVert s - \nabla \log p_t \rVert^2 = \lVert F - \mathbb{E}[x(0) \mid x(t)] \rVert^2$, so the weighted
 * score error is the denoiser's mean squared error, and the denoising loss
 * $\frac12 \sum_j \lVert F(W, x_j) - y_j \rVert^2$ of Section 6.1 is Eq. (6) with this $\lambda$ (the paper's "Eq. (6)
 * can be rewritten as" holds exactly).
 *
 * @param schedule - The VP-SDE schedule $(\alpha_t, \sigma_t^2)$.
 * @param t - The time t.
 *
 * @see Section 6.1, Eq. (5)–(6); Theorem 6.5 (left side).
 *
 * @example
 * ```ts
 * import { makeSchedule, scoreWeight } from '@softmax-ntk/diffusion';
 *
 * // λ(t) = σ_t⁴/α_t²: small near t = 0, large near t = T
 * const s = makeSchedule({ spec: 'linear' });
 * console.log(scoreWeight(s, 0.5).toFixed(6), (s.sigma2(0.5) ** 2 / s.alpha(0.5) ** 2).toFixed(6));
 * // → 10.727075 10.727075
 * console.log(scoreWeight(s, 0.01).toExponential(3), scoreWeight(s, 1).toExponential(3)); // 3.980e-6 2.315e+4
 * ```
 */
export function scoreWeight(schedule: Schedule, t: number): number {
  const a = schedule.alpha(t);
  return schedule.sigma2(t) ** 2 / (a * a);
}

/**
 * $c_\text{skip}(t) = \alpha_t v/(\alpha_t^2 v + \sigma_t^2)$ of the `"residual"` parameterisation.
 *
 * @param schedule - The VP-SDE schedule $(\alpha_t, \sigma_t^2)$.
 * @param t - The time t.
 * @param secondMoment - v, the mean squared coordinate of the scaled data x(0).
 *
 * @example
 * ```ts
 * import { makeSchedule, skipScale } from '@softmax-ntk/diffusion';
 *
 * // c_skip(t) = α_t v/(α_t²v + σ_t²): → 1/α_t ≈ 1 as t → 0 (x(t) ≈ x(0)), → 0 at t = T (x(t) is noise)
 * const s = makeSchedule({ spec: 'linear' });
 * const v = 0.25;
 * console.log([1e-4, 0.5, 1].map((t) => skipScale(s, t, v).toFixed(4)).join(' ')); // 1.0000 0.0747 0.0016
 * ```
 */
export function skipScale(schedule: Schedule, t: number, secondMoment: number): number {
  const a = schedule.alpha(t);
  return (a * secondMoment) / (a * a * secondMoment + schedule.sigma2(t));
}

/**
 * `"uniform"`: $t \sim U(T_0, T)$, the paper's Unif(0, T) but for $T_0 > 0$; `"log-uniform"`: $\log t \sim U(\log T_0, \log T)$
 * (beyond the paper).
 */
export type TimeSampling = 'uniform' | 'log-uniform';
/** Every {@link TimeSampling}, in the order the CLI lists them. */
export const TIME_SAMPLINGS: readonly TimeSampling[] = ['uniform', 'log-uniform'];

/**
 * Options of {@link denoisingData}: the target, its normalisation, the schedule, n, the time range $[T_0, T]$, the time
 * sampling and the parameterisation (Section 6.1).
 */
export interface DenoisingDataOptions {
  /** The target distribution $p_0$ that x(0) is drawn from. */
  target: Target;
  /** The scaling of the data to $\lVert y \rVert \le 1$ (Assumption 6.1) applied to x(0) before noising. */
  normalization: Normalization;
  /** The VP-SDE schedule that noises x(0) into $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$. */
  schedule: Schedule;
  /** n, the number of pairs. */
  n: number;
  /** $T_0 > 0$ (default {@link DEFAULT_T0} = 0.01): $t_i \ge T_0$ keeps $\sigma_t$ away from 0 (the paper's $T_0$ is 0). */
  t0?: number;
  /** T (default schedule.T). */
  T?: number;
  /** `"x0"` (default, the paper's: $y_i = x(0)_i$), `"eps"` ($y_i = \varepsilon_i$, the noise) or `"residual"` ($y_i = x(0)_i - c_\text{skip}(t_i) x(t_i)$). */
  parameterization?: Parameterization;
  /**
   * How $t_i$ is drawn (default `"uniform"`: $U(T_0, T)$, the paper's Unif(0, T) but for $T_0$). `"log-uniform"` puts as many pairs between $T_0$ and $10T_0$
   * (where the x(0)-parameterised score amplifies the denoiser's error by $\alpha_t/\sigma_t^2$, and where the modes form) as
   * between T/10 and T.
   */
  timeSampling?: TimeSampling;
  /** $c_t$ of the input $(c_t \cdot t/T, x)/R$ (default 1, the paper's). */
  timeScale?: number;
  /** Divide x(t) by $\sqrt{\alpha_t^2v + \sigma_t^2}$, v the training x(0)'s mean squared coordinate (default false, the paper's). */
  precondition?: boolean;
  /** $c_b$ of a constant input coordinate (see `InputFeatures.bias`; default 0: none, the paper's). */
  bias?: number;
  /** A generator to draw from (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Seed of a new generator (used when `rng` is not given). */
  seed?: number | string;
}

/**
 * The denoising training set that {@link makeDenoisingData} returns: network inputs, labels and the draws behind
 * them.
 */
export interface DenoisingData {
  /** Network inputs $(c_t \cdot t_i/T, c_\text{in}(t_i) \cdot x(t_i)_i)/R$, $n \times (d+1)$, every row of norm $\le 1$. */
  x: Matrix;
  /** Labels, $n \times d$: $x(0)_i$ (scaled so $\lVert y \rVert \le 1$ w.h.p.) or $\varepsilon_i$. */
  y: Matrix;
  /** $t_i$. */
  t: Float64Array;
  /** $x(t_i)_i$, $n \times d$ (scaled units). */
  xt: Matrix;
  /** $x(0)_i$, $n \times d$ (scaled units). */
  x0: Matrix;
  /** $R = \max_i \lVert (c_t \cdot t_i/T, c_\text{in}(t_i) \cdot x(t_i)_i) \rVert$: the input normalisation. */
  inputScale: number;
  /** $c_t$ and the second moment v behind $c_\text{in}$ (null: no preconditioning). */
  features: InputFeatures;
  /** v = the training x(0)'s mean squared coordinate (behind $c_\text{in}$ and $c_\text{skip}$). */
  secondMoment: number;
}

/**
 * The denoising training set of Section 6.1: $x(0) \sim p_0$, $t \sim \mathrm{Unif}(T_0, T)$ (the paper's
 * $\mathrm{Unif}(0, T)$ with $T_0 > 0$), $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$; network input $(t, x(t))$
 * (divided by R; with `timeScale`, `precondition` beyond the paper), label x(0).
 *
 * @param options - The target, its normalisation, the schedule, n, the time range and sampling, the parameterisation
 *   and the generator or seed.
 *
 * @see Section 6.1: $x(0)_i \sim p_0$, $t_i \sim \mathrm{Unif}(0, T)$, $x(t_i)_i \sim p_{t_i \mid 0}$; $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$ with $\varepsilon \sim \mathcal{N}(0, I)$
 * (the closed form of Eq. 3).
 * Draw order: the n rows of x(0), then for each i: $t_i$, then d normals of $\varepsilon_i$.
 *
 * @example
 * ```ts
 * import { fitNormalization, makeDenoisingData, makeSchedule, parseTarget } from '@softmax-ntk/diffusion';
 *
 * // Section 6.1's pairs: input (t/T, x(t))/R ∈ R^{d+1} of norm ≤ 1, label x(0), with x(t) = α_t x(0) + σ_t ε
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const schedule = makeSchedule({ spec: 'linear' });
 * const d = makeDenoisingData({ target, normalization: fitNormalization(target), schedule, n: 100, seed: 1 });
 * const norms = Array.from({ length: 100 }, (_, i) => Math.hypot(...d.x.data.subarray(3 * i, 3 * i + 3)));
 * console.log(d.x.rows, d.x.cols, d.y.cols, Math.max(...norms).toFixed(6)); // 100 3 2 1.000000
 * console.log((d.x.data[0] * d.inputScale).toFixed(6), d.t[0].toFixed(6)); // 0.429652 0.429652
 * ```
 */
export function makeDenoisingData(options: DenoisingDataOptions): DenoisingData {
  const n = checkPositiveInt('n', options.n);
  const { t0, T } = checkTimes(options.t0 ?? DEFAULT_T0, options.T ?? options.schedule.T);
  const parameterization = options.parameterization ?? 'x0';
  if (!PARAMETERIZATIONS.includes(parameterization))
    throw argumentError(
      'parameterization',
      `must be one of ${PARAMETERIZATIONS.join(', ')}, got ${show(parameterization)}`,
    );
  const timeSampling = options.timeSampling ?? 'uniform';
  if (!TIME_SAMPLINGS.includes(timeSampling))
    throw argumentError('timeSampling', `must be one of ${TIME_SAMPLINGS.join(', ')}, got ${show(timeSampling)}`);
  const timeScale = checkPositive('timeScale', options.timeScale ?? 1);
  const bias = checkNonNeg('bias', options.bias ?? 0);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const { schedule } = options;
  const x0 = toScaled(options.target.sample(n, rng), options.normalization);
  const d = x0.cols;
  const t = new Float64Array(n);
  const xt = new Float64Array(n * d);
  const eps = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    const ti = timeSampling === 'uniform' ? t0 + (T - t0) * u : Math.min(T, t0 * Math.exp(u * Math.log(T / t0)));
    t[i] = ti;
    const a = schedule.alpha(ti);
    const s = Math.sqrt(schedule.sigma2(ti));
    for (let j = 0; j < d; j++) {
      const e = rng.normal();
      eps[i * d + j] = e;
      xt[i * d + j] = a * (x0.data[i * d + j] ?? NaN) + s * e;
    }
  }
  const xtM: Matrix = { rows: n, cols: d, data: xt };
  let v = 0;
  for (let i = 0; i < x0.data.length; i++) v += (x0.data[i] ?? NaN) ** 2;
  v /= x0.data.length;
  const features: InputFeatures = {
    timeScale,
    secondMoment: options.precondition ? v : null,
    ...(bias > 0 ? { bias } : {}),
  };
  const raw = networkInput(t, xtM, T, 1, features, schedule);
  const width = raw.cols;
  let inputScale = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let j = 0; j < width; j++) r2 += (raw.data[i * width + j] ?? NaN) ** 2;
    inputScale = Math.max(inputScale, Math.sqrt(r2));
  }
  const x = networkInput(t, xtM, T, inputScale, features, schedule);
  let y: Matrix = x0;
  if (parameterization === 'eps') y = { rows: n, cols: d, data: eps };
  if (parameterization === 'residual') {
    const r = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const c = skipScale(schedule, t[i] ?? NaN, v);
      for (let j = 0; j < d; j++) r[i * d + j] = (x0.data[i * d + j] ?? NaN) - c * (xt[i * d + j] ?? NaN);
    }
    y = { rows: n, cols: d, data: r };
  }
  return { x, y, t, xt: xtM, x0, inputScale, features, secondMoment: v };
}
