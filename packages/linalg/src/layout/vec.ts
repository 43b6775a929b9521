/**
 * The paper's `vec` ordering, output-major, as fixed by the problem-file spec:
 * for an $n \times d_\text{out}$ array F (row i is F(W, $x_i$, a)), `vec(F)[ℓ·n + i] = F[i][ℓ]`
 * (0-based). The Gram matrix H(W) of Definition 3.6 is indexed the same way:
 * block $(\ell_1, \ell_2)$ is the $n \times n$ matrix $[H_{\ell_1,\ell_2}]_{i,j}$, at rows $\ell_1 n + i$ and
 * columns $\ell_2 n + j$.
 */
import type { Matrix } from '../matrix/matrix';
import { argumentError } from '../validate/arguments';

/**
 * Index of (output $\ell$, sample i) in the output-major vec of n samples.
 *
 * @param l - The output $\ell$ (0-based).
 * @param i - The sample i (0-based).
 * @param n - The number of samples.
 *
 * @example
 * ```ts
 * import { vecIndex } from '@softmax-ntk/linalg';
 *
 * // Output-major vec of n = 4 samples: entry (ℓ, i) sits at ℓ·n + i, the row and column order of H
 * console.log(vecIndex(0, 3, 4), vecIndex(1, 0, 4), vecIndex(1, 3, 4)); // 3 4 7
 * ```
 */
export function vecIndex(l: number, i: number, n: number): number {
  return l * n + i;
}

/**
 * $\operatorname{vec}(F)$ for $F$ of shape $n \times d_\text{out}$ (sample-major rows), output-major: length
 * $n d_\text{out}$.
 *
 * @param f - F, $n \times d_\text{out}$.
 *
 * @example
 * ```ts
 * import { fromRows, vecOutputMajor } from '@softmax-ntk/linalg';
 *
 * // vec(F) for F n × d_out (one row per sample): first output ℓ = 0 of every sample, then ℓ = 1
 * const F = fromRows([[1, 10], [2, 20], [3, 30]]);
 * console.log(Array.from(vecOutputMajor(F)).join(' ')); // 1 2 3 10 20 30
 * ```
 */
export function vecOutputMajor(f: Matrix): Float64Array {
  const { rows: n, cols: d, data } = f;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) out[l * n + i] = data[i * d + l] as number;
  return out;
}

/**
 * The inverse of `vecOutputMajor`: an $n \times d_\text{out}$ matrix from an output-major vector.
 *
 * @param v - The output-major vector, length $n \cdot d$.
 * @param n - The number of samples (rows).
 * @param d - The number of outputs (columns).
 *
 * @example
 * ```ts
 * import { toRows, unvecOutputMajor } from '@softmax-ntk/linalg';
 *
 * // The inverse of vecOutputMajor: n = 3 samples, d = 2 outputs
 * console.log(JSON.stringify(toRows(unvecOutputMajor([1, 2, 3, 10, 20, 30], 3, 2)))); // [[1,10],[2,20],[3,30]]
 * ```
 */
export function unvecOutputMajor(v: ArrayLike<number>, n: number, d: number): Matrix {
  if (v.length !== n * d) throw argumentError('v', `must have n·d = ${n * d} entries, got ${v.length}`);
  const data = new Float64Array(n * d);
  for (let l = 0; l < d; l++) for (let i = 0; i < n; i++) data[i * d + l] = v[l * n + i] as number;
  return { rows: n, cols: d, data };
}
