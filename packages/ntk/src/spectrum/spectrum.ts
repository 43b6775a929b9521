/**
 * The spectrum of an NTK Gram matrix: $\lambda_{\min}(H)$ — the $\lambda$ on which every bound
 * of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024)
 * hangs (Theorem 4.2: $m = \Omega(\lambda^{-2}\dots)$, $\eta = 0.1\lambda/(\dots)$, Claim E.5: $\lambda_{\min}(H(\tau)) \ge \lambda/2$)
 * — together with $\lambda_{\max}$, the condition number, and an error estimate for each.
 *
 * Three routes, all float64:
 * - `shift-invert` (the default when H is formed): Cholesky $H = L \cdot L^\top$ (linalg's
 *   SIMD WebAssembly `choleskyFactor`, L kept in its memory), then Lanczos on
 *   $H^{-1}$ (two triangular solves per product) for $\lambda_{\min} = 1/\theta_{\max}(H^{-1})$
 *   — a few dozen products even at condition numbers of 10⁶, where plain
 *   Lanczos on H needs about n — and Lanczos on $L \cdot L^\top = H$ for $\lambda_{\max}$ (well separated,
 *   fast). A Cholesky that fails proves H is not numerically positive
 *   definite, and the dense route then reports the offending eigenvalue.
 * - `dense`: blocked Householder tridiagonalisation (linalg's `eigvalsh`, trailing
 *   updates on SIMD WebAssembly tiles; under Node from nd = 512 on two threads
 *   sharing the matrix) + implicit QL, every eigenvalue.
 * - `lanczos`: Lanczos with full reorthogonalisation on $H \cdot v$, for the
 *   matrix-free operator (H never formed). A kernel that is numerically not positive
 * semidefinite (an eigenvalue below −(error estimate)) is reported as such,
 * with the offending eigenvalue, never clamped.
 */
import {
  choleskyFactor,
  eigvalsh,
  lanczos,
  NotPositiveDefiniteError,
  symmetricMatvec,
  type CholeskyFactor,
  type LanczosResult,
  type Matrix,
} from '@softmax-ntk/linalg';
import type { GramOperator } from '../gram/gramOperator';
import { argumentError, checkOneOf } from '@softmax-ntk/linalg';
import { checkMatrix, checkPositiveInt } from '../internal/validate';

/**
 * How {@link spectrum} computes: `"dense"` (all eigenvalues), `"lanczos"`, `"shift-invert"` (Cholesky, then Lanczos
 * on $H^{-1}$), or `"auto"`.
 */
export type SpectrumMethod = 'auto' | 'dense' | 'lanczos' | 'shift-invert';

/** Options of {@link spectrum}. */
export interface SpectrumOptions {
  /** The Gram matrix, when it is formed. */
  H?: Matrix;
  /** The matrix-free product, for sizes where H is not formed. */
  operator?: GramOperator;
  /** `auto` (default): `shift-invert` when H is given (`dense` with `full`), `lanczos` for an operator. */
  method?: SpectrumMethod;
  /** Also return every eigenvalue (dense only). */
  full?: boolean;
  /** Lanczos: relative residual tolerance (default 1e-10) and cap on matrix-vector products (linalg's default). */
  tol?: number;
  /** Lanczos: the cap on matrix-vector products (linalg's default). */
  maxIter?: number;
  /** Lanczos start-vector seed (default 0). */
  seed?: number;
}

/** What {@link spectrum} returns: $\lambda_{\min}(H)$, $\lambda_{\max}(H)$, the condition number, the method used and error estimates. */
export interface Spectrum {
  /** $\lambda_{\min}(H)$, the smallest eigenvalue. */
  lambdaMin: number;
  /** $\lambda_{\max}(H)$, the largest eigenvalue. */
  lambdaMax: number;
  /** $\lambda_{\max} / \lambda_{\min}$ (Infinity when $\lambda_{\min} \le 0$). */
  conditionNumber: number;
  /**
   * Error estimates: dense, $n u \lVert H \rVert_2$ (backward stability); Lanczos, from the Ritz residuals (shift-invert:
   * mapped through $\lambda = 1/\theta$, plus the Cholesky backward error).
   */
  errorMin: number;
  /** The error estimate of $\lambda_{\max}$ (same rules as `errorMin`). */
  errorMax: number;
  /** The method that computed the result (`auto` resolved). */
  method: 'dense' | 'lanczos' | 'shift-invert';
  /** False when $\lambda_{\min} < -\mathrm{errorMin}$: H is numerically not positive semidefinite. */
  psd: boolean;
  /** The side of H. */
  size: number;
  /** Lanczos routes: whether both extreme Ritz values met the tolerance. */
  converged: boolean;
  /** Matrix-vector products (or solves) used by Lanczos (0 for dense). */
  iterations: number;
  /** All eigenvalues ascending (dense with `full`). */
  eigenvalues?: Float64Array;
}

const EPS = 2 ** -52;

/**
 * The spectrum of an NTK Gram matrix: $\lambda_{\min}(H)$ — the $\lambda$ every bound of the paper hangs on — with
 * $\lambda_{\max}$, the condition number and an error estimate for each.
 *
 * @param options - The matrix H or its matrix-free operator, the method and its tolerances.
 *
 * @see Definition 3.6; Claim E.5
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { gram, spectrum } from '@softmax-ntk/ntk';
 *
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const s = spectrum({ H: gram({ w: problem.w, a: problem.a, x: problem.x }) });
 * console.log(s.lambdaMin.toFixed(4), s.lambdaMax.toFixed(4), s.method); // 0.1773 4.3266 shift-invert
 * ```
 */
export function spectrum(options: SpectrumOptions): Spectrum {
  const H = options.H === undefined ? undefined : checkMatrix('H', options.H);
  if (H && H.rows !== H.cols) throw argumentError('H', `expected a square matrix, got ${H.rows} × ${H.cols}`);
  if (!H && !options.operator)
    throw argumentError('H', 'missing (give `H`, the Gram matrix, or `operator`, its matrix-free product)');
  const method = checkOneOf('method', options.method, ['auto', 'dense', 'lanczos', 'shift-invert'] as const, 'auto');
  const size = H ? H.rows : (options.operator as GramOperator).size;
  if (size === 0) throw argumentError(H ? 'H' : 'operator', 'expected a matrix of size ≥ 1, got 0 × 0');
  const route = method !== 'auto' ? method : !H ? 'lanczos' : options.full ? 'dense' : 'shift-invert';
  if ((route === 'dense' || route === 'shift-invert') && !H)
    throw argumentError('H', `missing (\`method: "${route}"\` needs the matrix, not only \`operator\`)`);
  if (route === 'shift-invert') {
    const s = shiftInvert(H as Matrix, options);
    if (s) return s;
    // Cholesky failed: H is not numerically positive definite; the dense route names the eigenvalue.
  }
  if (route === 'dense' || route === 'shift-invert') return dense(H as Matrix, options.full === true);
  const operator = options.operator as GramOperator;
  const matvec = H ? symmetricMatvec({ a: H }) : (v: Float64Array, out: Float64Array) => operator.matvec(v, out);
  const r = lanczos({
    n: size,
    matvec,
    which: 'both',
    tol: options.tol ?? 1e-10,
    ...(options.maxIter !== undefined ? { maxIter: checkPositiveInt('maxIter', options.maxIter) } : {}),
    seed: options.seed ?? 0,
  });
  const lambdaMin = r.values[0] as number;
  const lambdaMax = r.values[r.values.length - 1] as number;
  const errorMin = r.errorEstimates[0] as number;
  return {
    lambdaMin,
    lambdaMax,
    conditionNumber: lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity,
    errorMin,
    errorMax: r.errorEstimates[r.errorEstimates.length - 1] as number,
    method: 'lanczos',
    psd: lambdaMin >= -errorMin,
    size,
    converged: r.converged,
    iterations: r.iterations,
  };
}

/** Every eigenvalue by Householder tridiagonalisation + implicit QL; error $n \cdot u \cdot \lVert H \rVert_2$ (backward stability). */
function dense(H: Matrix, full: boolean): Spectrum {
  const size = H.rows;
  const values = eigvalsh({ a: H });
  const lambdaMin = values[0] as number;
  const lambdaMax = values[size - 1] as number;
  const err = size * EPS * Math.max(Math.abs(lambdaMin), Math.abs(lambdaMax));
  const out: Spectrum = {
    lambdaMin,
    lambdaMax,
    conditionNumber: lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity,
    errorMin: err,
    errorMax: err,
    method: 'dense',
    psd: lambdaMin >= -err,
    size,
    converged: true,
    iterations: 0,
  };
  if (full) out.eigenvalues = values;
  return out;
}

/**
 * $\lambda_{\min} = 1/\theta_{\max}(H^{-1})$ by Lanczos on $v \mapsto L^{-\top} L^{-1} v$, $\lambda_{\max}$ by Lanczos on $v \mapsto L L^\top v$.
 * Returns undefined when the Cholesky factorisation fails (H not numerically
 * positive definite). Error of $\lambda_{\min}$: the Ritz error $\delta\theta$ maps to $\delta\theta/\theta^2$, plus
 * the Cholesky backward error (the factor is exact for $H + \delta H$ with
 * $\lVert \delta H \rVert_2 \lesssim n u \lVert H \rVert_2$, which moves $\lambda_{\min}$ and $\lambda_{\max}$ by at most that much).
 */
function shiftInvert(H: Matrix, options: SpectrumOptions): Spectrum | undefined {
  const size = H.rows;
  let factor: CholeskyFactor;
  try {
    factor = choleskyFactor({ a: H });
  } catch (err) {
    if (err instanceof NotPositiveDefiniteError) return undefined;
    throw err;
  }
  const tol = options.tol ?? 1e-10;
  const seed = options.seed ?? 0;
  const maxIter = options.maxIter !== undefined ? { maxIter: checkPositiveInt('maxIter', options.maxIter) } : {};
  let inv: LanczosResult;
  let top: LanczosResult;
  try {
    inv = lanczos({ n: size, matvec: (v, out) => factor.solve(v, out), which: 'largest', tol, seed, ...maxIter });
    // H·v as L·(Lᵀ·v): two passes over the factor's triangle in the SIMD kernels instead of one over all of H
    top = lanczos({ n: size, matvec: (v, out) => factor.product(v, out), which: 'largest', tol, seed, ...maxIter });
  } finally {
    factor.dispose();
  }
  const theta = inv.values[0] as number;
  const lambdaMin = 1 / theta;
  const lambdaMax = top.values[0] as number;
  // Both Lanczos runs see L·Lᵀ = H + δH with ‖δH‖₂ ≲ n·u·‖H‖₂, which moves each eigenvalue by at most that much.
  const backward = size * EPS * lambdaMax;
  const errorMin = (inv.errorEstimates[0] as number) / (theta * theta) + backward;
  return {
    lambdaMin,
    lambdaMax,
    conditionNumber: lambdaMax / lambdaMin,
    errorMin,
    errorMax: (top.errorEstimates[0] as number) + backward,
    method: 'shift-invert',
    psd: true,
    size,
    converged: inv.converged && top.converged,
    iterations: inv.iterations + top.iterations,
  };
}
