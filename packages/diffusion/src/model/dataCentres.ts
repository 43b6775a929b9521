/**
 * W(0) with neurons centred on training inputs (beyond the paper's Definition 3.7): the softmax's cells placed where
 * the data are, at every t. README "Neurons centred on the data (eleventh round)".
 */
import type { Matrix, Rng } from '@softmax-ntk/linalg';
import { argumentError } from '../internal/validate';

/**
 * The default $\sigma'$ of {@link centreNeurons}, the inverse squared bandwidth of the centred softmax: 400 (a bandwidth
 * of 0.05 in the unit ball of the inputs), measured best of 100, 400 and 1000 on 25-gaussians.
 *
 * @example
 * ```ts
 * import { DEFAULT_CENTRE_SCALE } from '@softmax-ntk/diffusion';
 *
 * console.log(DEFAULT_CENTRE_SCALE, 1 / Math.sqrt(DEFAULT_CENTRE_SCALE)); // 400 0.05
 * ```
 */
export const DEFAULT_CENTRE_SCALE = 400;

/**
 * Centre the first $2\lfloor fm/2 \rceil$ neurons of W (m × p, symmetric pairs (r, r + 1) as `initWeights` makes them) on
 * training inputs, in place. Pair r draws $i = \lfloor un \rfloor$ (u from `rng`) and both its rows become
 * $\sigma'(\tilde x_i$ with the last (constant) coordinate c replaced by $(c^2 - \lVert\tilde x_i\rVert^2/2)/c)$, so for every
 * input $\tilde x$ whose last coordinate is c, $\langle w_r, \tilde x\rangle = \sigma'(\langle\tilde x_i, \tilde x\rangle -
 * \lVert\tilde x_i\rVert^2/2) = \sigma'\lVert\tilde x\rVert^2/2 - \sigma'\lVert\tilde x - \tilde x_i\rVert^2/2$: the softmax over
 * the centred neurons is a Gaussian kernel of bandwidth $1/\sqrt{\sigma'}$ around the drawn inputs. The pair keeps its
 * output weights $\pm a_r$, so $F(W(0)) = 0$ still.
 *
 * @param w - W(0), $m \times p$ (changed in place).
 * @param x - The training inputs, $n \times p$, every row with the same last coordinate $c > 0$.
 * @param fraction - $f \in [0, 1]$, the share of neuron pairs centred.
 * @param scale - $\sigma' > 0$.
 * @param rng - The generator that draws the inputs (one uniform per pair).
 *
 * @example
 * ```ts
 * import { Rng } from '@softmax-ntk/linalg';
 * import { centreNeurons } from '@softmax-ntk/diffusion';
 *
 * // two pairs of neurons, inputs (t, x, c) with c = 0.5; both pairs centred (f = 1), σ' = 4
 * const w = { rows: 4, cols: 3, data: new Float64Array(12) };
 * const x = { rows: 2, cols: 3, data: Float64Array.from([0.1, 0.2, 0.5, 0.3, -0.4, 0.5]) };
 * centreNeurons(w, x, 1, 4, new Rng(1));
 * // a pair's two rows are equal; pair 0 drew input 1: ⟨w_0, x̃⟩ = 4(⟨x̃_1, x̃⟩ − ‖x̃_1‖²/2), largest at x̃ = x̃_1
 * const logit = (r, i) => [0, 1, 2].reduce((s, k) => s + w.data[3 * r + k] * x.data[3 * i + k], 0);
 * console.log(w.data[0] === w.data[3], [logit(0, 0), logit(0, 1)].map((v) => v.toFixed(2)).join(' '));
 * // → true -0.20 1.00
 * ```
 */
export function centreNeurons(w: Matrix, x: Matrix, fraction: number, scale: number, rng: Rng): void {
  const p = w.cols;
  if (x.cols !== p) throw argumentError('x', `must have W's ${p} columns, got ${x.cols}`);
  if (!(fraction >= 0 && fraction <= 1)) throw argumentError('fraction', `must be in [0, 1], got ${fraction}`);
  if (!(scale > 0 && Number.isFinite(scale))) throw argumentError('scale', `must be a finite number > 0, got ${scale}`);
  const c = x.data[p - 1] ?? NaN;
  if (!(c > 0)) throw argumentError('x', `needs a constant last coordinate c > 0, got ${c}`);
  const pairs = Math.round((w.rows * fraction) / 2);
  for (let q = 0; q < pairs; q++) {
    const i = Math.min(x.rows - 1, Math.floor(rng.uniform() * x.rows));
    const row = x.data.subarray(i * p, (i + 1) * p);
    let n2 = 0;
    for (let k = 0; k < p; k++) n2 += (row[k] as number) ** 2;
    for (let k = 0; k < p; k++) {
      const v = scale * (k === p - 1 ? (c * c - n2 / 2) / c : (row[k] as number));
      w.data[2 * q * p + k] = v;
      w.data[(2 * q + 1) * p + k] = v;
    }
  }
}
