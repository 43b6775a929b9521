/**
 * Symmetric matrix-vector product on strided Float64Array operands (BLAS
 * level 2, in the calling convention of stdlib's `blas/base/dsymv` ndarray
 * form):
 *
 * $$y = \alpha A x + \beta y, \quad A \text{ symmetric } N \times N,$$
 *
 * reading only the `uplo` triangle of A: each stored entry is loaded once and
 * used twice (for $y_i$ and $y_j$), which halves the memory traffic of a dense
 * matrix-vector product — the bound that matters for the Krylov methods.
 * No validation below this line.
 */
import type { Uplo } from './syrk';

/**
 * Symmetric matrix-vector product $y = \alpha A x + \beta y$ on strided Float64Array operands, reading one triangle of A (BLAS
 * level 2).
 *
 * @param uplo - The triangle of A that is read: `lower` or `upper`.
 * @param N - The side of A.
 * @param alpha - The scalar $\alpha$.
 * @param A - The array holding A (only its `uplo` triangle is read).
 * @param strideA1 - Step in `A` between rows of A.
 * @param strideA2 - Step in `A` between columns of A.
 * @param offsetA - Index of A[0, 0] in `A`.
 * @param x - The array holding x.
 * @param strideX - Step in `x` between entries.
 * @param offsetX - Index of x[0] in `x`.
 * @param beta - The scalar $\beta$ (0: the input y is not read).
 * @param y - The array holding y, overwritten by the result.
 * @param strideY - Step in `y` between entries.
 * @param offsetY - Index of y[0] in `y`.
 *
 * @example
 * ```ts
 * import { symv } from '@softmax-ntk/linalg';
 *
 * // y = α·A·x + β·y reading A's lower triangle: A = [[2, ·], [1, 3]], x = (1, 1), y = 10·y₀ + A·x
 * const A = new Float64Array([2, NaN, 1, 3]);
 * const y = new Float64Array([1, 1]);
 * symv('lower', 2, 1, A, 2, 1, 0, new Float64Array([1, 1]), 1, 0, 10, y, 1, 0);
 * console.log(Array.from(y).join(' ')); // 13 14
 * ```
 */
export function symv(
  uplo: Uplo,
  N: number,
  alpha: number,
  A: Float64Array,
  strideA1: number,
  strideA2: number,
  offsetA: number,
  x: Float64Array,
  strideX: number,
  offsetX: number,
  beta: number,
  y: Float64Array,
  strideY: number,
  offsetY: number,
): void {
  // Form: y = β·y
  if (beta !== 1) {
    for (let i = 0; i < N; i++) {
      const q = offsetY + i * strideY;
      y[q] = beta === 0 ? 0 : beta * (y[q] as number);
    }
  }
  if (alpha === 0 || N === 0) return;
  const lower = uplo === 'lower';
  // Form: y += α·A·x from the triangle, by rows of the stored triangle:
  // row i holds A[i][j] for j < i (lower) or j > i (upper), plus the diagonal.
  for (let i = 0; i < N; i++) {
    const ri = offsetA + i * strideA1;
    const xi = x[offsetX + i * strideX] as number;
    const axi = alpha * xi;
    // acc = Σ_j A[i][j]·x[j] over the stored row (diagonal included); y[j] += A[i][j]·α·x[i] off the diagonal.
    let acc = (A[ri + i * strideA2] as number) * xi;
    const j0 = lower ? 0 : i + 1;
    const j1 = lower ? i : N;
    if (strideA2 === 1 && strideX === 1 && strideY === 1) {
      for (let j = j0; j < j1; j++) {
        const aij = A[ri + j] as number;
        acc += aij * (x[offsetX + j] as number);
        y[offsetY + j] = (y[offsetY + j] as number) + aij * axi;
      }
    } else {
      for (let j = j0; j < j1; j++) {
        const aij = A[ri + j * strideA2] as number;
        acc += aij * (x[offsetX + j * strideX] as number);
        const qy = offsetY + j * strideY;
        y[qy] = (y[qy] as number) + aij * axi;
      }
    }
    const qi = offsetY + i * strideY;
    y[qi] = (y[qi] as number) + alpha * acc;
  }
}
