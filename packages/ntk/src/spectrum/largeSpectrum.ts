/**
 * $\lambda_{\min}$ and $\lambda_{\max}$ of the NTK Gram matrix H(W) of Definition 3.6 (Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax", 2024) at sizes where H is never formed ($n d = 32768$: 8.6 GB as float64).
 *
 * Route: Lanczos with full reorthogonalisation (classical Gram–Schmidt, twice) on the structured float64
 * product of ../internal/softmaxProduct (linalg's `softmaxGramProduct`: two row-by-row SIMD passes over $S = \operatorname{softmax}(X W^\top)$, $O(n m d)$ per product;
 * `gramOperator` for the ReLU and exp baselines), both ends of the spectrum from one Krylov space, with the
 * stopping rules of a Gram matrix, which is positive semidefinite by construction ($H = J J^\top/\kappa$):
 *
 * - $\lambda_{\max}$: the Ritz residual $\lVert H \cdot y - \theta \cdot y \rVert \le \mathrm{tol} \cdot \theta_{\max}$;
 * - $\lambda_{\min}$: the Ritz value $\theta_{\min}$ is a Rayleigh quotient, so $\lambda_{\min} \le \theta_{\min}$, and $\lambda_{\min} \ge 0$: once
 *   $\theta_{\min} \le \mathrm{tol} \cdot \theta_{\max}$, $\lambda_{\min} \in [0, \theta_{\min}]$ is certified to tol relative to $\lVert H \rVert_2$ (`accuracy: "normwise"`, the
 *   default); otherwise when $\min(r_{\min}, r_{\min}^2/\delta) \le \mathrm{tol} \cdot \theta_{\min}$, $\delta = \theta_2 - \theta_1$ the Ritz gap (an eigenvalue lies within
 *   $r_{\min}$ of $\theta_{\min}$, within $r^2/\delta$ when $\delta$ is the true gap: $\lambda_{\min}$ to tol relative, under the usual Lanczos assumption
 *   that no smaller eigenvalue was missed);
 * - when the structural rank bound (`gramRankBound`) is below $n \cdot d$, $\lambda_{\min} = 0$ exactly and only $\lambda_{\max}$ is
 *   iterated for (unless `confirmZero`, which iterates until $\theta_{\min} \le \mathrm{tol} \cdot \theta_{\max}$ as a numerical check).
 *
 * Memory: the basis (products × $n d$ float64) and the product's three $n \times m$ buffers.
 */
import { eigh, Rng, type Matrix } from '@softmax-ntk/linalg';
import { gramOperator } from '../gram/gramOperator';
import { softmaxProduct, type SoftmaxProduct } from '../internal/softmaxProduct';
import { checkNet, checkPositive, checkPositiveInt, type Activation } from '../internal/validate';
import { gramRankBound } from './gramRankBound';
import { argumentError } from '@softmax-ntk/linalg';

/** Where a run of {@link largeSpectrum} stands, given to `onProgress` at each convergence check. */
export interface LargeSpectrumProgress {
  /** Products $Hv$ so far. */
  products: number;
  /** The current smallest Ritz value $\theta_{\min}$. */
  thetaMin: number;
  /** The current largest Ritz value $\theta_{\max}$. */
  thetaMax: number;
  /** The residual $\lVert Hy - \theta_{\min} y \rVert$ of the smallest Ritz pair. */
  residualMin: number;
  /** The residual $\lVert Hy - \theta_{\max} y \rVert$ of the largest Ritz pair. */
  residualMax: number;
  /** Milliseconds since the start (building the product included). */
  elapsedMs: number;
}

/** Options of {@link largeSpectrum}. */
export interface LargeSpectrumOptions {
  /** W, $m \times d_\text{in}$. */
  w: Matrix;
  /** a, $d_\text{out} \times m$. */
  a: Matrix;
  /** x, $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Relative accuracy of $\lambda_{\min}$ and $\lambda_{\max}$ (default 1e-6; see the module comment for what it bounds). */
  tol?: number;
  /** Cap on the products $Hv$, which is also the basis size (default $\min(nd, 1000)$). */
  maxIter?: number;
  /** Seed of the random start vector (default 0). */
  seed?: number;
  /**
   * What `tol` bounds for $\lambda_{\min} > 0$: `"normwise"` (default)
   * $\lvert \lambda_{\min} - \text{computed} \rvert \le \mathrm{tol} \cdot \lambda_{\max}$, accepting the certified
   * $\theta_{\min} \le \mathrm{tol} \cdot \theta_{\max}$; `"relative"` $\mathrm{tol} \cdot \lambda_{\min}$, from the residual alone (more
   * products when H is ill-conditioned).
   */
  accuracy?: 'normwise' | 'relative';
  /** Keep iterating when the rank bound already proves $\lambda_{\min} = 0$, until $\theta_{\min} \le \mathrm{tol} \cdot \theta_{\max}$ (default false). */
  confirmZero?: boolean;
  /** Called at every convergence check (every product at first, then every ~products/16). */
  onProgress?: (progress: LargeSpectrumProgress) => void;
}

/** What {@link largeSpectrum} returns. */
export interface LargeSpectrum {
  /** $\lambda_{\min}(H)$: 0 when the rank bound proves it, else the certified smallest Ritz value (see `lambdaMinBy`). */
  lambdaMin: number;
  /** $\lambda_{\max}(H)$, to `tol` relative (its Ritz residual is `residualMax`). */
  lambdaMax: number;
  /** $\lambda_{\max} / \lambda_{\min}$ (Infinity when $\lambda_{\min} = 0$). */
  conditionNumber: number;
  /**
   * An interval holding $\lambda_{\min}$: $[0, \theta_{\min}]$ when certified by positive semidefiniteness, $[0, 0]$ by the
   * rank bound, else $[\theta_{\min} - \min(r, r^2/\delta), \theta_{\min}]$ (the upper end certified, the lower an estimate:
   * $\delta$ is the Ritz gap).
   */
  lambdaMinBounds: [number, number];
  /** Bound on $\lvert \lambda_{\min} - \text{computed} \rvert$: the width of `lambdaMinBounds`. */
  errorMin: number;
  /** Bound on $\lvert \lambda_{\max} - \text{computed} \rvert$: the Ritz residual of the largest pair. */
  errorMax: number;
  /** $\lVert Hy - \theta_{\min} y \rVert$ of the smallest Ritz pair (relative to $\theta_{\max}$: `residualMin / lambdaMax`). */
  residualMin: number;
  /** $\lVert Hy - \theta_{\max} y \rVert$ of the largest Ritz pair. */
  residualMax: number;
  /** $\theta_{\min}$, the smallest Ritz value (a Rayleigh quotient, so $\lambda_{\min} \le \theta_{\min}$; the numerical check of a rank-bound 0). */
  ritzMin: number;
  /** How $\lambda_{\min}$ was settled: `"rank"` (the structural rank bound is below $nd$: exactly 0), `"psd-bound"`, `"residual"`. */
  lambdaMinBy: 'rank' | 'psd-bound' | 'residual';
  /** `gramRankBound` of the network. */
  rankBound: number;
  /** The route: Lanczos on the structured product $Hv$ (H never formed). */
  method: 'lanczos-structured';
  /** The side of H, $n d_\text{out}$. */
  size: number;
  /** Whether both ends met `tol` within `maxIter` products. */
  converged: boolean;
  /** Products $Hv$. */
  iterations: number;
  /** Bytes of the basis and the product's buffers at the end. */
  bytes: number;
}

/** Default cap on the basis: 1000 vectors of $n \cdot d = 32768$ are 262 MB. */
const DEFAULT_MAX_ITER = 1000;

/**
 * $\lambda_{\min}$ and $\lambda_{\max}$ of $H(W)$ without forming $H$: Lanczos on the structured product, with the
 * certified stopping rules of a positive semidefinite Gram matrix ($\lambda_{\min} \in [0, \theta_{\min}]$) and the
 * structural rank bound ($\lambda_{\min} = 0$ exactly when $\operatorname{rank} H < nd$).
 *
 * @param options - The network (w, a, x, activation) and the stopping rules (tol, accuracy, maxIter, confirmZero,
 *   onProgress).
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { largeSpectrum } from '@softmax-ntk/ntk';
 *
 * const { problem } = makeProblem({ n: 32, dIn: 4, dOut: 2, numNeurons: 256, sigma: 1, seed: 1 });
 * const s = largeSpectrum(problem);
 * console.log(s.lambdaMin.toFixed(5), s.lambdaMax.toFixed(5), s.lambdaMinBy, s.converged); // 0.00043 12.39899 residual true
 * ```
 */
export function largeSpectrum(options: LargeSpectrumOptions): LargeSpectrum {
  const start = performance.now();
  checkNet(options, { x: options.x });
  const activation = options.activation ?? 'softmax';
  const tol = options.tol === undefined ? 1e-6 : checkPositive('tol', options.tol);
  const seed = options.seed ?? 0;
  const accuracy = options.accuracy ?? 'normwise';
  if (accuracy !== 'normwise' && accuracy !== 'relative')
    throw argumentError('accuracy', `must be "normwise" or "relative", got ${JSON.stringify(accuracy)}`);
  const rankBound = gramRankBound({ ...options, activation });
  let product: SoftmaxProduct;
  if (activation === 'softmax') product = softmaxProduct(options.w, options.a, options.x);
  else {
    const op = gramOperator({ ...options, activation });
    product = { size: op.size, matvec: (v, out) => op.matvec(v, out), bytes: 0, dispose: () => undefined };
  }
  const n = product.size;
  if (n === 0) throw argumentError('x', 'H is empty (n·d_out = 0)');
  const maxIter =
    options.maxIter === undefined
      ? Math.min(n, DEFAULT_MAX_ITER)
      : Math.min(n, checkPositiveInt('maxIter', options.maxIter));
  const zeroByRank = rankBound < n;
  const wantMin = !zeroByRank || options.confirmZero === true;

  const Q = new Float64Array(maxIter * n); // rows: Lanczos vectors q_0 … q_{k−1}
  const alpha = new Float64Array(maxIter);
  const beta = new Float64Array(maxIter); // beta[j]: coupling of q_j and q_{j+1}
  const u = new Float64Array(n);
  const h = new Float64Array(maxIter);
  const rng = new Rng(seed);
  let q0Norm = 0;
  for (let t = 0; t < n; t++) {
    const g = rng.normal();
    Q[t] = g;
    q0Norm += g * g;
  }
  q0Norm = Math.sqrt(q0Norm);
  for (let t = 0; t < n; t++) Q[t] = (Q[t] as number) / q0Norm;

  let k = 0;
  let lastCheck = 0;
  let state = { thetaMin: NaN, thetaMax: NaN, residualMin: Infinity, residualMax: Infinity, errorMin: Infinity };
  let doneMin: boolean;
  let doneMax: boolean;
  let by: LargeSpectrum['lambdaMinBy'] = zeroByRank ? 'rank' : 'residual';
  for (;;) {
    const qk = Q.subarray(k * n, (k + 1) * n);
    product.matvec(qk, u);
    // Form: u ← (I − Q Qᵀ) u, twice (classical Gram–Schmidt with one reorthogonalisation)
    h.fill(0, 0, k + 1);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= k; i++) {
        const o = i * n;
        let s = 0;
        for (let t = 0; t < n; t++) s += (Q[o + t] as number) * (u[t] as number);
        h[i] = (h[i] as number) + s;
        for (let t = 0; t < n; t++) u[t] = (u[t] as number) - s * (Q[o + t] as number);
      }
    }
    alpha[k] = h[k] as number;
    let b = 0;
    for (let t = 0; t < n; t++) b += (u[t] as number) ** 2;
    b = Math.sqrt(b);
    beta[k] = b;
    k++;
    const exhausted = k === n || b <= 64 * 2 ** -53 * Math.abs(state.thetaMax || (alpha[0] as number));
    if (exhausted) beta[k - 1] = 0;
    const atEnd = exhausted || k === maxIter;
    if (atEnd || k - lastCheck >= Math.max(1, k >> 4)) {
      lastCheck = k;
      state = ritz(alpha, beta, k);
      doneMax = state.residualMax <= tol * state.thetaMax;
      if (wantMin) {
        if ((zeroByRank || accuracy === 'normwise') && state.thetaMin <= tol * state.thetaMax) {
          doneMin = true;
          if (!zeroByRank) by = 'psd-bound';
        } else doneMin = !zeroByRank && state.errorMin <= tol * state.thetaMin;
      } else doneMin = true;
      const { thetaMin, thetaMax, residualMin, residualMax } = state;
      options.onProgress?.({
        products: k,
        thetaMin,
        thetaMax,
        residualMin,
        residualMax,
        elapsedMs: performance.now() - start,
      });
      if ((doneMin && doneMax) || atEnd) break;
    }
    const next = Q.subarray(k * n, (k + 1) * n);
    for (let t = 0; t < n; t++) next[t] = (u[t] as number) / b;
  }
  const { thetaMin, thetaMax, residualMin, residualMax, errorMin } = state;
  let lambdaMin: number;
  let bounds: [number, number];
  if (by === 'rank') {
    lambdaMin = 0;
    bounds = [0, 0];
  } else if (by === 'psd-bound') {
    lambdaMin = thetaMin;
    bounds = [0, thetaMin];
  } else {
    lambdaMin = thetaMin;
    bounds = [Math.max(0, thetaMin - errorMin), thetaMin];
  }
  product.dispose();
  return {
    lambdaMin,
    lambdaMax: thetaMax,
    conditionNumber: lambdaMin > 0 ? thetaMax / lambdaMin : Infinity,
    lambdaMinBounds: bounds,
    errorMin: bounds[1] - bounds[0],
    errorMax: residualMax,
    residualMin,
    residualMax,
    ritzMin: thetaMin,
    lambdaMinBy: by,
    rankBound,
    method: 'lanczos-structured',
    size: n,
    converged: doneMin && doneMax,
    iterations: k,
    bytes: 8 * k * n + product.bytes,
  };
}

/**
 * The extreme eigenpairs of the $k \times k$ Lanczos tridiagonal T, their residuals $r = \lvert \beta_{k-1} \cdot s_{k-1} \rvert$, and the error
 * estimate of $\theta_{\min}$, $\min(r, r^2/\delta)$ with $\delta = \theta_2 - \theta_1$ the gap to the next Ritz value (Kato–Temple, with the Ritz gap
 * standing in for the true one).
 */
function ritz(
  alpha: Float64Array,
  beta: Float64Array,
  k: number,
): { thetaMin: number; thetaMax: number; residualMin: number; residualMax: number; errorMin: number } {
  const T = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    T[i * k + i] = alpha[i] as number;
    if (i + 1 < k) {
      T[i * k + i + 1] = beta[i] as number;
      T[(i + 1) * k + i] = beta[i] as number;
    }
  }
  const { values, vectors } = eigh({ a: { rows: k, cols: k, data: T } });
  const s = (vectors as Matrix).data;
  const last = beta[k - 1] as number;
  const residualMin = Math.abs(last * (s[(k - 1) * k] as number));
  const gap = k > 1 ? (values[1] as number) - (values[0] as number) : 0;
  return {
    thetaMin: values[0] as number,
    thetaMax: values[k - 1] as number,
    residualMin,
    residualMax: Math.abs(last * (s[(k - 1) * k + k - 1] as number)),
    errorMin: gap > 0 ? Math.min(residualMin, (residualMin * residualMin) / gap) : residualMin,
  };
}
