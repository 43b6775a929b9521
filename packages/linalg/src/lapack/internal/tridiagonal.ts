/**
 * The two halves of the dense symmetric eigensolver, ported from JAMA's
 * `EigenvalueDecomposition` (public domain), itself from the EISPACK routines
 * tred2 and tql2 (Bowdler, Martin, Reinsch & Wilkinson, Handbook for Automatic
 * Computation II, 1971):
 *
 * - `tred2`: Householder reduction of a symmetric matrix to tridiagonal form
 *   T = Qᵀ·A·Q, optionally accumulating Q;
 * - `tql2`: the implicit-shift QL algorithm on T, optionally applying the
 *   rotations to Q, then sorting ascending.
 *
 * Storage: JAMA's V[k][j] lives at `w[j·n + k]` (row-major Vᵀ). Every inner
 * loop of JAMA runs over k, so here every inner loop walks a row of `w`; and
 * since A is symmetric, the input needs no transposition. On return from
 * `tql2`, row j of `w` is the eigenvector of `d[j]`.
 */

/** √(a² + b²) without destructive overflow or underflow. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const t = y / x;
    return x * Math.sqrt(1 + t * t);
  }
  if (y === 0) return 0;
  const t = x / y;
  return y * Math.sqrt(1 + t * t);
}

/**
 * Reduce the symmetric n × n `w` to tridiagonal form: on return `d` is the
 * diagonal and `e[1..n−1]` the subdiagonal (`e[0] = 0`). With `vectors`, `w`
 * holds Qᵀ (row j of `w` is column j of Q); without, `w` is left as scratch and
 * the (4/3)·n³-flop accumulation of Q is skipped.
 */
export function tred2(n: number, w: Float64Array, d: Float64Array, e: Float64Array, vectors: boolean): void {
  if (n === 0) return;
  const last = n - 1;
  for (let j = 0; j < n; j++) d[j] = w[j * n + last] as number;
  for (let i = n - 1; i > 0; i--) {
    // Scale to avoid under/overflow.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1] as number;
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      // Generate the Householder vector u = d[0..i−1] (scaled), with H = I − u·uᵀ/h.
      for (let k = 0; k < i; k++) {
        const dk = (d[k] as number) / scale;
        d[k] = dk;
        h += dk * dk;
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // Form: p = A·u on the leading i × i block (one pass over its triangle, rows j, columns k ≥ j).
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        f = d[j] as number;
        if (vectors) w[i * n + j] = f;
        g = (e[j] as number) + (w[rj + j] as number) * f;
        for (let k = j + 1; k < i; k++) {
          const v = w[rj + k] as number;
          g += v * (d[k] as number);
          e[k] = (e[k] as number) + v * f;
        }
        e[j] = g;
      }
      // Form: q = p/h − (uᵀp / 2h²)·u.
      f = 0;
      for (let j = 0; j < i; j++) {
        const ej = (e[j] as number) / h;
        e[j] = ej;
        f += ej * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      // Form: A ← A − u·qᵀ − q·uᵀ (rank-2 update of the triangle), then load the next row.
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        f = d[j] as number;
        g = e[j] as number;
        for (let k = j; k < i; k++) w[rj + k] = (w[rj + k] as number) - (f * (e[k] as number) + g * (d[k] as number));
        d[j] = w[rj + i - 1] as number;
        w[rj + i] = 0;
      }
    }
    d[i] = h;
  }

  if (!vectors) {
    // Diagonal of T: the diagonal of the reduced matrix.
    for (let j = 0; j < n; j++) d[j] = w[j * n + j] as number;
    e[0] = 0;
    return;
  }
  // Accumulate transformations: Q = H_{n−1}·…·H_1, stored as Qᵀ.
  for (let i = 0; i < n - 1; i++) {
    const ri = i * n;
    const ri1 = (i + 1) * n;
    w[ri + last] = w[ri + i] as number;
    w[ri + i] = 1;
    const h = d[i + 1] as number;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (w[ri1 + k] as number) / h;
      for (let j = 0; j <= i; j++) {
        const rj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += (w[ri1 + k] as number) * (w[rj + k] as number);
        for (let k = 0; k <= i; k++) w[rj + k] = (w[rj + k] as number) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) w[ri1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + last] as number;
    w[j * n + last] = 0;
  }
  w[last * n + last] = 1;
  e[0] = 0;
}

/**
 * Thrown when the QL iteration for one eigenvalue exceeds its iteration budget.
 *
 * @example
 * ```ts
 * import { EigenConvergenceError, eigh, matrix } from '@softmax-ntk/linalg';
 *
 * // The QL iteration's give-up error (not seen in practice); a symmetric matrix converges
 * const { values } = eigh({ a: matrix(2, 2, new Float64Array([0, 1, 1, 0])), vectors: false });
 * console.log(Array.from(values, (v) => v.toFixed(12)).join(' '), new EigenConvergenceError('stalled').name);
 * // → -1.000000000000 1.000000000000 EigenConvergenceError
 * ```
 */
export class EigenConvergenceError extends Error {
  /** The class name that messages and `error.name` show. */
  override name = 'EigenConvergenceError';
}

/** Where `tql2` hands each QL sweep's rotations to be applied elsewhere (see {@link tql2}). */
export interface QlSweep {
  /** (c_i, s_i) of rotation i at 2i and 2i + 1 (2n float64s). */
  cs: Float64Array;
  /** Apply rotations m − 1 down to l, in that order. */
  apply(l: number, m: number): void;
  /** Called once at the end: `order[j]` is the unsorted index of the j-th smallest eigenvalue. */
  finish(order: Int32Array): void;
}

/** QL sweeps allowed per eigenvalue before giving up (LAPACK dsteqr allows 30). */
const MAX_SWEEPS = 30;

/**
 * Eigenvalues (ascending, into `d`) of the symmetric tridiagonal matrix with
 * diagonal `d` and subdiagonal `e[1..n−1]` (destroyed), by implicit-shift QL
 * with Wilkinson-type shifts. With `w` (n rows of length `cols`, from `tred2`
 * or the identity), the rotations are applied to its rows, which then become
 * the eigenvectors; `cols = 1` with w = e_{n−1} tracks only the last
 * component of each eigenvector (what a Lanczos residual estimate needs).
 * With `sweep`, the rotations are not applied here: each sweep's are written
 * to `sweep.cs` ((c_i, s_i) at 2i, 2i + 1 for rotation i of rows i and i + 1:
 * row i ← c·row i − s·row i+1, row i+1 ← s·row i + c·row i+1) and handed over
 * by one `sweep.apply(l, m)` (rotations m − 1 down to l, in that order: the
 * SIMD kernel of `eigh`); `w` is not touched, and instead of sorting its rows
 * `sweep.finish(order)` is told where each sorted eigenvalue came from.
 */
export function tql2(
  n: number,
  d: Float64Array,
  e: Float64Array,
  w: Float64Array | null,
  cols = n,
  sweep?: QlSweep,
): void {
  if (n === 0) return;
  // Scale T by a power of two (exact) into a range where the products of two entries neither overflow nor
  // underflow (the iteration forms e_l·e_{l+1}), as LAPACK's dsteqr/dsterf do; the eigenvalues are scaled back.
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i] as number), i > 0 ? Math.abs(e[i] as number) : 0);
  const unscale = norm > 2 ** 400 || (norm > 0 && norm < 2 ** -400) ? 2 ** Math.round(Math.log2(norm)) : 1;
  if (unscale !== 1) {
    for (let i = 0; i < n; i++) {
      d[i] = (d[i] as number) / unscale;
      e[i] = (e[i] as number) / unscale;
    }
  }
  tql2Scaled(n, d, e, w, cols, sweep);
  if (unscale !== 1) for (let i = 0; i < n; i++) d[i] = (d[i] as number) * unscale;
}

function tql2Scaled(
  n: number,
  d: Float64Array,
  e: Float64Array,
  w: Float64Array | null,
  cols: number,
  sweep?: QlSweep,
): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    // Find a small subdiagonal element.
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n - 1) {
      if (Math.abs(e[m] as number) <= eps * tst1) break;
      m++;
    }
    // If m = l, d[l] is an eigenvalue; otherwise iterate.
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > MAX_SWEEPS) {
          throw new EigenConvergenceError(
            `tridiagonal QL did not converge for eigenvalue ${l} within ${MAX_SWEEPS} sweeps`,
          );
        }
        // Implicit shift.
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;
        // Implicit QL transformation.
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * (e[i] as number);
          h = c * p;
          r = hypot(p, e[i] as number);
          e[i + 1] = s * r;
          s = (e[i] as number) / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          if (sweep !== undefined) {
            sweep.cs[2 * i] = c;
            sweep.cs[2 * i + 1] = s;
          } else if (w !== null) {
            // Rotate eigenvector rows i and i + 1.
            const ri = i * cols;
            const ri1 = ri + cols;
            for (let k = 0; k < cols; k++) {
              const hk = w[ri1 + k] as number;
              const vk = w[ri + k] as number;
              w[ri1 + k] = s * vk + c * hk;
              w[ri + k] = c * vk - s * hk;
            }
          }
        }
        sweep?.apply(l, m);
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > eps * tst1);
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
  if (sweep !== undefined) {
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => (d[i] as number) - (d[j] as number));
    const sorted = Float64Array.from(order, (i) => d[i] as number);
    d.set(sorted);
    sweep.finish(order);
    return;
  }
  // Sort eigenvalues (selection sort, as JAMA) and their vectors.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i] as number;
    for (let j = i + 1; j < n; j++) {
      if ((d[j] as number) < p) {
        k = j;
        p = d[j] as number;
      }
    }
    if (k !== i) {
      d[k] = d[i] as number;
      d[i] = p;
      if (w !== null) {
        const ri = i * cols;
        const rk = k * cols;
        for (let j = 0; j < cols; j++) {
          const t = w[ri + j] as number;
          w[ri + j] = w[rk + j] as number;
          w[rk + j] = t;
        }
      }
    }
  }
}
