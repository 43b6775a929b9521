/**
 * Frobenius norm $\lVert A \rVert_F = (\sum_{ij} a_{ij}^2)^{1/2}$ of a float64 matrix, accumulated
 * with a running scale (LAPACK dlassq), so it neither overflows for entries
 * near 1e308 nor underflows for entries near 1e-308. NaN in, NaN out.
 */
import type { Matrix } from '../matrix/matrix';

/** Options of {@link frobeniusNorm}. */
export interface FrobeniusNormOptions {
  /** The matrix A. */
  a: Matrix;
}

/**
 * Frobenius norm $\lVert A \rVert_F$ of a float64 matrix, accumulated with a running scale so that it neither overflows
 * nor underflows.
 *
 * @example
 * ```ts
 * import { frobeniusNorm, matrix } from '@softmax-ntk/linalg';
 *
 * // ‖A‖_F = √(Σ a_ij²), without overflow even when a_ij² would overflow
 * const norm = (...v) => frobeniusNorm({ a: matrix(1, v.length, new Float64Array(v)) });
 * console.log(norm(3, 4), norm(3e200, 4e200).toPrecision(6)); // 5 5.00000e+200
 * ```
 */
export function frobeniusNorm({ a }: FrobeniusNormOptions): number {
  const x = a.data;
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v !== 0) {
      const av = Math.abs(v);
      if (Number.isNaN(av)) return NaN;
      if (scale < av) {
        ssq = 1 + ssq * (scale / av) ** 2;
        scale = av;
      } else {
        ssq += (av / scale) ** 2;
      }
    }
  }
  return scale === Infinity ? Infinity : scale * Math.sqrt(ssq);
}
