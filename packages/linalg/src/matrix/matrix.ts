import { argumentError } from '../validate/arguments';

/**
 * A dense row-major float64 matrix: the currency of every function above the
 * strided BLAS-style kernels. Entry (i, j) is `data[i * cols + j]`.
 */
export interface Matrix {
  /** The number of rows. */
  readonly rows: number;
  /** The number of columns. */
  readonly cols: number;
  /** The entries, row-major: entry (i, j) at index $i \cdot \mathrm{cols} + j$. */
  readonly data: Float64Array;
}

/**
 * A rows × cols matrix over `data` (no copy), or zero-filled when omitted.
 *
 * @param rows - The number of rows.
 * @param cols - The number of columns.
 * @param data - $\mathrm{rows} \cdot \mathrm{cols}$ entries, row-major (used as is, not copied); default zeros.
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 *
 * // A row-major view over the data (no copy), or zeros
 * const a = matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6]));
 * console.log(a.rows, a.cols, a.data[1 * a.cols + 2], Array.from(matrix(1, 2).data).join(' ')); // 2 3 6 0 0
 * ```
 */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || rows < 0) throw argumentError('rows', `must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0) throw argumentError('cols', `must be a non-negative integer, got ${cols}`);
  const d = data ?? new Float64Array(rows * cols);
  if (d.length !== rows * cols) {
    throw argumentError('data', `must have rows·cols = ${rows * cols} entries, got ${d.length}`);
  }
  return { rows, cols, data: d };
}

/**
 * A matrix from nested arrays; every row must have the same length.
 *
 * @param rows - The rows, each an array of numbers.
 * @param name - The argument's name in error messages (default `rows`).
 *
 * @example
 * ```ts
 * import { fromRows } from '@softmax-ntk/linalg';
 *
 * // Nested arrays to a matrix; ragged rows are refused, naming the row
 * const a = fromRows([[1, 2], [3, 4]]);
 * console.log(a.rows, a.cols, Array.from(a.data).join(' ')); // 2 2 1 2 3 4
 * try {
 *   fromRows([[1, 2], [3]], 'x');
 * } catch (e) {
 *   console.log(e.message); // x: expected 2 rows of length 2, row 1 has length 1
 * }
 * ```
 */
export function fromRows(rows: ArrayLike<ArrayLike<number>>, name = 'rows'): Matrix {
  const r = rows.length;
  const c = r > 0 ? (rows[0] as ArrayLike<number>).length : 0;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i] as ArrayLike<number>;
    if (row.length !== c)
      throw new RangeError(`${name}: expected ${r} rows of length ${c}, row ${i} has length ${row.length}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j] as number;
  }
  return { rows: r, cols: c, data };
}

/**
 * Nested arrays (for JSON output).
 *
 * @param a - The matrix.
 *
 * @example
 * ```ts
 * import { matrix, toRows } from '@softmax-ntk/linalg';
 *
 * // Back to nested arrays (for JSON)
 * console.log(JSON.stringify(toRows(matrix(2, 2, new Float64Array([1, 2, 3, 4]))))); // [[1,2],[3,4]]
 * ```
 */
export function toRows(a: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/**
 * A new matrix holding $A^\top$.
 *
 * @param a - The matrix.
 *
 * @example
 * ```ts
 * import { matrix, toRows, transpose } from '@softmax-ntk/linalg';
 *
 * // A new matrix holding Aᵀ
 * console.log(JSON.stringify(toRows(transpose(matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6]))))));
 * // → [[1,4],[2,5],[3,6]]
 * ```
 */
export function transpose(a: Matrix): Matrix {
  const out = new Float64Array(a.rows * a.cols);
  const { rows, cols, data } = a;
  // Blocked, so both the reads and the writes stay within cache lines.
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = data[i * cols + j] as number;
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/**
 * The $n \times n$ identity.
 *
 * @param n - The side.
 *
 * @example
 * ```ts
 * import { identity, toRows } from '@softmax-ntk/linalg';
 *
 * console.log(JSON.stringify(toRows(identity(3)))); // [[1,0,0],[0,1,0],[0,0,1]]
 * ```
 */
export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}
