/**
 * The Gram matrix of the rows (or columns) of a row-major float64 matrix,
 * returned in full: `α·A·Aᵀ` (default) or `α·Aᵀ·A` (`trans: true`). The
 * shaped front of the strided `syrk` kernel: the lower triangle is computed,
 * then mirrored, so the result is exactly symmetric.
 *
 * This is the hot path of the NTK Gram matrix $H = m (G G^\top) \odot (\dots)$ with G of
 * size $nd \times m$.
 */
import type { Matrix } from '../matrix/matrix';
import { syrk } from './syrk';
import { argumentError } from '../validate/arguments';

/** Options of {@link gramian}. */
export interface GramianOptions {
  /** The matrix A, rows × cols. */
  a: Matrix;
  /** Return $\alpha A^\top A$ (cols × cols) in place of $\alpha A A^\top$ (rows × rows). */
  trans?: boolean;
  /** Scale $\alpha$ (default 1). */
  alpha?: number;
}

/**
 * The Gram matrix $\alpha A A^\top$ (or $\alpha A^\top A$ with `trans`) of a row-major float64 matrix, exactly
 * symmetric: the shaped front of `syrk`.
 *
 * @example
 * ```ts
 * import { gramian, matrix } from '@softmax-ntk/linalg';
 *
 * // α·A·Aᵀ, exactly symmetric: rows (1, 2) and (3, 4) give [[5, 11], [11, 25]]
 * const H = gramian({ a: matrix(2, 2, new Float64Array([1, 2, 3, 4])) });
 * console.log(Array.from(H.data).join(' ')); // 5 11 11 25
 * ```
 */
export function gramian({ a, trans = false, alpha = 1 }: GramianOptions): Matrix {
  if (typeof alpha !== 'number') throw argumentError('alpha', `must be a number, got ${String(alpha)}`);
  const n = trans ? a.cols : a.rows;
  const k = trans ? a.rows : a.cols;
  const c = new Float64Array(n * n);
  syrk('lower', trans ? 'transpose' : 'no-transpose', n, k, alpha, a.data, a.cols, 1, 0, 0, c, n, 1, 0);
  mirrorLower(n, c);
  return { rows: n, cols: n, data: c };
}

/** Copy the strict lower triangle of the row-major $n \times n$ `c` onto its upper triangle (blocked). */
function mirrorLower(n: number, c: Float64Array): void {
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 <= i0; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const jEnd = Math.min(i, j1);
        for (let j = j0; j < jEnd; j++) c[j * n + i] = c[i * n + j] as number;
      }
    }
  }
}
