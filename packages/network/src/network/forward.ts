/**
 * Forward pass of the two-layer networks: Eq. 1 / Definition 3.1 of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024), and the
 * ReLU [MOSW22] and exp [GMS23] baselines of Table 1.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { compute } from '../internal/network';
import { checkActivation, checkFinite, checkNetwork, checkPrecision } from '../internal/validate';
import type { Activation, Precision } from './activation';

/** Options of {@link forward}. */
export interface ForwardOptions {
  /** First-layer weights, $m \times d_\text{in}$ (row r is $w_r$). */
  w: Matrix;
  /** Second-layer weights, $d_\text{out} \times m$ (row $\ell$ is $a_{\ell}$). */
  a: Matrix;
  /** Inputs, $n \times d_\text{in}$ (row i is $x_i$). */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`; `"float32"` runs on the tfjs backend (`await initBackend()` first). */
  precision?: Precision;
}

/**
 * Outputs $F$ ($n \times d_\text{out}$, row $i$ is $F(W, x_i, a)$) for a whole batch.
 *
 * @param options - The weights W, a, the inputs x, the activation and the precision.
 *
 * @see Eq. 1 and Definition 3.1: $F_{\ell,i} = m \cdot \langle a_{\ell}, \exp(W^\top x_i)\rangle / \langle\exp(W^\top x_i), \mathbf{1}_m\rangle = m \cdot \langle a_{\ell}, S_i\rangle$,
 * computed as $F = m \cdot \mathrm{softmaxRows}(X \cdot W^\top) \cdot a^\top$ with each row of logits shifted by
 * its max before exp (so logits of ±1000 neither overflow nor lose accuracy).
 * relu: $F = (1/\sqrt m) \cdot \max(X \cdot W^\top, 0) \cdot a^\top$; exp: $F = (1/\sqrt m) \cdot \exp(X \cdot W^\top) \cdot a^\top$, in float64 with each row's factor
 * $\exp(\max_r z_{i,r})$ applied in log space once a logit passes $\log(\mathrm{MAX\_VALUE}) \approx 709.78$, so F is finite
 * wherever its true value is ($\pm\infty$ only where $\lvert F \rvert$ itself exceeds the largest float64).
 *
 * @see Table 1
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { forward } from '@softmax-ntk/network';
 *
 * // m = 2 neurons, w_1 = (0, 0), w_2 = (ln 3, 0); x = (1, 0) gives S = (1/4, 3/4),
 * // so F = m·⟨a, S⟩ = 2·(1/4 − 3/4) = −1 for a = (1, −1)
 * const w = matrix(2, 2, new Float64Array([0, 0, Math.log(3), 0]));
 * const a = matrix(1, 2, new Float64Array([1, -1]));
 * const x = matrix(1, 2, new Float64Array([1, 0]));
 * console.log(forward({ w, a, x }).data[0].toFixed(12)); // -1.000000000000
 * ```
 */
export function forward(options: ForwardOptions): Matrix {
  const activation = checkActivation(options.activation);
  const precision = checkPrecision(options.precision);
  checkNetwork(options, false);
  checkFinite('x', options.x);
  checkFinite('w', options.w);
  checkFinite('a', options.a);
  return compute({ ...options, activation }, precision, { forward: true }).F;
}
