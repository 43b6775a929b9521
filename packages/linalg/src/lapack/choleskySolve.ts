/**
 * Solve $A \cdot X = B$ given the Cholesky factor L of A ($A = L \cdot L^\top$, from `cholesky`):
 * forward substitution $L \cdot Y = B$, then back substitution $L^\top \cdot X = Y$ (LAPACK
 * dpotrs). Both sweeps walk rows of the row-major L; a matrix right-hand side
 * is swept a whole row of B at a time.
 */
import type { Matrix } from '../matrix/matrix';
import { argumentError } from '../validate/arguments';

/** Options of {@link choleskySolve}. */
export interface CholeskySolveOptions<B extends Float64Array | Matrix> {
  /** Lower triangular $n \times n$ factor with positive diagonal (only its lower triangle is read). */
  l: Matrix;
  /** Right-hand side: a vector of length n, or an $n \times r$ matrix of r right-hand sides. */
  b: B;
}

/** X with $A \cdot X = B$, of the same shape as `b` (a new array; `b` is not modified).
 *
 * @example
 * ```ts
 * import { cholesky, choleskySolve, matrix } from '@softmax-ntk/linalg';
 *
 * // Solve [[4, 2], [2, 5]]·x = (8, 9): x = (1.375, 1.25)
 * const { l } = cholesky({ a: matrix(2, 2, new Float64Array([4, 2, 2, 5])) });
 * console.log(Array.from(choleskySolve({ l, b: new Float64Array([8, 9]) })).join(' ')); // 1.375 1.25
 * ```
 */
export function choleskySolve<B extends Float64Array | Matrix>({ l, b }: CholeskySolveOptions<B>): B {
  if (l.rows !== l.cols) throw argumentError('l', `must be square, got ${l.rows} × ${l.cols}`);
  const n = l.rows;
  // Widened from the generic B so that `instanceof` narrows it.
  const rhs: Float64Array | Matrix = b;
  const isVec = rhs instanceof Float64Array;
  const rows = isVec ? rhs.length : rhs.rows;
  const r = isVec ? 1 : rhs.cols;
  if (rows !== n) {
    throw argumentError(
      'b',
      `must have ${n} rows to match \`l\` (${n} × ${n}), got ${isVec ? `length ${rows}` : `${rows} × ${r}`}`,
    );
  }
  const L = l.data;
  const x = (isVec ? rhs : rhs.data).slice();
  if (r === 1) {
    solveVector(n, L, x);
    return (isVec ? x : { rows: n, cols: 1, data: x }) as B;
  }
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

/**
 * One right-hand side, in place: the same two sweeps as above with the
 * column loop gone — a dot product with row i of L (forward) and an axpy
 * with row i of L (backward), both contiguous, four accumulators/lanes at a
 * time. Sums run in a different order than the r > 1 path, so results agree
 * to rounding, not bit for bit.
 */
function solveVector(n: number, L: Float64Array, x: Float64Array): void {
  // Form: L·y = b
  for (let i = 0; i < n; i++) {
    const li = i * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let p = 0;
    for (; p + 3 < i; p += 4) {
      s0 += (L[li + p] as number) * (x[p] as number);
      s1 += (L[li + p + 1] as number) * (x[p + 1] as number);
      s2 += (L[li + p + 2] as number) * (x[p + 2] as number);
      s3 += (L[li + p + 3] as number) * (x[p + 3] as number);
    }
    for (; p < i; p++) s0 += (L[li + p] as number) * (x[p] as number);
    x[i] = ((x[i] as number) - (s0 + s1 + (s2 + s3))) / (L[li + i] as number);
  }
  // Form: Lᵀ·x = y (x_i final, then eliminated from x_0..x_{i−1} with row i of L)
  for (let i = n - 1; i >= 0; i--) {
    const li = i * n;
    const xi = (x[i] as number) / (L[li + i] as number);
    x[i] = xi;
    let p = 0;
    for (; p + 3 < i; p += 4) {
      x[p] = (x[p] as number) - (L[li + p] as number) * xi;
      x[p + 1] = (x[p + 1] as number) - (L[li + p + 1] as number) * xi;
      x[p + 2] = (x[p + 2] as number) - (L[li + p + 2] as number) * xi;
      x[p + 3] = (x[p + 3] as number) - (L[li + p + 3] as number) * xi;
    }
    for (; p < i; p++) x[p] = (x[p] as number) - (L[li + p] as number) * xi;
  }
}
