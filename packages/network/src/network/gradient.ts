/**
 * The gradient ΔW of the loss (Definition 3.3), in the closed form of
 * Claim 3.4 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { compute } from '../internal/network';
import { checkActivation, checkFinite, checkNetwork, checkPrecision } from '../internal/validate';
import type { Activation, Precision } from './activation';

/** Options of {@link gradient}. */
export interface GradientOptions {
  /** m × d_in. */
  w: Matrix;
  /** d_out × m. */
  a: Matrix;
  /** n × d_in. */
  x: Matrix;
  /** n × d_out. */
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
 * Δw_r = m Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i}) · ⟨a_{ℓ,r}·1_m − a_ℓ, S_i⟩ · S_{i,r} · x_i,
 * computed as ΔW = Cᵀ·X with E = F − Y, P = S·aᵀ and
 * C = m·S ⊙ (E·a − rowsum(E ⊙ P)·1ᵀ) (n × m).
 * relu/exp: C = (1/√m)·φ'(X·Wᵀ) ⊙ (E·a).
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
  return compute({ ...options, activation }, precision, { gradient: true }).gradient as Matrix;
}
