/**
 * $J \cdot u$: the derivative of the outputs along a direction of the first-layer
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
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** The direction U, $m \times d_\text{in}$ (row r moves $w_r$). */
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
 * @see Eq. 2: $\partial F_{\ell}/\partial w_r = m(\langle a_{\ell} \circ e_r, S\rangle - \langle a_{\ell}, S\rangle\langle S, e_r\rangle) \cdot x$, so with
 * $G = X U^\top$ ($G_{i,r} = \langle u_r, x_i\rangle$) and $P = S \cdot a^\top$:
 * $J u = m \big((S \odot G) a^\top - P \odot (\operatorname{rowsum}(S \odot G) \mathbf{1}^\top)\big)$.
 * relu/exp: $J \cdot u = (1/\sqrt m) \cdot (\varphi'(X \cdot W^\top) \odot G) \cdot a^\top$.
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
  return compute({ ...options, activation }, precision, { jvp: u }).jvp;
}
