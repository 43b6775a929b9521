/**
 * Eigenvalues of a real symmetric float64 matrix, ascending, without
 * eigenvectors: Householder tridiagonalisation without accumulating the
 * transforms, then QL on the tridiagonal matrix ($(4/3) \cdot n^3 + O(n^2)$ flops).
 * Same accuracy as `eigh`: each $\lambda_i$ within a small multiple of $n \cdot u \cdot \lVert A \rVert_2$.
 *
 * Under Node (worker threads and shared WebAssembly memory), $n \ge 512$ runs the
 * reduction on two threads (./internal/tridiagonalThreads: the main thread and
 * one worker share the matrix and split each column's symmetric matrix–vector
 * product and each panel's trailing update); elsewhere, and for smaller n, on
 * one (`eigh`'s path).
 */
import type { Matrix } from '../matrix/matrix';
import { eigh } from './eigh';
import { eigvalshThreads } from './internal/tridiagonalThreads';

/** Options of {@link eigvalsh}. */
export interface EigvalshOptions {
  /** Real symmetric $n \times n$ matrix with finite entries; only the upper triangle is read. */
  a: Matrix;
}

/**
 * Eigenvalues of a real symmetric float64 matrix, ascending, without eigenvectors.
 *
 * @example
 * ```ts
 * import { eigvalsh, gramian, matrix } from '@softmax-ntk/linalg';
 *
 * // A·Aᵀ for A = [[1, 0], [0, 1], [1, 1]]: eigenvalues 0, 1 and 3
 * const A = matrix(3, 2, new Float64Array([1, 0, 0, 1, 1, 1]));
 * console.log(Array.from(eigvalsh({ a: gramian({ a: A }) }), (v) => Math.abs(v).toFixed(4)).join(' '));
 * // → 0.0000 1.0000 3.0000
 * ```
 */
export function eigvalsh({ a }: EigvalshOptions): Float64Array {
  return eigvalshThreads(a) ?? eigh({ a, vectors: false }).values;
}
