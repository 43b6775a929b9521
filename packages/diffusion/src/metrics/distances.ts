/**
 * Two-sample distances between generated samples and fresh draws from $p_0$:
 * $\mathrm{MMD}^2$ with an RBF kernel (median-heuristic bandwidth), the energy distance,
 * and the sliced Wasserstein-2 distance. $O(N^2 \cdot d)$ for the first two.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { checkMatrix, checkPositive, checkPositiveInt, fail } from '../internal/validate';
import { checkFiniteResult } from './nonFiniteResult';

/** Points used for the median heuristic (evenly spaced over the pooled sample). */
const MEDIAN_POINTS = 1000;

/** Why a distance between finite samples is not finite. */
const OVERFLOW = 'squared distances between the samples overflow float64 (coordinates past about 1e154)';

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const r = (a[i * d + k] as number) - (b[j * d + k] as number);
    s += r * r;
  }
  return s;
}

function check2(x: Matrix, y: Matrix): number {
  checkMatrix('x', x);
  checkMatrix('y', y, x.cols);
  if (x.rows < 2 || y.rows < 2) fail(`both samples need at least 2 rows, got ${x.rows} and ${y.rows}`);
  return x.cols;
}

/**
 * The median pairwise distance of the pooled sample (at most 1000 evenly spaced points).
 *
 * @param x - The first sample, $n \times d$.
 * @param y - The second sample, $m \times d$.
 *
 * @example
 * ```ts
 * import { medianBandwidth } from '@softmax-ntk/diffusion';
 *
 * // The median pairwise distance of x ∪ y = {0, 1, 3, 4}: of 1, 1, 2, 3, 3, 4, the median (2 + 3)/2
 * const col = (...v) => ({ rows: v.length, cols: 1, data: new Float64Array(v) });
 * console.log(medianBandwidth(col(0, 1), col(3, 4))); // 2.5
 * ```
 */
export function medianBandwidth(x: Matrix, y: Matrix): number {
  const d = check2(x, y);
  const N = x.rows + y.rows;
  const k = Math.min(N, MEDIAN_POINTS);
  const pts = new Float64Array(k * d);
  for (let i = 0; i < k; i++) {
    const src = Math.floor((i * N) / k);
    const row =
      src < x.rows
        ? x.data.subarray(src * d, src * d + d)
        : y.data.subarray((src - x.rows) * d, (src - x.rows) * d + d);
    pts.set(row, i * d);
  }
  const ds = new Float64Array((k * (k - 1)) / 2);
  let c = 0;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) ds[c++] = Math.sqrt(sqDist(pts, i, pts, j, d));
  ds.sort();
  const m = ds.length >> 1;
  const med = ds.length % 2 ? (ds[m] as number) : 0.5 * ((ds[m - 1] as number) + (ds[m] as number));
  return med > 0 ? med : 1;
}

/** Options of {@link mmd2}. */
export interface MmdOptions {
  /** The first sample, $n \times d$ (at least 2 rows). */
  x: Matrix;
  /** The second sample, $m \times d$ (at least 2 rows). */
  y: Matrix;
  /** RBF bandwidth $h$ in $k(a, b) = \exp(-\lVert a - b \rVert^2/(2h^2))$; default: the median heuristic. */
  bandwidth?: number;
}

/**
 * $\mathrm{MMD}^2$ by the V-statistic (Gretton et al. 2012, the biased estimator):
 * $\frac{1}{n^2} \sum_{i,j} k(x_i, x_j) + \frac{1}{m^2} \sum_{i,j} k(y_i, y_j) - \frac{2}{nm} \sum_{i,j} k(x_i, y_j)$.
 * It is $\ge 0$ (a squared RKHS norm) with an O(1/n) positive bias, so the noise floor of two
 * true-sample sets is a positive number that a generated set can be compared against
 * ("within 3× the floor"); the unbiased U-statistic hovers around 0 with either sign.
 *
 * @param options - The two samples and the bandwidth.
 * @throws `NonFiniteResultError` (field `mmd2`) when the value is not finite (squared distances past float64).
 *
 * @example
 * ```ts
 * import { Rng, matrix } from '@softmax-ntk/linalg';
 * import { mmd2 } from '@softmax-ntk/diffusion';
 *
 * // MMD² with an RBF kernel: about 0 for two samples of N(0, 1), clearly positive against N(1, 1)
 * const rng = new Rng(1);
 * const draw = (mu) => matrix(500, 1, rng.fillNormal(new Float64Array(500)).map((v) => v + mu));
 * const x = draw(0);
 * const d = (y) => mmd2({ x, y, bandwidth: 1 }).mmd2.toFixed(4);
 * console.log(d(draw(0)), d(draw(1))); // 0.0026 0.1863
 * ```
 */
export function mmd2(options: MmdOptions): { mmd2: number; bandwidth: number } {
  // a bandwidth the caller gives must be usable; one computed from overflowing samples is reported as a result
  if (options.bandwidth !== undefined) checkPositive('bandwidth', options.bandwidth);
  const r = mmd2Unchecked(options);
  checkFiniteResult('mmd2', r.mmd2, OVERFLOW);
  return r;
}

/**
 * {@link mmd2} without the check that its value is finite, for `sampleQuality`, which names its own outputs.
 *
 * @internal
 */
export function mmd2Unchecked(options: MmdOptions): { mmd2: number; bandwidth: number } {
  const { x, y } = options;
  const d = check2(x, y);
  const h = options.bandwidth ?? medianBandwidth(x, y);
  const c = -1 / (2 * h * h);
  const within = (a: Matrix) => {
    let s = 0;
    for (let i = 0; i < a.rows; i++)
      for (let j = i + 1; j < a.rows; j++) s += Math.exp(c * sqDist(a.data, i, a.data, j, d));
    return (2 * s + a.rows) / (a.rows * a.rows);
  };
  let cross = 0;
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < y.rows; j++) cross += Math.exp(c * sqDist(x.data, i, y.data, j, d));
  return { mmd2: within(x) + within(y) - (2 * cross) / (x.rows * y.rows), bandwidth: h };
}

/**
 * Energy distance $2\mathbb{E}\lVert X - Y \rVert - \mathbb{E}\lVert X - X' \rVert - \mathbb{E}\lVert Y - Y' \rVert$
 * (Székely & Rizzo) by V-statistics (within-sample means over all $n^2$ pairs, $i = j$ included), so it is $\ge 0$ with
 * an $O(1/n)$ bias, like $\mathrm{MMD}^2$ above.
 *
 * @param options - The two samples.
 * @param options.x - The first sample, $n \times d$.
 * @param options.y - The second sample, $m \times d$.
 * @throws `NonFiniteResultError` (field `energyDistance`) when the value is not finite (distances past float64).
 *
 * @example
 * ```ts
 * import { energyDistance } from '@softmax-ntk/diffusion';
 *
 * // 2E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖; for the point masses {0, 0} and {1, 1}: 2·1 − 0 − 0
 * const col = (...v) => ({ rows: v.length, cols: 1, data: new Float64Array(v) });
 * console.log(energyDistance({ x: col(0, 0), y: col(1, 1) }), energyDistance({ x: col(0, 1), y: col(0, 1) })); // 2 0
 * ```
 */
export function energyDistance(options: { x: Matrix; y: Matrix }): number {
  const e = energyDistanceUnchecked(options);
  checkFiniteResult('energyDistance', e, OVERFLOW);
  return e;
}

/**
 * {@link energyDistance} without the check that its value is finite, for `sampleQuality`.
 *
 * @internal
 */
export function energyDistanceUnchecked(options: { x: Matrix; y: Matrix }): number {
  const { x, y } = options;
  const d = check2(x, y);
  const within = (a: Matrix) => {
    let s = 0;
    for (let i = 0; i < a.rows; i++)
      for (let j = i + 1; j < a.rows; j++) s += Math.sqrt(sqDist(a.data, i, a.data, j, d));
    return (2 * s) / (a.rows * a.rows);
  };
  let cross = 0;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < y.rows; j++) cross += Math.sqrt(sqDist(x.data, i, y.data, j, d));
  return (2 * cross) / (x.rows * y.rows) - within(x) - within(y);
}

/** Options of {@link slicedWasserstein2}. */
export interface SlicedWassersteinOptions {
  /** The first sample, $n \times d$ (at least 2 rows). */
  x: Matrix;
  /** The second sample, $m \times d$ (at least 2 rows). */
  y: Matrix;
  /** Random directions (default 128). */
  projections?: number;
  /** A generator for the directions (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Seed of the random directions (used when `rng` is not given). */
  seed?: number | string;
}

/**
 * $\mathrm{SW}_2 = \big(\frac1L \sum_{k=1}^{L} W_2^2(\theta_k^\top X, \theta_k^\top Y)\big)^{1/2}$ over $L$ uniform directions
 * $\theta_k$; each 1-D $W_2^2$ by matching the quantiles $(k + \frac12)/M$ of the two projected samples, $M = \max(n, m)$.
 *
 * @param options - The two samples, the number of directions and the generator or seed.
 * @throws `NonFiniteResultError` (field `slicedWasserstein2`) when the value is not finite (squared distances
 * past float64).
 *
 * @example
 * ```ts
 * import { slicedWasserstein2 } from '@softmax-ntk/diffusion';
 *
 * // In 1-D every projection is ±the line, so SW₂ is W₂: a shift by 2 costs exactly 2
 * const col = (...v) => ({ rows: v.length, cols: 1, data: new Float64Array(v) });
 * console.log(slicedWasserstein2({ x: col(0, 1, 5), y: col(2, 3, 7), seed: 1 }).toFixed(6)); // 2.000000
 * ```
 */
export function slicedWasserstein2(options: SlicedWassersteinOptions): number {
  const sw = slicedWasserstein2Unchecked(options);
  checkFiniteResult('slicedWasserstein2', sw, OVERFLOW);
  return sw;
}

/**
 * {@link slicedWasserstein2} without the check that its value is finite, for `sampleQuality`.
 *
 * @internal
 */
export function slicedWasserstein2Unchecked(options: SlicedWassersteinOptions): number {
  const { x, y } = options;
  const d = check2(x, y);
  const L = checkPositiveInt('projections', options.projections ?? 128);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const px = new Float64Array(x.rows);
  const py = new Float64Array(y.rows);
  const M = Math.max(x.rows, y.rows);
  let total = 0;
  for (let l = 0; l < L; l++) {
    const th = rng.sphere(d);
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (th[k] as number) * (x.data[i * d + k] as number);
      px[i] = s;
    }
    for (let i = 0; i < y.rows; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (th[k] as number) * (y.data[i * d + k] as number);
      py[i] = s;
    }
    px.sort();
    py.sort();
    let w = 0;
    for (let k = 0; k < M; k++) {
      const q = (k + 0.5) / M;
      const r = (px[Math.floor(q * x.rows)] as number) - (py[Math.floor(q * y.rows)] as number);
      w += r * r;
    }
    total += w / M;
  }
  return Math.sqrt(total / L);
}
