/**
 * The gradient $\Delta W$ of the loss (Definition 3.3), in the closed form of
 * Claim 3.4 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { compute } from '../internal/network';
import { checkActivation, checkFinite, checkNetwork, checkPrecision } from '../internal/validate';
import type { Activation, Precision } from './activation';

/** Options of {@link gradient}. */
export interface GradientOptions {
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** $n \times d_\text{out}$. */
  y: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`. */
  precision?: Precision;
}

/**
 * $\Delta W$ ($m \times d_\text{in}$; row $r$ is $\Delta w_r = \partial L/\partial w_r$) of
 * $L = \frac12 \sum_i \sum_\ell (F_{\ell,i} - y_{\ell,i})^2$.
 *
 * @param options - The weights, the data, the activation and the precision.
 *
 * @see Definition 3.3 and Claim 3.4:
 * $\Delta w_r = m \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i}) \cdot \langle a_{\ell,r} \cdot \mathbf{1}_m - a_{\ell}, S_i\rangle \cdot S_{i,r} \cdot x_i$,
 * computed as $\Delta W = C^\top \cdot X$ with $E = F - Y$, $P = S a^\top$ and
 * $C = m \, S \odot \big(E a - \operatorname{rowsum}(E \odot P) \mathbf{1}^\top\big)$ ($n \times m$).
 * relu/exp: $C = (1/\sqrt m) \cdot \varphi'(X \cdot W^\top) \odot (E \cdot a)$.
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { forward, gradient } from '@softmax-ntk/network';
 *
 * // ∂L/∂w_{2,1} of L = ½(F − y)² beside a central finite difference of L
 * const a = matrix(1, 2, new Float64Array([1, -1]));
 * const x = matrix(1, 2, new Float64Array([1, 0.5]));
 * const y = matrix(1, 1, new Float64Array([0.25]));
 * const w = (t) => matrix(2, 2, new Float64Array([0, 0, t, 0]));
 * const L = (t) => 0.5 * (forward({ w: w(t), a, x }).data[0] - 0.25) ** 2;
 * const dW = gradient({ w: w(Math.log(3)), a, x, y });
 * const h = 1e-6;
 * console.log(dW.data[2].toFixed(6), ((L(Math.log(3) + h) - L(Math.log(3) - h)) / (2 * h)).toFixed(6));
 * // → 0.937500 0.937500
 * ```
 */
export function gradient(options: GradientOptions): Matrix {
  const activation = checkActivation(options.activation);
  const precision = checkPrecision(options.precision);
  checkNetwork(options, true);
  for (const k of ['x', 'y', 'w', 'a'] as const) checkFinite(k, options[k]);
  return compute({ ...options, activation }, precision, { gradient: true }).gradient;
}
