/**
 * Section 6.1 and Definition F.1 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024), as
 * plain float64 loops: the forward process of Eq. (3), the denoising training pairs, the weighted score loss of
 * Theorem 6.5's left side, the Gaussian-mixture score (the closed form the tests compare with) and the NTK
 * regression predictor of Definition F.1 with its gradient descent of Eq. (25).
 *
 * Nothing here is shared with @softmax-ntk/diffusion or @softmax-ntk/ntk: α_t and σ_t² come from quadrature of the
 * paper's integrals (not from a schedule's closed form), the kernel from this package's literal Definition 3.6, and
 * linear systems from Gaussian elimination written below. Slow on purpose; meant for small problems.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { testKernel, gram } from './index';

/** A row-major float64 matrix entry, typed (no cast at every read). */
function at(M: Matrix, i: number, j: number): number {
  return M.data[i * M.cols + j] ?? NaN;
}

/** Entry k of a float64 array, typed. */
function get(a: ArrayLike<number>, k: number): number {
  return a[k] ?? NaN;
}

/** ∫_a^b f by composite Simpson with `panels` (even) panels. */
export function simpson(f: (s: number) => number, a: number, b: number, panels = 400): number {
  if (b === a) return 0;
  const N = panels % 2 === 0 ? panels : panels + 1;
  const h = (b - a) / N;
  let s = f(a) + f(b);
  for (let k = 1; k < N; k++) s += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}

/** The drift weighting g(t) > 0 of Eq. (3). */
export type DriftWeight = (t: number) => number;

/** α_t and σ_t² of the forward process at one time. */
export interface ForwardProcess {
  /** α_t = e^{−∫₀ᵗ ½g(s)ds}, the coefficient of x(0). */
  alpha: number;
  /** σ_t² = α_t²·∫₀ᵗ e^{∫₀ˢ g(u)du}·g(s)ds, the variance of the noise term (Itô isometry). */
  sigma2: number;
}

/**
 * The forward process of Eq. (3), dx(t) = −½g(t)x(t)dt + √g(t)dB_t, through its explicit solution
 * x(t) = e^{−∫₀ᵗ ½g} x(0) + e^{−∫₀ᵗ ½g} ∫₀ᵗ e^{∫₀ˢ ½g} √g(s) dB_s: α_t = e^{−½∫₀ᵗ g} and, by the Itô isometry,
 * σ_t² = e^{−∫₀ᵗ g}·∫₀ᵗ e^{∫₀ˢ g}·g(s) ds — both integrals by Simpson's rule (nested for σ_t²), not by the closed
 * form 1 − α_t² (the tests check that identity).
 *
 * @see Section 6.1, Eq. (3) and its explicit solution.
 */
export function forwardProcess({ g, t, panels = 400 }: { g: DriftWeight; t: number; panels?: number }): ForwardProcess {
  const G = (s: number) => simpson(g, 0, s, panels);
  const alpha = Math.exp(-0.5 * G(t));
  const inner = simpson((s) => Math.exp(G(s)) * g(s), 0, t, panels);
  return { alpha, sigma2: alpha * alpha * inner };
}

/** The training set of Section 6.1 built from given draws. */
export interface ReferencePairs {
  /** x_i = (t_i, x(t_i)_i) ∈ R^{d+1}, n × (d+1): the network input as the paper writes it. */
  x: Matrix;
  /** y_i = x(0)_i, n × d: the noisy label, the regression target. */
  y: Matrix;
  /** x(t_i)_i = α_{t_i} x(0)_i + σ_{t_i} ε_i, n × d. */
  xt: Matrix;
}

/**
 * The denoising training set of Section 6.1 from given draws x(0)_i ~ p₀, t_i and ε_i ~ N(0, I_d):
 * x(t_i)_i = α_{t_i} x(0)_i + σ_{t_i} ε_i ~ p_{t_i|0}(· | x(0)_i), input x_i = (t_i, x(t_i)_i) ∈ R^{d+1}, label
 * y_i = x(0)_i. α and σ come from {@link forwardProcess}.
 *
 * @see Section 6.1: x(0)_i ~ p₀, t_i ~ Unif(0, T), x(t_i)_i ~ p_{t_i|0}(· | x(0)_i); D_n = {(x_i, y_i)}.
 */
export function denoisingPairs({
  x0,
  t,
  eps,
  g,
  panels,
}: {
  x0: Matrix;
  t: ArrayLike<number>;
  eps: Matrix;
  g: DriftWeight;
  panels?: number;
}): ReferencePairs {
  const n = x0.rows,
    d = x0.cols;
  const x = new Float64Array(n * (d + 1));
  const xt = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const ti = get(t, i);
    const { alpha, sigma2 } = forwardProcess({ g, t: ti, ...(panels ? { panels } : {}) });
    const sigma = Math.sqrt(sigma2);
    x[i * (d + 1)] = ti;
    for (let l = 0; l < d; l++) {
      const v = alpha * at(x0, i, l) + sigma * at(eps, i, l);
      xt[i * d + l] = v;
      x[i * (d + 1) + 1 + l] = v;
    }
  }
  return {
    x: { rows: n, cols: d + 1, data: x },
    y: { rows: n, cols: d, data: Float64Array.from(x0.data) },
    xt: { rows: n, cols: d, data: xt },
  };
}

/** A source of uniform and normal draws (an `Rng` of @softmax-ntk/linalg fits). */
export interface Draws {
  uniform(): number;
  normal(): number;
}

/**
 * t_i ~ Unif(0, T) and ε_i ~ N(0, I_d) for i ∈ [n], drawn in the order t_i, then the d coordinates of ε_i, row by
 * row, then {@link denoisingPairs}.
 *
 * @see Section 6.1: t_i ~ Unif(0, T).
 */
export function drawDenoisingPairs({
  x0,
  T,
  g,
  draws,
  panels,
}: {
  x0: Matrix;
  T: number;
  g: DriftWeight;
  draws: Draws;
  panels?: number;
}): ReferencePairs & { t: Float64Array; eps: Matrix } {
  const n = x0.rows,
    d = x0.cols;
  const t = new Float64Array(n);
  const eps = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    t[i] = T * draws.uniform();
    for (let l = 0; l < d; l++) eps[i * d + l] = draws.normal();
  }
  const epsM = { rows: n, cols: d, data: eps };
  return { ...denoisingPairs({ x0, t, eps: epsM, g, ...(panels ? { panels } : {}) }), t, eps: epsM };
}

/** A Gaussian mixture p₀ = Σ_k w_k N(μ_k, diag(s_k²)): K weights, K × d means and standard deviations. */
export interface ReferenceMixture {
  weights: ArrayLike<number>;
  means: Matrix;
  std: Matrix;
}

/** N(x; m, v) of one coordinate. */
function normalPdf(x: number, m: number, v: number): number {
  return Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
}

/**
 * w_k·N(x_i; α μ_k, diag(α² s_k² + σ²)): the weighted density at row i of x of component k of p_t, the mixture p₀
 * carried to time t by the forward SDE (x(t) = α x(0) + σ ε), written as the product of its d one-dimensional
 * normal densities.
 */
function componentDensity(
  mixture: ReferenceMixture,
  k: number,
  alpha: number,
  sigma2: number,
  x: Matrix,
  i: number,
): number {
  let pk = get(mixture.weights, k);
  for (let l = 0; l < x.cols; l++) {
    const v = alpha * alpha * at(mixture.std, k, l) ** 2 + sigma2;
    pk *= normalPdf(at(x, i, l), alpha * at(mixture.means, k, l), v);
  }
  return pk;
}

/**
 * The score ∇log p_t(x) (n × d) of a Gaussian-mixture p₀ at the forward process's (α, σ²): component k of p_t is
 * N(α μ_k, diag(α² s_k² + σ²)), so p_t(x) = Σ_k w_k Π_l N(x_l; α μ_{k,l}, α² s_{k,l}² + σ²) and
 * ∇log p_t(x) = ∇p_t(x)/p_t(x) with ∂_l N = −N·(x_l − α μ_{k,l})/(α² s_{k,l}² + σ²). No log-sum-exp: valid while
 * some component's density does not underflow.
 */
export function mixtureScore({
  mixture,
  alpha,
  sigma2,
  x,
}: {
  mixture: ReferenceMixture;
  alpha: number;
  sigma2: number;
  x: Matrix;
}): Matrix {
  const K = mixture.weights.length,
    d = x.cols;
  const out = new Float64Array(x.rows * d);
  for (let i = 0; i < x.rows; i++) {
    let p = 0;
    const grad = new Float64Array(d);
    for (let k = 0; k < K; k++) {
      const pk = componentDensity(mixture, k, alpha, sigma2, x, i);
      p += pk;
      for (let l = 0; l < d; l++) {
        const v = alpha * alpha * at(mixture.std, k, l) ** 2 + sigma2;
        grad[l] = get(grad, l) - (pk * (at(x, i, l) - alpha * at(mixture.means, k, l))) / v;
      }
    }
    for (let l = 0; l < d; l++) out[i * d + l] = get(grad, l) / p;
  }
  return { rows: x.rows, cols: d, data: out };
}

/**
 * The true label F_*(t, x(t)) = E[x(0) | x(t)] (n × d) of Section 6.1 for a Gaussian-mixture p₀, by Bayes directly:
 * Σ_k r_k(x)·(μ_k + α s_k²/(α² s_k² + σ²)·(x − α μ_k)), r_k the posterior weights of the components — not by
 * Tweedie's formula (the tests check that identity).
 */
export function mixturePosteriorMean({
  mixture,
  alpha,
  sigma2,
  x,
}: {
  mixture: ReferenceMixture;
  alpha: number;
  sigma2: number;
  x: Matrix;
}): Matrix {
  const K = mixture.weights.length,
    d = x.cols;
  const out = new Float64Array(x.rows * d);
  for (let i = 0; i < x.rows; i++) {
    let p = 0;
    const num = new Float64Array(d);
    for (let k = 0; k < K; k++) {
      const pk = componentDensity(mixture, k, alpha, sigma2, x, i);
      p += pk;
      for (let l = 0; l < d; l++) {
        const s2 = at(mixture.std, k, l) ** 2;
        const v = alpha * alpha * s2 + sigma2;
        const mean = at(mixture.means, k, l) + ((alpha * s2) / v) * (at(x, i, l) - alpha * at(mixture.means, k, l));
        num[l] = get(num, l) + pk * mean;
      }
    }
    for (let l = 0; l < d; l++) out[i * d + l] = get(num, l) / p;
  }
  return { rows: x.rows, cols: d, data: out };
}

/**
 * The weighted score loss of Theorem 6.5's left side, (1/T)∫₀ᵀ λ(t) E‖s(t, x(t)) − ∇log p_t(x(t))‖² dt, estimated
 * from pairs (t_i, x(t_i)_i) with t_i ~ Unif(0, T) (so (1/T)∫₀ᵀ dt is the expectation over t):
 * (1/n) Σ_i λ(t_i)·Σ_l (s_l − (∇log p_{t_i})_l)², `model` and `truth` the n × d scores at the pairs.
 *
 * @see Theorem 6.5 (left side), Eq. (5).
 */
export function weightedScoreLoss({
  t,
  model,
  truth,
  lambda,
}: {
  t: ArrayLike<number>;
  model: Matrix;
  truth: Matrix;
  lambda: (t: number) => number;
}): number {
  const n = model.rows;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let l = 0; l < model.cols; l++) e += (at(model, i, l) - at(truth, i, l)) ** 2;
    s += lambda(get(t, i)) * e;
  }
  return s / n;
}

/**
 * The score of an x(0)-predicting network by Tweedie's formula: s(t, x) = (α_t F − x)/σ_t², n × d.
 *
 * @see Section 6.1: the label y = x(0), true label E[x(0) | x(t)]; ∇log p_t(x) = (α_t E[x(0) | x(t) = x] − x)/σ_t².
 */
export function scoreFromDenoiser({
  F,
  xt,
  alpha,
  sigma2,
}: {
  F: Matrix;
  xt: Matrix;
  alpha: ArrayLike<number>;
  sigma2: ArrayLike<number>;
}): Matrix {
  const out = new Float64Array(F.rows * F.cols);
  for (let i = 0; i < F.rows; i++)
    for (let l = 0; l < F.cols; l++)
      out[i * F.cols + l] = (get(alpha, i) * at(F, i, l) - at(xt, i, l)) / get(sigma2, i);
  return { rows: F.rows, cols: F.cols, data: out };
}

/** Solves A z = b (A N × N) by Gaussian elimination with partial pivoting; A and b are not modified. */
export function solveDense(A: Matrix, b: ArrayLike<number>): Float64Array {
  const N = A.rows;
  const M = Float64Array.from(A.data);
  const z = Float64Array.from(b);
  for (let c = 0; c < N; c++) {
    let p = c;
    for (let r = c + 1; r < N; r++) if (Math.abs(get(M, r * N + c)) > Math.abs(get(M, p * N + c))) p = r;
    if (p !== c) {
      for (let k = 0; k < N; k++) {
        const tmp = get(M, c * N + k);
        M[c * N + k] = get(M, p * N + k);
        M[p * N + k] = tmp;
      }
      const tz = get(z, c);
      z[c] = get(z, p);
      z[p] = tz;
    }
    const piv = get(M, c * N + c);
    for (let r = c + 1; r < N; r++) {
      const f = get(M, r * N + c) / piv;
      if (f === 0) continue;
      for (let k = c; k < N; k++) M[r * N + k] = get(M, r * N + k) - f * get(M, c * N + k);
      z[r] = get(z, r) - f * get(z, c);
    }
  }
  for (let r = N - 1; r >= 0; r--) {
    let s = get(z, r);
    for (let k = r + 1; k < N; k++) s -= get(M, r * N + k) * get(z, k);
    z[r] = s / get(M, r * N + r);
  }
  return z;
}

/** vec(Y) in the output-major order ℓ·n + i of H (Y n × d). */
function vecY(y: Matrix): Float64Array {
  const n = y.rows,
    d = y.cols;
  const v = new Float64Array(n * d);
  for (let l = 0; l < d; l++) for (let i = 0; i < n; i++) v[l * n + i] = at(y, i, l);
  return v;
}

/** F_ntk(γ, x_te) = m K*_te γ as an n_te × d matrix (K*_te rows ℓ·n_te + te). */
function predictFromGamma(K: Matrix, gamma: ArrayLike<number>, m: number, nTest: number, d: number): Matrix {
  const F = new Float64Array(nTest * d);
  for (let l = 0; l < d; l++)
    for (let te = 0; te < nTest; te++) {
      let s = 0;
      for (let c = 0; c < K.cols; c++) s += at(K, l * nTest + te, c) * get(gamma, c);
      F[te * d + l] = m * s;
    }
  return { rows: nTest, cols: d, data: F };
}

/** The network and data of an NTK regression: W(0), a, the training pairs and the test inputs. */
export interface ReferenceRegression {
  w: Matrix;
  a: Matrix;
  x: Matrix;
  y: Matrix;
  xTest: Matrix;
}

/**
 * Definition F.1 trained by Eq. (25) literally: γ(0) = 0_{nd}, γ(τ+1) = γ(τ) − η·(m H* γ(τ) − vec(Y)), and the
 * predictor F_ntk(γ(τ), x_te) = m K*_te γ(τ) at τ = `steps` (n_te × d; H*, K*_te of Definition 3.6 / Appendix F at
 * W(0)).
 *
 * @see Definition F.1, Eq. (23)–(25).
 */
export function ntkRegressionGd({
  w,
  a,
  x,
  y,
  xTest,
  eta,
  steps,
}: ReferenceRegression & { eta: number; steps: number }): {
  gamma: Float64Array;
  predict: Matrix;
} {
  const m = w.rows,
    d = a.rows;
  const H = gram({ w, a, x });
  const K = testKernel({ w, a, x, xTest });
  const vy = vecY(y);
  const N = H.rows;
  let gamma = new Float64Array(N);
  for (let tau = 0; tau < steps; tau++) {
    const next = new Float64Array(N);
    for (let r = 0; r < N; r++) {
      let Hg = 0;
      for (let c = 0; c < N; c++) Hg += at(H, r, c) * get(gamma, c);
      next[r] = get(gamma, r) - eta * (m * Hg - get(vy, r));
    }
    gamma = next;
  }
  return { gamma, predict: predictFromGamma(K, gamma, m, xTest.rows, d) };
}

/**
 * The limit of Definition F.1's GD with an absolute ridge ρ ≥ 0 (ρ = 0: τ → ∞ of Eq. 25 when H* ≻ 0):
 * m(H* + ρI)γ = vec(Y), F_ntk(x_te) = m K*_te γ = K*_te (H* + ρI)⁻¹ vec(Y) (n_te × d), solved densely.
 *
 * @see Definition F.1, Eq. (23); ρ is added to H* itself (absolute, in the units of H*).
 */
export function ntkRegressionPredictor({
  w,
  a,
  x,
  y,
  xTest,
  ridge = 0,
}: ReferenceRegression & { ridge?: number }): Matrix {
  const m = w.rows,
    d = a.rows;
  const H = gram({ w, a, x });
  const N = H.rows;
  const A = { rows: N, cols: N, data: Float64Array.from(H.data) };
  for (let r = 0; r < N; r++) A.data[r * N + r] = at(H, r, r) + ridge;
  const vy = vecY(y);
  const gamma = solveDense(A, vy).map((v) => v / m);
  return predictFromGamma(testKernel({ w, a, x, xTest }), gamma, m, xTest.rows, d);
}
