/**
 * The three two-layer networks compared in Table 1 of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024), and their output
 * normalisations. With logits $z_{i,r} = \langle w_r, x_i\rangle$:
 *
 * - `softmax` (Eq. 1, Definition 3.1):  $F_{\ell}(x_i) = m \cdot \sum_r a_{\ell,r} \exp(z_{i,r}) / \sum_r \exp(z_{i,r})$
 * - `relu`    ([MOSW22], Eq. of Section 3 there): $F_{\ell}(x_i) = (1/\sqrt m) \cdot \sum_r a_{\ell,r} \max(z_{i,r}, 0)$
 * - `exp`     ([GMS23], Definition of the model there): $F_{\ell}(x_i) = (1/\sqrt m) \cdot \sum_r a_{\ell,r} \exp(z_{i,r})$
 *
 * The baselines are stated in their papers for a scalar output; here, as in
 * the softmax network, output $\ell$ has its own second-layer row $a_{\ell}$.
 */
export type Activation = 'softmax' | 'relu' | 'exp';

/**
 * Every {@link Activation}: the paper's softmax network and the ReLU and exp baselines, in the order the CLI lists
 * them.
 */
export const ACTIVATIONS: readonly Activation[] = ['softmax', 'relu', 'exp'];

/** Numeric precision of a computation: float32 on the tfjs backend, float64 on Float64Array. */
export type Precision = 'float32' | 'float64';

/** Every {@link Precision}, in the order the CLI lists them. */
export const PRECISIONS: readonly Precision[] = ['float32', 'float64'];

/**
 * The output scale of a network with $m$ neurons: $m$ for softmax, $1/\sqrt{m}$ for the baselines.
 *
 * @param activation - `softmax`, `relu` or `exp`.
 * @param m - m, the number of neurons.
 *
 * @example
 * ```ts
 * import { outputScale } from '@softmax-ntk/network';
 *
 * // The factor in front of each network's sum: m for softmax (Definition 3.1), 1/√m for the ReLU and exp baselines
 * console.log(outputScale('softmax', 64), outputScale('relu', 64), outputScale('exp', 64)); // 64 0.125 0.125
 * ```
 */
export function outputScale(activation: Activation, m: number): number {
  return activation === 'softmax' ? m : 1 / Math.sqrt(m);
}
