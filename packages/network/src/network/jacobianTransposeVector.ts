/**
 * $J^\top \cdot v$: the adjoint of $J \cdot u$, i.e. the gradient formula of Claim 3.4 of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024) with the
 * residual F − Y replaced by v.
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

/** Options of {@link jacobianTransposeVector}. */
export interface JacobianTransposeVectorOptions {
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** v, $n \times d_\text{out}$ (like F). */
  v: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`. */
  precision?: Precision;
}

/**
 * The vector-Jacobian product $J^\top v$, $m \times d_\text{in}$ (row $r$ is
 * $\sum_i \sum_\ell v_{i,\ell} \, \partial F_{\ell,i}/\partial w_r$).
 *
 * @param options - The weights, the inputs, the activation and the vector v to multiply by $J^\top$.
 *
 * @see Claim 3.4 with $F - Y \to v$: $(J^\top v)_r = m \sum_i \sum_{\ell} v_{i,\ell} (a_{\ell,r} - \langle a_{\ell}, S_i\rangle) S_{i,r} x_i$,
 * computed as $C^\top \cdot X$ with $C = m \, S \odot \big(v a - \operatorname{rowsum}(v \odot P) \mathbf{1}^\top\big)$.
 *
 * @see Definition 3.3
 *
 * @example
 * ```ts
 * import { gradient, jacobianTransposeVector, makeProblem, forward } from '@softmax-ntk/network';
 *
 * // Jᵀ·(F − Y) is the gradient ΔW of Claim 3.4
 * const { problem: p } = makeProblem({ n: 3, dIn: 2, dOut: 2, numNeurons: 8, sigma: 1, seed: 1, init: 'gaussian' });
 * const F = forward(p);
 * const v = { ...F, data: F.data.map((f, k) => f - p.y.data[k]) };
 * const JTv = jacobianTransposeVector({ w: p.w, a: p.a, x: p.x, v });
 * const dW = gradient(p);
 * console.log(JTv.rows, JTv.cols, JTv.data[0].toFixed(6), dW.data[0].toFixed(6)); // 8 2 2.171091 2.171091
 * ```
 */
export function jacobianTransposeVector(options: JacobianTransposeVectorOptions): Matrix {
  const activation = checkActivation(options.activation);
  const precision = checkPrecision(options.precision);
  const s = checkNetwork(options, false);
  const v = checkMatrix('v', options.v);
  checkShape('v', v, s.n, s.dOut, 'n × d_out, like F');
  for (const k of ['x', 'w', 'a', 'v'] as const) checkFinite(k, options[k]);
  return compute({ ...options, activation }, precision, { vjp: v }).vjp;
}
