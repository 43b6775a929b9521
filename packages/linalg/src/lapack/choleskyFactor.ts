/**
 * Cholesky factorisation of a symmetric positive definite float64 matrix that
 * stays in WebAssembly memory for repeated solves,
 *
 * $$A + \mathrm{jitter} \cdot I = L L^\top, \quad L \text{ lower triangular with positive diagonal},$$
 *
 * blocked and right-looking (LAPACK dpotrf, lower) in the SIMD kernels of
 * assembly/f64.ts: per block column of width NB, the diagonal block, the
 * panel below it, then the trailing update $A_{22} \mathrel{-}= L_{21} L_{21}^\top$, where ~all $n^3/3$
 * flops go (a $4 \times 2$ register-blocked f64x2 kernel). `solve` is the pair of
 * triangular solves (dpotrs) on the factor in place, with no copy of L; this
 * is what shift-invert Lanczos and kernel regression call many times.
 *
 * Only the lower triangle of `a` is read; symmetry is not checked.
 */
import type { Matrix } from '../matrix/matrix';
import { acquireKernels, f64View, KERNELS_BASE, releaseKernels, type Kernels64 } from '../wasm/kernels';
import { argumentError } from '../validate/arguments';

/**
 * Thrown when a pivot of the factorisation is not positive (or is NaN).
 *
 * @example
 * ```ts
 * import { NotPositiveDefiniteError, choleskyFactor, matrix } from '@softmax-ntk/linalg';
 *
 * // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 4 = −3
 * try {
 *   choleskyFactor({ a: matrix(2, 2, new Float64Array([1, 2, 2, 1])) });
 * } catch (e) {
 *   console.log(e instanceof NotPositiveDefiniteError, e.message);
 *   // → true matrix is not positive definite: pivot 1 is -3 (must be > 0); pass `jitter` to factor A + jitter·I
 * }
 * ```
 */
export class NotPositiveDefiniteError extends Error {
  /** The class name that messages and `error.name` show. */
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

/** Options of {@link cholesky}. */
export interface CholeskyOptions {
  /** Symmetric positive definite $n \times n$ matrix; only its lower triangle is read. */
  a: Matrix;
  /** Add $\mathrm{jitter} \cdot I$ before factoring (default 0). Reported in the result, never added silently. */
  jitter?: number;
}

/**
 * A Cholesky factor held in WebAssembly memory, as {@link choleskyFactor} returns it: solve with it, copy L out,
 * then dispose of it.
 */
export interface CholeskyFactor {
  /** The side of A. */
  readonly n: number;
  /** The jitter that was added to the diagonal. */
  readonly jitter: number;
  /**
   * x with $(A + \mathrm{jitter} \cdot I) \cdot x = b$: forward then back substitution on the stored L. Writes `out` if given (it may be `b`), else a new array.
   *
   * @param b - The right-hand side, length n.
   * @param out - Where to write x (may be `b`); default a new array.
   */
  solve(b: Float64Array, out?: Float64Array): Float64Array;
  /**
   * $y = L (L^\top b) = (A + \mathrm{jitter} \cdot I) \, b$ up to the factorisation's backward error ($\lVert \delta A \rVert \lesssim n u \lVert A \rVert$): the product
   * with A from the factor alone, two passes over L's triangle instead of one over all of A. Writes `out`
   * if given (it may be `b`), else a new array.
   *
   * @param b - The vector to multiply, length n.
   * @param out - Where to write y (may be `b`); default a new array.
   */
  product(b: Float64Array, out?: Float64Array): Float64Array;
  /** L as a new row-major matrix (upper triangle zero). */
  factor(): Matrix;
  /** Gives the WebAssembly memory back for the next factorisation; the factor is unusable afterwards. */
  dispose(): void;
}

/** Block width: the trailing update's depth; 48–128 measured within 3 % of each other at n = 2048. */
const NB = 64;

/** Validates the options (names the argument) and returns n and the jitter. */
function checkCholesky({ a, jitter = 0 }: CholeskyOptions): { n: number; jitter: number } {
  if (a.rows !== a.cols) throw argumentError('a', `must be square, got ${a.rows} × ${a.cols}`);
  if (!Number.isFinite(jitter) || jitter < 0) {
    throw argumentError('jitter', `must be a finite number ≥ 0, got ${jitter}`);
  }
  return { n: a.rows, jitter };
}

/**
 * Cholesky factorisation $A + \mathrm{jitter} \cdot I = L L^\top$ kept in WebAssembly memory, for repeated solves with
 * one factor (`solve`, `factor`, `dispose`).
 *
 * @param options - The symmetric positive definite matrix A and the jitter added to its diagonal.
 *
 * @throws ValidationError when `a` is not square or `jitter` is negative or not finite; RangeError when the factor
 *   does not fit in WebAssembly's 4 GiB (n above ~23,000).
 * @throws NotPositiveDefiniteError naming the first pivot that is $\le 0$ or NaN.
 *
 * @example
 * ```ts
 * import { choleskyFactor, matrix } from '@softmax-ntk/linalg';
 *
 * // Factor once, solve many: A = [[4, 2], [2, 5]], A·x = (8, 12) has x = (1, 2)
 * const f = choleskyFactor({ a: matrix(2, 2, new Float64Array([4, 2, 2, 5])) });
 * const x = f.solve(new Float64Array([8, 12]));
 * console.log(Array.from(x).join(' '), Array.from(f.product(x)).join(' ')); // 1 2 8 12
 * f.dispose();
 * ```
 */
export function choleskyFactor(options: CholeskyOptions): CholeskyFactor {
  const { n, jitter } = checkCholesky(options);
  const a = options.a.data;
  // Layout: L (n² float64s), the packed panel (n·NB), one vector and one scratch vector (n each).
  const lAt = KERNELS_BASE;
  const packAt = lAt + 8 * n * n;
  const xAt = packAt + 8 * n * NB;
  const tAt = xAt + 8 * n;
  let k: Kernels64 | undefined = acquireKernels(
    'f64',
    8 * (n * n + n * NB + 2 * n),
    `the Cholesky factor of a ${n} × ${n} matrix`,
  );
  try {
    // Form: lower triangle of A + jitter·I (the upper triangle of the buffer is never read)
    const w = f64View(k, lAt, n * n);
    for (let i = 0; i < n; i++) {
      const r = i * n;
      w.set(a.subarray(r, r + i + 1), r);
      w[r + i] = (a[r + i] as number) + jitter;
    }
    const pivot = k.potrf(lAt, n, NB, packAt);
    if (pivot >= 0) throw new NotPositiveDefiniteError(pivot, w[pivot * n + pivot] as number);
  } catch (err) {
    releaseKernels('f64', k);
    throw err;
  }
  const live = (): Kernels64 => {
    if (!k) throw new Error('CholeskyFactor: used after dispose()');
    return k;
  };
  /** Copies b in, runs `kernel` on it, copies the vector out (to `out` or a new array). */
  const onVector = (b: Float64Array, out: Float64Array | undefined, kernel: (kk: Kernels64) => void): Float64Array => {
    if (b.length !== n) throw argumentError('b', `must have length ${n} to match the factor, got ${b.length}`);
    if (out && out.length !== n) throw argumentError('out', `must have length ${n}, got ${out.length}`);
    const kk = live();
    const x = f64View(kk, xAt, n);
    x.set(b);
    kernel(kk);
    const result = out ?? new Float64Array(n);
    result.set(x);
    return result;
  };
  return {
    n,
    jitter,
    solve: (b, out) =>
      onVector(b, out, (kk) => {
        kk.trsvLower(lAt, n, xAt);
        kk.trsvLowerTrans(lAt, n, xAt);
      }),
    product: (b, out) => onVector(b, out, (kk) => kk.lltMul(lAt, n, xAt, tAt)),
    factor() {
      const w = f64View(live(), lAt, n * n);
      const l = new Float64Array(n * n);
      for (let i = 0; i < n; i++) l.set(w.subarray(i * n, i * n + i + 1), i * n);
      return { rows: n, cols: n, data: l };
    },
    dispose() {
      if (k) releaseKernels('f64', k);
      k = undefined;
    },
  };
}
