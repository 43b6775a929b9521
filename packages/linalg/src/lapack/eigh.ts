/**
 * Full eigendecomposition of a real symmetric float64 matrix,
 *
 * $$A = V \operatorname{diag}(\lambda) V^\top, \quad \lambda_1 \le \lambda_2 \le \dots \le \lambda_n, \quad V^\top V = I,$$
 *
 * by blocked Householder tridiagonalisation $T = Q^\top \cdot A \cdot Q$ (LAPACK dsytrd, the
 * trailing rank-2nb updates on SIMD WebAssembly tiles), then with vectors divide and conquer on T
 * (LAPACK dstedc: Cuppen's rank-one splits, deflation, the secular equation per root, eigenvectors by
 * Gu and Eisenstat's recomputed z, the merge products on the SIMD kernel; ./internal/stedc) for $n > 32$, the
 * implicit-shift QL iteration with its plane rotations applied by a SIMD kernel for $n \le 32$, and the
 * blocked back-transformation $V = Q \cdot Z$ (./internal/eighWasm); without vectors QL on T. With vectors from
 * $n \ge 512$ under Node the reduction and every large product run on two threads (./internal/tridiagonalThreads;
 * `SOFTMAX_NTK_THREADS=1` keeps one). Cost:
 * $(4/3) n^3$ flops for values only, about $(4/3 + 2 + 4/3) n^3$ with vectors (the last term less the
 * deflated part of the merges). Backward stable:
 * each computed $\lambda_i$ is within a small multiple of $n \cdot u \cdot \lVert A \rVert_2$ of an exact
 * eigenvalue, and $V$ is orthogonal to a small multiple of $n \cdot u$. Matrices too large for WebAssembly's 4 GiB
 * run the QL route from n > 10,312 with vectors, and the unblocked EISPACK tred2/tql2 in JavaScript for
 * n > 13,300 with vectors, n > 23,088 without.
 *
 * Only the upper triangle of `a` is read (equivalently the lower, for a
 * symmetric input); symmetry is not checked.
 */
import type { Matrix } from '../matrix/matrix';
import { eighFitsWasm, eighWasm } from './internal/eighWasm';
import { tql2, tred2 } from './internal/tridiagonal';
import { argumentError } from '../validate/arguments';

/** Options of {@link eigh}. */
export interface EighOptions {
  /** Real symmetric $n \times n$ matrix with finite entries. */
  a: Matrix;
  /** Also compute the eigenvectors (default true). */
  vectors?: boolean;
}

/** What {@link eigh} returns. */
export interface EighResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** $n \times n$ orthogonal matrix whose column j is a unit eigenvector of `values[j]` (when `vectors`). */
  vectors?: Matrix;
}

/**
 * Full eigendecomposition $A = V \operatorname{diag}(\lambda) V^\top$ of a real symmetric float64 matrix, eigenvalues
 * ascending (Householder tridiagonalisation, then divide and conquer for the eigenvectors).
 *
 * @throws ValidationError when `a` is not square or has a non-finite entry (named by index).
 * @throws EigenConvergenceError if the QL iteration stalls (not seen in practice).
 *
 * @example
 * ```ts
 * import { eigh, matrix } from '@softmax-ntk/linalg';
 *
 * // A = V·diag(λ)·Vᵀ: [[2, 1], [1, 2]] has λ = 1, 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2
 * const { values, vectors } = eigh({ a: matrix(2, 2, new Float64Array([2, 1, 1, 2])) });
 * console.log(Array.from(values, (v) => v.toFixed(12)).join(' '), Math.abs(vectors.data[0] * Math.SQRT2).toFixed(12));
 * // → 1.000000000000 3.000000000000 1.000000000000
 * ```
 */
export function eigh({ a, vectors = true }: EighOptions): EighResult {
  const n = a.rows;
  if (n > 0 && eighFitsWasm(n, vectors)) {
    checkSymmetricInput(a);
    const { values, v } = eighWasm(a.data, n, vectors);
    if (v === undefined) return { values };
    return { values, vectors: { rows: n, cols: n, data: v } };
  }
  const w = symmetricWorkspace(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(n, w, d, e, vectors);
  tql2(n, d, e, vectors ? w : null);
  if (!vectors) return { values: d };
  // Row j of w is the eigenvector of d[j]: transpose so that it is column j.
  return { values: d, vectors: { rows: n, cols: n, data: transposeSquare(w, n) } };
}

/** The transpose of the row-major $n \times n$ `w`, in $32 \times 32$ blocks. */
function transposeSquare(w: Float64Array, n: number): Float64Array {
  const v = new Float64Array(n * n);
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    for (let j0 = 0; j0 < n; j0 += B) {
      const i1 = Math.min(n, i0 + B);
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) v[j * n + i] = w[i * n + j] as number;
    }
  }
  return v;
}

/** Validate `a` (square, finite upper triangle) and return a copy to work in. */
export function symmetricWorkspace(a: Matrix): Float64Array {
  checkSymmetricInput(a);
  return a.data.slice();
}

/** @throws ValidationError when `a` is not square or its upper triangle has a non-finite entry (named by index). */
function checkSymmetricInput(a: Matrix): void {
  if (a.rows !== a.cols) throw argumentError('a', `must be square, got ${a.rows} × ${a.cols}`);
  const n = a.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = a.data[i * n + j] as number;
      if (!Number.isFinite(x)) throw argumentError('a', `must have finite entries, got ${x} at (${i}, ${j})`);
    }
  }
}
