/**
 * Max-abs norm $\lVert A \rVert_{\max} = \max_{ij} \lvert a_{ij} \rvert$ of a float64 matrix (0 for an empty
 * matrix). NaN anywhere gives NaN.
 */
import type { Matrix } from '../matrix/matrix';

/** Options of {@link maxAbsNorm}. */
export interface MaxAbsNormOptions {
  /** The matrix A. */
  a: Matrix;
}

/**
 * Max-abs norm $\lVert A \rVert_{\max} = \max_{ij} \lvert a_{ij} \rvert$ of a float64 matrix (0 for an empty matrix,
 * NaN if any entry is NaN).
 *
 * @example
 * ```ts
 * import { matrix, maxAbsNorm } from '@softmax-ntk/linalg';
 *
 * // ‖A‖_max = max |a_ij|
 * console.log(maxAbsNorm({ a: matrix(2, 2, new Float64Array([1, -7, 3, 2])) })); // 7
 * ```
 */
export function maxAbsNorm({ a }: MaxAbsNormOptions): number {
  const x = a.data;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i] as number);
    if (v > m) m = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return m;
}
