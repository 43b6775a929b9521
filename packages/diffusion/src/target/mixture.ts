/**
 * Exact marginals of a Gaussian-mixture target under the forward SDE (Eq. 3
 * of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024):
 * component k of $p_t$ is $\mathcal{N}(\alpha_t \mu_k, \alpha_t^2 \Sigma_k + \sigma_t^2 I)$, so $p_t$ and $\nabla\log p_t$ are
 * available in closed form at every t (target-file spec).
 */
import type { Matrix, Rng } from '@softmax-ntk/linalg';
import type { GaussianMixture } from './target';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * $\log p_t(x)$ and $\nabla \log p_t(x)$ for every row of $x$ ($n \times d$), with $\alpha = \alpha_t$ and
 * $s_2 = \sigma_t^2$. Stable log-sum-exp over components: the largest component
 * log-density is subtracted before exp, so far-away points (|x| ~ 1e3) give
 * finite scores instead of 0/0.
 *
 * @param mix - The Gaussian mixture $p_0$.
 * @param alpha - $\alpha_t$.
 * @param s2 - $\sigma_t^2$.
 * @param x - The points, $n \times d$.
 * @param wantScore - Also compute $\nabla\log p_t$ (default true).
 *
 * @see target-file spec: $p_t = \sum_k w_k \mathcal{N}(\alpha \mu_k, \operatorname{diag}(\alpha^2 s_k^2 + \sigma^2))$,
 * $\nabla\log p_t(x) = \sum_k r_k(x) \cdot (\alpha \mu_k - x)/(\alpha^2 s_k^2 + \sigma^2)$, $r_k$ the posterior responsibilities.
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { mixtureMarginal } from '@softmax-ntk/diffusion';
 *
 * // p₀ = N(1, 0.5²), α_t = 0.8, σ_t² = 0.36: p_t = N(0.8, 0.8²·0.5² + 0.36 = 0.52), so ∇log p_t(0) = 0.8/0.52
 * const one = (v) => matrix(1, 1, new Float64Array([v]));
 * const mix = { weights: new Float64Array([1]), means: one(1), std: one(0.5) };
 * const { logDensity, score } = mixtureMarginal(mix, 0.8, 0.36, one(0));
 * const exact = -0.5 * Math.log(2 * Math.PI * 0.52) - 0.8 ** 2 / (2 * 0.52);
 * console.log(logDensity[0].toFixed(6), exact.toFixed(6), score.data[0].toFixed(6), (0.8 / 0.52).toFixed(6));
 * // → -1.207360 -1.207360 1.538462 1.538462
 * ```
 */
export function mixtureMarginal(
  mix: GaussianMixture,
  alpha: number,
  s2: number,
  x: Matrix,
  wantScore = true,
): { logDensity: Float64Array; score: Matrix } {
  const K = mix.weights.length;
  const d = mix.means.cols;
  const n = x.rows;
  // Per component: mean α μ_k, inverse variances, log normaliser.
  const mu = new Float64Array(K * d);
  const inv = new Float64Array(K * d);
  const logc = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let lc = Math.log(mix.weights[k] as number);
    for (let j = 0; j < d; j++) {
      const s = mix.std.data[k * d + j] as number;
      const v = alpha * alpha * s * s + s2;
      mu[k * d + j] = alpha * (mix.means.data[k * d + j] as number);
      inv[k * d + j] = 1 / v;
      lc -= 0.5 * (Math.log(v) + LOG_2PI);
    }
    logc[k] = lc;
  }
  const logDensity = new Float64Array(n);
  const score = new Float64Array(wantScore ? n * d : 0);
  const lk = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let mx = -Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const r = (x.data[xo + j] as number) - (mu[k * d + j] as number);
        q += r * r * (inv[k * d + j] as number);
      }
      const v = (logc[k] as number) - 0.5 * q;
      lk[k] = v;
      if (v > mx) mx = v;
    }
    let z = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((lk[k] as number) - mx);
      lk[k] = e;
      z += e;
    }
    logDensity[i] = mx + Math.log(z);
    if (!wantScore) continue;
    for (let k = 0; k < K; k++) {
      const r = (lk[k] as number) / z;
      if (r === 0) continue;
      for (let j = 0; j < d; j++) {
        score[xo + j] =
          (score[xo + j] as number) +
          r * ((mu[k * d + j] as number) - (x.data[xo + j] as number)) * (inv[k * d + j] as number);
      }
    }
  }
  return { logDensity, score: { rows: wantScore ? n : 0, cols: d, data: score } };
}

/**
 * n draws, $n \times d$: for each row a component by inverse CDF of the weights (one uniform), then d normals.
 *
 * @param mix - The Gaussian mixture.
 * @param n - The number of draws.
 * @param rng - The generator to draw from (advanced by the call).
 *
 * @example
 * ```ts
 * import { Rng, matrix } from '@softmax-ntk/linalg';
 * import { sampleMixture } from '@softmax-ntk/diffusion';
 *
 * // Draws from ¼N(−2, 0.1²) + ¾N(2, 0.1²): about three in four land near +2
 * const mix = {
 *   weights: new Float64Array([0.25, 0.75]),
 *   means: matrix(2, 1, new Float64Array([-2, 2])),
 *   std: matrix(2, 1, new Float64Array([0.1, 0.1])),
 * };
 * const x = sampleMixture(mix, 10000, new Rng(1));
 * console.log(x.rows, x.cols, (x.data.filter((v) => v > 0).length / x.rows).toFixed(2)); // 10000 1 0.75
 * ```
 */
export function sampleMixture(mix: GaussianMixture, n: number, rng: Rng): Matrix {
  const K = mix.weights.length;
  const d = mix.means.cols;
  const cdf = new Float64Array(K);
  let c = 0;
  for (let k = 0; k < K; k++) cdf[k] = c += mix.weights[k] as number;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform() * c;
    let k = 0;
    while (k < K - 1 && u >= (cdf[k] as number)) k++;
    for (let j = 0; j < d; j++)
      out[i * d + j] = (mix.means.data[k * d + j] as number) + (mix.std.data[k * d + j] as number) * rng.normal();
  }
  return { rows: n, cols: d, data: out };
}

/**
 * The mixture of y = (x − shift)/scale when x ~ mix.
 *
 * @param mix - The mixture of x.
 * @param shift - Subtracted from x (d entries).
 * @param scale - Then divided by.
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { affineMixture } from '@softmax-ntk/diffusion';
 *
 * // y = (x − 1)/2 for x ~ N(3, 0.5²): y ~ N(1, 0.25²)
 * const one = (v) => matrix(1, 1, new Float64Array([v]));
 * const y = affineMixture({ weights: new Float64Array([1]), means: one(3), std: one(0.5) }, [1], 2);
 * console.log(y.means.data[0], y.std.data[0], y.weights[0]); // 1 0.25 1
 * ```
 */
export function affineMixture(mix: GaussianMixture, shift: ArrayLike<number>, scale: number): GaussianMixture {
  const K = mix.weights.length;
  const d = mix.means.cols;
  const means = new Float64Array(K * d);
  const std = new Float64Array(K * d);
  for (let k = 0; k < K; k++)
    for (let j = 0; j < d; j++) {
      means[k * d + j] = ((mix.means.data[k * d + j] as number) - (shift[j] as number)) / scale;
      std[k * d + j] = (mix.std.data[k * d + j] as number) / scale;
    }
  return {
    weights: mix.weights.slice(),
    means: { rows: K, cols: d, data: means },
    std: { rows: K, cols: d, data: std },
  };
}
