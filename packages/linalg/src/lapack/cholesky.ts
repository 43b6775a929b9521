/**
 * Cholesky factorisation of a symmetric positive definite float64 matrix,
 *
 *     A + jitter·I = L·Lᵀ,   L lower triangular with positive diagonal,
 *
 * blocked and right-looking (LAPACK dpotrf, lower): for each block column of
 * width NB, factor the diagonal block, solve the panel below it against the
 * block's transpose, and subtract the panel's outer product from the trailing
 * matrix with `syrk`, where ~all of the n³/3 flops are spent. Every loop
 * walks rows of the row-major array.
 *
 * Only the lower triangle of `a` is read; symmetry is not checked.
 */
import type { Matrix } from '../matrix/matrix';
import { syrk } from '../blas/syrk';

/** Thrown when a pivot of the factorisation is not positive (or is NaN). */
export class NotPositiveDefiniteError extends Error {
  override name = 'NotPositiveDefiniteError';
  constructor(
    /** Row/column index of the failing pivot (0-based). */
    readonly pivot: number,
    /** The pivot's value: the diagonal of the Schur complement at that index. */
    readonly value: number,
  ) {
    super(
      `matrix is not positive definite: pivot ${pivot} is ${value} (must be > 0)` +
        (Number.isNaN(value) ? '; the input contains NaN' : '; pass `jitter` to factor A + jitter·I'),
    );
  }
}

export interface CholeskyOptions {
  /** Symmetric positive definite n × n matrix; only its lower triangle is read. */
  a: Matrix;
  /** Add jitter·I before factoring (default 0). Reported in the result, never added silently. */
  jitter?: number;
}

export interface CholeskyResult {
  /** Lower triangular L (upper triangle zero) with L·Lᵀ = A + jitter·I. */
  l: Matrix;
  /** The jitter that was added to the diagonal. */
  jitter: number;
}

/** Block width: the diagonal block and panel rows stay in L1/L2; the trailing update is a syrk of depth NB. */
const NB = 64;

/**
 * @throws RangeError when `a` is not square or `jitter` is negative or not finite.
 * @throws NotPositiveDefiniteError naming the first pivot that is ≤ 0 or NaN.
 */
export function cholesky({ a, jitter = 0 }: CholeskyOptions): CholeskyResult {
  if (a.rows !== a.cols) throw new RangeError(`invalid argument: \`a\` must be square, got ${a.rows} × ${a.cols}`);
  if (!Number.isFinite(jitter) || jitter < 0) {
    throw new RangeError(`invalid argument: \`jitter\` must be a finite number ≥ 0, got ${jitter}`);
  }
  const n = a.rows;
  const w = new Float64Array(n * n);
  // Copy the lower triangle (with the jitter on the diagonal).
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let j = 0; j < i; j++) w[r + j] = a.data[r + j] as number;
    w[r + i] = (a.data[r + i] as number) + jitter;
  }
  choleskyInPlace(n, w);
  return { l: { rows: n, cols: n, data: w }, jitter };
}

/** Factor the lower triangle of the row-major n × n `w` in place (upper triangle must be zero). */
function choleskyInPlace(n: number, w: Float64Array): void {
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    // Form: L11·L11ᵀ = A11 (diagonal block, row-oriented Cholesky–Crout).
    for (let i = k0; i < k1; i++) {
      const ri = i * n;
      for (let j = k0; j <= i; j++) {
        const rj = j * n;
        let s = w[ri + j] as number;
        for (let p = k0; p < j; p++) s -= (w[ri + p] as number) * (w[rj + p] as number);
        if (i === j) {
          if (!(s > 0)) throw new NotPositiveDefiniteError(i, s);
          w[ri + i] = Math.sqrt(s);
        } else {
          w[ri + j] = s / (w[rj + j] as number);
        }
      }
    }
    if (k1 === n) break;
    // Form: L21 = A21·L11⁻ᵀ (each panel row by forward substitution).
    for (let i = k1; i < n; i++) {
      const ri = i * n;
      for (let j = k0; j < k1; j++) {
        const rj = j * n;
        let s = w[ri + j] as number;
        for (let p = k0; p < j; p++) s -= (w[ri + p] as number) * (w[rj + p] as number);
        w[ri + j] = s / (w[rj + j] as number);
      }
    }
    // Form: A22 ← A22 − L21·L21ᵀ (lower triangle).
    syrk('lower', 'no-transpose', n - k1, k1 - k0, -1, w, n, 1, k1 * n + k0, 1, w, n, 1, k1 * n + k1);
  }
}
