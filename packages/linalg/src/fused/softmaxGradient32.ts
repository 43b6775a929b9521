/**
 * The float32 twin of `softmaxGradient64`: the loss and gradient of the two-layer softmax network of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024), Definition 3.1 and Claim 3.4, fused row by row in
 * assembly/f32.ts's `softmaxStep32` (f32x4 SIMD: four lanes where float64 has two, and $W^\top$, $a$ and
 * $\Delta W^\top$ at half the bytes, so for (n, d, m) = (256, 8, 4096) all of them stay in L2). @softmax-ntk/network's
 * float32 trainer runs its softmax steps on it.
 */
import {
  checkSoftmaxGradient64,
  combineHalves,
  softmaxRows,
  softmaxRowSplit,
  type SoftmaxGradient64Options,
  type SoftmaxGradient64Result,
} from './softmaxGradient64';

/**
 * The loss $L = \frac12 \lVert F - Y \rVert^2$, its gradient $\Delta W^\top$ and the outputs $F$ of the softmax network
 * in one float32 pass (SIMD WebAssembly, no $n \times m$ array formed): the operands are rounded to float32, every
 * product and sum over the m neurons is a float32 operation (the exp to ~1 ulp of float32), the per-point scalars
 * ($P_\ell$ times the softmax's $1/\sum_r e^{z_r}$, the residual's projection $\rho$) and the loss are carried in float64, and
 * the gradient and F are float32 values (widened exactly into the result's Float64Arrays).
 *
 * @param options - The inputs X, the weights $W^\top$ and a, the labels Y and the output scale c, as for `softmaxGradient64`.
 *
 * @see Claim 3.4 (gradient of the softmax network) of Gu, Li, Liang, Shi, Song (2024).
 * @throws ValidationError naming the argument when a shape does not match, or `scale` is not finite.
 *
 * @example
 * ```ts
 * import { matrix, softmaxGradient32 } from '@softmax-ntk/linalg';
 *
 * // One point x = (1, 0), m = 2 neurons, W = [[0, 0], [ln 3, 0]]: S = (1/4, 3/4), F = m·⟨a, S⟩ = 2·(1/4 − 3/4) = −1
 * const x = matrix(1, 2, new Float64Array([1, 0]));
 * const wt = matrix(2, 2, new Float64Array([0, Math.log(3), 0, 0]));
 * const a = matrix(1, 2, new Float64Array([1, -1]));
 * const r = softmaxGradient32({ x, wt, a, y: matrix(1, 1, new Float64Array([0])), scale: 2 });
 * console.log(r.f.data[0].toFixed(6), r.loss.toFixed(6));
 * // → -1.000000 0.500000
 * ```
 */
export function softmaxGradient32(options: SoftmaxGradient64Options): SoftmaxGradient64Result {
  checkSoftmaxGradient64(options);
  // Form: the two halves of the rows, summed, as `softmaxGradient32Threads` shares them between two threads
  const h = softmaxRowSplit(options.x.rows);
  const rows = options.x.rows;
  return combineHalves(softmaxRows(options, 0, h, 'float32'), softmaxRows(options, h, rows, 'float32'), 'float32');
}
