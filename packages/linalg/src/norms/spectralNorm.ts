/**
 * Spectral norm $\lVert A \rVert_2 = \sigma_{\max}(A)$ of a float64 matrix, by Lanczos:
 * - symmetric A (`symmetric: true`): $\max(\lvert \lambda_{\min} \rvert, \lvert \lambda_{\max} \rvert)$, Lanczos on A;
 * - otherwise: $\sqrt{\lambda_{\max}(A^\top A)}$ (or of $A A^\top$, whichever is smaller), Lanczos on the
 *   product operator $v \mapsto A^\top (A v)$, never forming $A^\top A$.
 * A relative residual tol on $\lambda_{\max}(A^\top A)$ gives $\sigma_{\max}$ to about tol/2 relative
 * ($\lambda_{\max}$ is well separated at the top for most matrices; `errorEstimate`
 * says how well in each case).
 */
import type { Matrix } from '../matrix/matrix';
import { symmetricMatvec } from '../blas/symmetricMatvec';
import { lanczos } from '../iterative/lanczos';
import { argumentError } from '../validate/arguments';

/** Options of {@link spectralNorm}. */
export interface SpectralNormOptions {
  /** The matrix A. */
  a: Matrix;
  /** A is symmetric: use Lanczos on A itself (only its lower triangle is read). Default false. */
  symmetric?: boolean;
  /** Relative residual tolerance of the Lanczos run (default 1e-12). */
  tol?: number;
  /** Maximum matrix-vector products (default: lanczos's). */
  maxIter?: number;
  /** Seed of the Lanczos start vector (default 0). */
  seed?: number | string;
}

/** What {@link spectralNorm} returns. */
export interface SpectralNormResult {
  /** $\lVert A \rVert_2$. */
  norm: number;
  /** Estimated bound on $\lvert \mathrm{norm} - \lVert A \rVert_2 \rvert$, from the Lanczos residual. */
  errorEstimate: number;
  /** Matrix-vector products with A (two per step on $A^\top A$). */
  iterations: number;
  /** True when the Lanczos iteration met its tolerance. */
  converged: boolean;
}

/**
 * Spectral norm $\lVert A \rVert_2 = \sigma_{\max}(A)$ of a float64 matrix by Lanczos, with an error estimate.
 *
 * @example
 * ```ts
 * import { matrix, spectralNorm } from '@softmax-ntk/linalg';
 *
 * // ‖A‖₂ = σ_max(A): for [[3, 0], [4, 5]] the singular values are √45 and √5
 * const r = spectralNorm({ a: matrix(2, 2, new Float64Array([3, 0, 4, 5])) });
 * console.log(r.norm.toFixed(10), Math.sqrt(45).toFixed(10), r.converged); // 6.7082039325 6.7082039325 true
 * ```
 */
export function spectralNorm({
  a,
  symmetric = false,
  tol = 1e-12,
  maxIter,
  seed = 0,
}: SpectralNormOptions): SpectralNormResult {
  const { rows, cols, data } = a;
  if (symmetric && rows !== cols)
    throw argumentError('a', `must be square when \`symmetric\` is true, got ${rows} × ${cols}`);
  if (rows === 0 || cols === 0) return { norm: 0, errorEstimate: 0, iterations: 0, converged: true };
  if (symmetric) {
    const r = lanczos({
      n: rows,
      matvec: symmetricMatvec({ a }),
      which: rows >= 2 ? 'both' : 'largest',
      tol,
      maxIter,
      seed,
    });
    const lo = r.values[0] as number;
    const hi = r.values[r.values.length - 1] as number;
    const useLo = Math.abs(lo) > Math.abs(hi);
    return {
      norm: Math.max(Math.abs(lo), Math.abs(hi)),
      errorEstimate: useLo
        ? (r.errorEstimates[0] as number)
        : (r.errorEstimates[r.errorEstimates.length - 1] as number),
      iterations: r.iterations,
      converged: r.converged,
    };
  }
  // Work with the smaller Gram operator: AᵀA (cols × cols) or AAᵀ (rows × rows).
  const useAtA = cols <= rows;
  const n = useAtA ? cols : rows;
  const tmp = new Float64Array(useAtA ? rows : cols);
  const matvec = useAtA
    ? (v: Float64Array, out: Float64Array) => {
        // tmp = A·v; out = Aᵀ·tmp
        for (let i = 0; i < rows; i++) {
          let s = 0;
          const o = i * cols;
          for (let j = 0; j < cols; j++) s += (data[o + j] as number) * (v[j] as number);
          tmp[i] = s;
        }
        out.fill(0);
        for (let i = 0; i < rows; i++) {
          const t = tmp[i] as number;
          const o = i * cols;
          for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + (data[o + j] as number) * t;
        }
      }
    : (v: Float64Array, out: Float64Array) => {
        // tmp = Aᵀ·v; out = A·tmp
        tmp.fill(0);
        for (let i = 0; i < rows; i++) {
          const t = v[i] as number;
          const o = i * cols;
          for (let j = 0; j < cols; j++) tmp[j] = (tmp[j] as number) + (data[o + j] as number) * t;
        }
        for (let i = 0; i < rows; i++) {
          let s = 0;
          const o = i * cols;
          for (let j = 0; j < cols; j++) s += (data[o + j] as number) * (tmp[j] as number);
          out[i] = s;
        }
      };
  const r = lanczos({ n, matvec, which: 'largest', tol, maxIter, seed });
  const lam = Math.max(0, r.values[0] as number);
  const sigma = Math.sqrt(lam);
  // |√λ̂ − √λ| ≤ |λ̂ − λ| / (√λ̂ + √λ) ≈ δλ / (2σ).
  const err = sigma > 0 ? (r.errorEstimates[0] as number) / (2 * sigma) : Math.sqrt(r.errorEstimates[0] as number);
  return { norm: sigma, errorEstimate: err, iterations: 2 * r.iterations, converged: r.converged };
}
