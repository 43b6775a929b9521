/**
 * Cholesky factorisation of a symmetric positive definite float64 matrix,
 *
 * $$A + \mathrm{jitter} \cdot I = L L^\top, \quad L \text{ lower triangular with positive diagonal},$$
 *
 * returned as a matrix: `choleskyFactor` (blocked dpotrf in the SIMD
 * WebAssembly kernels), L copied out, the WebAssembly memory given back.
 * For many solves with one factor, use `choleskyFactor` and its `solve`.
 *
 * Only the lower triangle of `a` is read; symmetry is not checked.
 */
import type { Matrix } from '../matrix/matrix';
import { choleskyFactor, type CholeskyOptions } from './choleskyFactor';

export { NotPositiveDefiniteError } from './choleskyFactor';
export type { CholeskyOptions } from './choleskyFactor';

/** What {@link cholesky} returns. */
export interface CholeskyResult {
  /** Lower triangular L (upper triangle zero) with $L L^\top = A + \mathrm{jitter} \cdot I$. */
  l: Matrix;
  /** The jitter that was added to the diagonal. */
  jitter: number;
}

/**
 * Cholesky factorisation $A + \mathrm{jitter} \cdot I = L L^\top$ of a symmetric positive definite float64 matrix,
 * returned as the lower-triangular matrix L.
 *
 * @param options - The symmetric positive definite matrix A and the jitter added to its diagonal.
 *
 * @throws ValidationError when `a` is not square or `jitter` is negative or not finite.
 * @throws NotPositiveDefiniteError naming the first pivot that is $\le 0$ or NaN.
 *
 * @example
 * ```ts
 * import { cholesky, matrix } from '@softmax-ntk/linalg';
 *
 * // A = L·Lᵀ with A = [[4, 2], [2, 5]]: L = [[2, 0], [1, 2]]
 * const { l } = cholesky({ a: matrix(2, 2, new Float64Array([4, 2, 2, 5])) });
 * console.log(Array.from(l.data).join(' ')); // 2 0 1 2
 * ```
 */
export function cholesky(options: CholeskyOptions): CholeskyResult {
  const f = choleskyFactor(options);
  try {
    return { l: f.factor(), jitter: f.jitter };
  } finally {
    f.dispose();
  }
}
