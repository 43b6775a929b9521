/**
 * J·u: the derivative of the outputs along a direction of the first-layer
 * weights, from Eq. 2 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers
 * of Softmax" (2024).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { compute } from '../internal/network';
import {
  checkActivation,
  checkFinite,
  checkMatrix,
  checkNetwork,
  checkPrecision,
  checkShape,
} from '../internal/validate';
import type { Activation, Precision } from './activation';

/** Options of {@link jacobianVector}. */
export interface JacobianVectorOptions {
  /** m × d_in. */
  w: Matrix;
  /** d_out × m. */
  a: Matrix;
  /** n × d_in. */
  x: Matrix;
  /** The direction U, m × d_in (row r moves w_r). */
  u: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`. */
  precision?: Precision;
}

/**
 * The Jacobian-vector product $J u = \frac{d}{dt} F(W + tU)$ at $t = 0$: how the outputs ($n \times d_\text{out}$)
 * change when the weights move along the direction $U$.
 *
 * @param options - The weights, the inputs, the activation and the direction V to multiply by J.
 *
 * @see Eq. 2: ∂F_ℓ/∂w_r = m(⟨a_ℓ ∘ e_r, S⟩ − ⟨a_ℓ, S⟩⟨S, e_r⟩)·x, so with
 * G = X·Uᵀ (G_{i,r} = ⟨u_r, x_i⟩) and P = S·aᵀ:
 * J·u = m·((S ⊙ G)·aᵀ − P ⊙ (rowsum(S ⊙ G)·1ᵀ)).
 * relu/exp: J·u = (1/√m)·(φ'(X·Wᵀ) ⊙ G)·aᵀ.
 *
 * @example
 * ```ts
 * import { forward, jacobianVector, makeProblem } from '@softmax-ntk/network';
 *
 * // J·u is the directional derivative d/dt F(W + tU) at t = 0: beside a central finite difference
 * const { problem: p } = makeProblem({ n: 3, dIn: 2, dOut: 2, numNeurons: 8, sigma: 1, seed: 1, init: 'gaussian' });
 * const u = { ...p.w, data: p.w.data.map((_, k) => Math.cos(k)) };
 * const Ju = jacobianVector({ w: p.w, a: p.a, x: p.x, u });
 * const F = (t) => forward({ w: { ...p.w, data: p.w.data.map((v, k) => v + t * u.data[k]) }, a: p.a, x: p.x });
 * const h = 1e-5;
 * console.log(Ju.rows, Ju.cols, Ju.data[0].toFixed(6), ((F(h).data[0] - F(-h).data[0]) / (2 * h)).toFixed(6));
 * // → 3 2 -0.332051 -0.332051
 * ```
 */
export function jacobianVector(options: JacobianVectorOptions): Matrix {
  const activation = checkActivation(options.activation);
  const precision = checkPrecision(options.precision);
  const s = checkNetwork(options, false);
  const u = checkMatrix('u', options.u);
  checkShape('u', u, s.m, s.dIn, 'm × d_in, like `w`');
  for (const k of ['x', 'w', 'a', 'u'] as const) checkFinite(k, options[k]);
  return compute({ ...options, activation }, precision, { jvp: u }).jvp as Matrix;
}
