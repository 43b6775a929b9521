/**
 * Matrix product of row-major float64 matrices: `C = op(A) · op(B)`, the
 * shaped front of the strided `gemm` kernel.
 */
import type { Matrix } from '../matrix/matrix';
import { gemm } from './gemm';
import { argumentError } from '../validate/arguments';

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** The left factor A ($A^\top$ with `transA`). */
  a: Matrix;
  /** The right factor B ($B^\top$ with `transB`). */
  b: Matrix;
  /** Use $A^\top$ in place of A. */
  transA?: boolean;
  /** Use $B^\top$ in place of B. */
  transB?: boolean;
  /** Scale $\alpha$ of the product (default 1). */
  alpha?: number;
}

/**
 * Matrix product $C = \alpha \operatorname{op}(A) \operatorname{op}(B)$ of row-major float64 matrices: the shaped front
 * of `gemm`.
 *
 * @example
 * ```ts
 * import { fromRows, matmul, toRows } from '@softmax-ntk/linalg';
 *
 * const c = matmul({ a: fromRows([[1, 2], [3, 4]]), b: fromRows([[5], [6]]) });
 * console.log(c.rows, c.cols, toRows(c).join(' ')); // 2 1 17 39
 * ```
 */
export function matmul({ a, b, transA = false, transB = false, alpha = 1 }: MatmulOptions): Matrix {
  const M = transA ? a.cols : a.rows;
  const K = transA ? a.rows : a.cols;
  const Kb = transB ? b.cols : b.rows;
  const N = transB ? b.rows : b.cols;
  if (K !== Kb) {
    throw argumentError('b', `inner dimensions differ: op(a) is ${M} × ${K}, op(b) is ${Kb} × ${N}`);
  }
  const c = new Float64Array(M * N);
  gemm(
    transA ? 'transpose' : 'no-transpose',
    transB ? 'transpose' : 'no-transpose',
    M,
    N,
    K,
    alpha,
    a.data,
    a.cols,
    1,
    0,
    b.data,
    b.cols,
    1,
    0,
    0,
    c,
    N,
    1,
    0,
  );
  return { rows: M, cols: N, data: c };
}
