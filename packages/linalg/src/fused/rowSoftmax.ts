/**
 * The softmax of each row of a float64 matrix, in place: $z_{ij} \leftarrow e^{z_{ij} - \max_k z_{ik}} / \sum_k
 * e^{z_{ik} - \max_k z_{ik}}$ — the $S = \operatorname{softmax}(X W^\top)$ of Definition 3.1 of Gu, Li, Liang, Shi,
 * Song ("Exploring the Frontiers of Softmax", 2024). Subtracting each row's maximum first keeps every exponent
 * $\le 0$, so logits of any finite size neither overflow nor turn into $\infty / \infty$. network's float64 forward
 * pass and the NTK's structured product (`softmaxGramProduct`) both form S with it.
 */
import type { Matrix } from '../matrix/matrix';
import { shape } from './softmaxGradient64';

/** Options of {@link rowSoftmax}. */
export interface RowSoftmaxOptions {
  /** The logits Z, overwritten by the softmax of each row. */
  z: Matrix;
}

/**
 * Overwrites each row of `z` with its softmax (each row's maximum subtracted first) and returns `z`.
 *
 * @see Definition 3.1 (two-layer softmax network) of Gu, Li, Liang, Shi, Song (2024).
 * @throws ValidationError naming `z` when its data does not hold rows × cols values.
 *
 * @example
 * ```ts
 * import { matrix, rowSoftmax } from '@softmax-ntk/linalg';
 *
 * // Row 0: equal logits share evenly; row 1: logits of ±1000 (e^1000 would overflow) still give (1, 0)
 * const s = rowSoftmax({ z: matrix(2, 2, new Float64Array([3, 3, 1000, -1000])) });
 * console.log(Array.from(s.data).join(' '));
 * // → 0.5 0.5 1 0
 * ```
 */
export function rowSoftmax({ z }: RowSoftmaxOptions): Matrix {
  const { rows, cols } = z;
  shape('z', z, rows, cols);
  const s = z.data;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, s[o + j] as number);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp((s[o + j] as number) - mx);
      s[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) s[o + j] = (s[o + j] as number) * inv;
  }
  return z;
}
