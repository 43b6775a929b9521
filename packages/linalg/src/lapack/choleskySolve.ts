/**
 * Solve A·X = B given the Cholesky factor L of A (A = L·Lᵀ, from `cholesky`):
 * forward substitution L·Y = B, then back substitution Lᵀ·X = Y (LAPACK
 * dpotrs). Both sweeps walk rows of the row-major L; a matrix right-hand side
 * is swept a whole row of B at a time.
 */
import type { Matrix } from '../matrix/matrix';

export interface CholeskySolveOptions<B extends Float64Array | Matrix> {
  /** Lower triangular n × n factor with positive diagonal (only its lower triangle is read). */
  l: Matrix;
  /** Right-hand side: a vector of length n, or an n × r matrix of r right-hand sides. */
  b: B;
}

/** X with A·X = B, of the same shape as `b` (a new array; `b` is not modified). */
export function choleskySolve<B extends Float64Array | Matrix>({ l, b }: CholeskySolveOptions<B>): B {
  if (l.rows !== l.cols) throw new RangeError(`invalid argument: \`l\` must be square, got ${l.rows} × ${l.cols}`);
  const n = l.rows;
  const isVec = b instanceof Float64Array;
  const rows = isVec ? b.length : (b as Matrix).rows;
  const r = isVec ? 1 : (b as Matrix).cols;
  if (rows !== n) {
    throw new RangeError(
      `invalid argument: \`b\` must have ${n} rows to match \`l\` (${n} × ${n}), got ${isVec ? `length ${rows}` : `${rows} × ${r}`}`,
    );
  }
  const L = l.data;
  const x = (isVec ? b : (b as Matrix).data).slice();
  // Form: L·Y = B (row i of Y from rows 0..i−1).
  for (let i = 0; i < n; i++) {
    const li = i * n;
    const xi = i * r;
    for (let p = 0; p < i; p++) {
      const f = L[li + p] as number;
      const xp = p * r;
      for (let c = 0; c < r; c++) x[xi + c] = (x[xi + c] as number) - f * (x[xp + c] as number);
    }
    const d = 1 / (L[li + i] as number);
    for (let c = 0; c < r; c++) x[xi + c] = (x[xi + c] as number) * d;
  }
  // Form: Lᵀ·X = Y (column-oriented: once X's row i is final, eliminate it from rows 0..i−1 using row i of L).
  for (let i = n - 1; i >= 0; i--) {
    const li = i * n;
    const xi = i * r;
    const d = 1 / (L[li + i] as number);
    for (let c = 0; c < r; c++) x[xi + c] = (x[xi + c] as number) * d;
    for (let p = 0; p < i; p++) {
      const f = L[li + p] as number;
      const xp = p * r;
      for (let c = 0; c < r; c++) x[xp + c] = (x[xp + c] as number) - f * (x[xi + c] as number);
    }
  }
  return (isVec ? x : { rows: n, cols: r, data: x }) as B;
}
