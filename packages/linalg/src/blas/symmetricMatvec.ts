/**
 * A matrix-vector operator `(v, out) => out = A·v` for a dense symmetric
 * float64 matrix, in the form the Krylov solvers (`lanczos`, `cg`) take. It
 * reads only A's lower triangle (`symv`), so each product streams $n^2/2$
 * entries instead of $n^2$.
 */
import type { Matrix } from '../matrix/matrix';
import { symv } from './symv';
import { argumentError } from '../validate/arguments';

/** `out ← A·v`; `v` and `out` have length n and must not alias. */
export type Matvec = (v: Float64Array, out: Float64Array) => void;

/** Options of {@link symmetricMatvec}. */
export interface SymmetricMatvecOptions {
  /** Symmetric $n \times n$ matrix; only its lower triangle is read. Not copied: later edits show through. */
  a: Matrix;
}

/**
 * The operator $(v, \mathrm{out}) \mapsto \mathrm{out} = A v$ of a dense symmetric float64 matrix, reading only its lower triangle: the form
 * `lanczos` and `cg` take.
 *
 * @example
 * ```ts
 * import { matrix, symmetricMatvec } from '@softmax-ntk/linalg';
 *
 * // The operator v ↦ A·v that lanczos and cg take, reading A's lower triangle
 * const mv = symmetricMatvec({ a: matrix(2, 2, new Float64Array([2, 0, 1, 3])) });
 * const out = new Float64Array(2);
 * mv(new Float64Array([1, 1]), out);
 * console.log(Array.from(out).join(' ')); // 3 4
 * ```
 */
export function symmetricMatvec({ a }: SymmetricMatvecOptions): Matvec {
  if (a.rows !== a.cols) throw argumentError('a', `must be square, got ${a.rows} × ${a.cols}`);
  const n = a.rows;
  const data = a.data;
  return (v, out) => symv('lower', n, 1, data, n, 1, 0, v, 1, 0, 0, out, 1, 0);
}
