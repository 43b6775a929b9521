/**
 * The spectrum of an NTK Gram matrix: λ_min(H) — the λ on which every bound
 * of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024)
 * hangs (Theorem 4.2: m = Ω(λ⁻²…), η = 0.1λ/(…), Claim E.5: λ_min(H(τ)) ≥ λ/2)
 * — together with λ_max, the condition number, and an error estimate for each.
 *
 * Dense (Householder tridiagonalisation + implicit QL, float64) when H is
 * given and not too large; Lanczos with full reorthogonalisation on the
 * matrix-free product otherwise. A kernel that is numerically not positive
 * semidefinite (an eigenvalue below −(error estimate)) is reported as such,
 * with the offending eigenvalue, never clamped.
 */
import { eigvalsh, lanczos, symmetricMatvec, type Matrix } from '@softmax-ntk/linalg';
import type { GramOperator } from '../gram/gramOperator';
import { checkMatrix, checkPositiveInt } from '../internal/validate';

export type SpectrumMethod = 'auto' | 'dense' | 'lanczos';

export interface SpectrumOptions {
  /** The Gram matrix, when it is formed. */
  H?: Matrix;
  /** The matrix-free product, for sizes where H is not formed. */
  operator?: GramOperator;
  /** `auto` (default): dense when H is given and its side is at most `denseLimit`, else Lanczos. */
  method?: SpectrumMethod;
  /** Largest side for the dense solver under `auto` (default 4096). */
  denseLimit?: number;
  /** Also return every eigenvalue (dense only). */
  full?: boolean;
  /** Lanczos: relative residual tolerance (default 1e-10) and cap on matrix-vector products (linalg's default). */
  tol?: number;
  maxIter?: number;
  /** Lanczos start-vector seed (default 0). */
  seed?: number;
}

export interface Spectrum {
  lambdaMin: number;
  lambdaMax: number;
  /** λ_max / λ_min (Infinity when λ_min ≤ 0). */
  conditionNumber: number;
  /** Error estimates: dense, n·u·‖H‖₂ (backward stability); Lanczos, the Ritz residual norm. */
  errorMin: number;
  errorMax: number;
  method: 'dense' | 'lanczos';
  /** False when λ_min < −errorMin: H is numerically not positive semidefinite. */
  psd: boolean;
  /** The side of H. */
  size: number;
  /** Lanczos: whether both extreme Ritz values met the tolerance. */
  converged: boolean;
  /** Lanczos iterations used (0 for dense). */
  iterations: number;
  /** All eigenvalues ascending (dense with `full`). */
  eigenvalues?: Float64Array;
}

const EPS = 2 ** -52;

export function spectrum(options: SpectrumOptions): Spectrum {
  const H = options.H === undefined ? undefined : checkMatrix('H', options.H);
  if (H && H.rows !== H.cols) throw new RangeError(`invalid argument: \`H\` must be square, got ${H.rows} × ${H.cols}`);
  if (!H && !options.operator) throw new TypeError('invalid argument: give `H` (the Gram matrix) or `operator` (its matrix-free product)');
  const method = options.method ?? 'auto';
  if (!['auto', 'dense', 'lanczos'].includes(method)) {
    throw new RangeError(`invalid argument: \`method\` must be one of auto, dense, lanczos, got ${JSON.stringify(method)}`);
  }
  const denseLimit = checkPositiveInt('denseLimit', options.denseLimit ?? 4096);
  const size = H ? H.rows : (options.operator as GramOperator).size;
  const useDense = method === 'dense' || (method === 'auto' && H !== undefined && size <= denseLimit);
  if (useDense && !H) throw new TypeError('invalid argument: `method: "dense"` needs `H`');
  if (size === 0) throw new RangeError('invalid argument: the matrix is empty (0 × 0)');

  if (useDense) {
    const values = eigvalsh({ a: H as Matrix });
    const lambdaMin = values[0] as number;
    const lambdaMax = values[values.length - 1] as number;
    const norm = Math.max(Math.abs(lambdaMin), Math.abs(lambdaMax));
    const err = size * EPS * norm;
    const out: Spectrum = {
      lambdaMin, lambdaMax,
      conditionNumber: lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity,
      errorMin: err, errorMax: err, method: 'dense', psd: lambdaMin >= -err, size, converged: true, iterations: 0,
    };
    if (options.full) out.eigenvalues = values;
    return out;
  }
  const matvec = H ? symmetricMatvec({ a: H }) : (options.operator as GramOperator).matvec;
  const r = lanczos({
    n: size, matvec, which: 'both',
    tol: options.tol ?? 1e-10,
    ...(options.maxIter !== undefined ? { maxIter: checkPositiveInt('maxIter', options.maxIter) } : {}),
    seed: options.seed ?? 0,
  });
  const lambdaMin = r.values[0] as number;
  const lambdaMax = r.values[r.values.length - 1] as number;
  const errorMin = r.errorEstimates[0] as number;
  return {
    lambdaMin, lambdaMax,
    conditionNumber: lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity,
    errorMin, errorMax: r.errorEstimates[r.errorEstimates.length - 1] as number, method: 'lanczos',
    psd: lambdaMin >= -errorMin, size, converged: r.converged, iterations: r.iterations,
  };
}
