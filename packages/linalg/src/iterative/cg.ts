/**
 * Preconditioned conjugate gradients for $A \cdot x = b$ with A symmetric positive
 * definite, given only as a matrix-vector product (Hestenes & Stiefel 1952;
 * the preconditioned form of Saad, "Iterative Methods for Sparse Linear
 * Systems", Alg. 9.1). In exact arithmetic the error decreases in the A-norm
 * by a factor $2 \big((\sqrt\kappa - 1)/(\sqrt\kappa + 1)\big)^j$ after j steps, $\kappa$ the condition number
 * of the preconditioned matrix.
 *
 * Stops when the recursively updated residual satisfies $\lVert r \rVert \le \mathrm{tol} \cdot \lVert b \rVert$; the
 * reported `residualNorm` is then recomputed as $\lVert b - A \cdot x \rVert$ with one more
 * product, so it is the true residual, not the (drifting) recursive one.
 */
import type { Matvec } from '../blas/symmetricMatvec';
import { argumentError } from '../validate/arguments';

/** Options of {@link cg}. */
export interface CgOptions {
  /** Dimension. */
  n: number;
  /** `out ← A·v` for a symmetric positive definite A. */
  matvec: Matvec;
  /** Right-hand side, length n. */
  b: Float64Array;
  /** Relative tolerance on the residual: stop when $\lVert b - A \cdot x \rVert \le \mathrm{tol} \cdot \lVert b \rVert$ (default 1e-10). */
  tol?: number;
  /** Maximum iterations (matrix-vector products), default $10 \cdot n$. */
  maxIter?: number;
  /** Start vector (default 0). Not modified. */
  x0?: Float64Array;
  /** `out ← M⁻¹·r` for a symmetric positive definite preconditioner M ≈ A (default: none). */
  preconditioner?: Matvec;
}

/** What {@link cg} returns. */
export interface CgResult {
  /** The approximate solution. */
  x: Float64Array;
  /** Iterations performed (each one product with A). */
  iterations: number;
  /** True residual norm $\lVert b - A \cdot x \rVert$ at the returned x. */
  residualNorm: number;
  /** Whether residualNorm $\le \mathrm{tol} \cdot \lVert b \rVert$. */
  converged: boolean;
}

/**
 * Preconditioned conjugate gradients for $A \cdot x = b$, A symmetric positive definite and given only as a matrix-vector
 * product.
 *
 * @example
 * ```ts
 * import { cg, matrix, symmetricMatvec } from '@softmax-ntk/linalg';
 *
 * // [[4, 1], [1, 3]]·x = (1, 2) has x = (1/11, 7/11) = (0.090909…, 0.636364…); CG needs n = 2 steps
 * const a = matrix(2, 2, new Float64Array([4, 1, 1, 3]));
 * const r = cg({ n: 2, matvec: symmetricMatvec({ a }), b: new Float64Array([1, 2]), tol: 1e-12 });
 * console.log(Array.from(r.x, (v) => v.toFixed(6)).join(' '), r.iterations); // 0.090909 0.636364 2
 * ```
 */
export function cg({ n, matvec, b, tol = 1e-10, maxIter, x0, preconditioner }: CgOptions): CgResult {
  if (!Number.isInteger(n) || n < 0) throw argumentError('n', `must be a non-negative integer, got ${n}`);
  if (typeof matvec !== 'function') throw argumentError('matvec', `must be a function, got ${typeof matvec}`);
  if (!(b instanceof Float64Array) || b.length !== n) {
    throw argumentError(
      'b',
      `must be a Float64Array of length n = ${n}, got ${b instanceof Float64Array ? `length ${b.length}` : typeof b}`,
    );
  }
  if (x0 !== undefined && (!(x0 instanceof Float64Array) || x0.length !== n)) {
    throw argumentError(
      'x0',
      `must be a Float64Array of length n = ${n}, got ${x0 instanceof Float64Array ? `length ${x0.length}` : typeof x0}`,
    );
  }
  if (!(tol >= 0)) throw argumentError('tol', `must be ≥ 0, got ${tol}`);
  const iterMax = maxIter ?? 10 * n;
  if (!Number.isInteger(iterMax) || iterMax < 0)
    throw argumentError('maxIter', `must be a non-negative integer, got ${maxIter}`);

  const x = x0 ? x0.slice() : new Float64Array(n);
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const bnorm = Math.sqrt(dot(b, b, n));
  const target = tol * bnorm;
  // r = b − A·x0
  if (x0) {
    matvec(x, q);
    for (let i = 0; i < n; i++) r[i] = (b[i] as number) - (q[i] as number);
  } else {
    r.set(b);
  }
  let rnorm = Math.sqrt(dot(r, r, n));
  let iterations = 0;
  if (rnorm > target) {
    if (preconditioner) preconditioner(r, z);
    else z.set(r);
    p.set(z);
    let rz = dot(r, z, n);
    while (iterations < iterMax) {
      matvec(p, q);
      iterations++;
      const pq = dot(p, q, n);
      if (!(pq > 0)) break; // A (or M) not positive definite along p, or NaN: stop with what we have.
      const alpha = rz / pq;
      for (let i = 0; i < n; i++) {
        x[i] = (x[i] as number) + alpha * (p[i] as number);
        r[i] = (r[i] as number) - alpha * (q[i] as number);
      }
      rnorm = Math.sqrt(dot(r, r, n));
      if (rnorm <= target) break;
      if (preconditioner) preconditioner(r, z);
      else z.set(r);
      const rzNew = dot(r, z, n);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < n; i++) p[i] = (z[i] as number) + beta * (p[i] as number);
    }
    // The true residual of the returned x.
    matvec(x, q);
    let s = 0;
    for (let i = 0; i < n; i++) s += ((b[i] as number) - (q[i] as number)) ** 2;
    rnorm = Math.sqrt(s);
  }
  return { x, iterations, residualNorm: rnorm, converged: rnorm <= target };
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
