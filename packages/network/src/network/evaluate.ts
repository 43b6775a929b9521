/**
 * Outputs, loss and gradient of a problem in one pass: Definitions 3.1–3.3
 * and Claim 3.4 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024). What `softmax-ntk eval --problem P --json` prints.
 */
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import { compute } from '../internal/network';
import { checkPrecision } from '../internal/validate';
import { checkProblem } from '../problem/checkProblem';
import type { Problem } from '../problem/problem';
import type { Precision } from './activation';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The network (w, a, activation) and the data (x, y) at which the loss and the gradient are taken. */
  problem: Problem;
  /** Default `"float64"`; `"float32"` initialises the tfjs backend if needed. */
  precision?: Precision;
}

/** What {@link evaluate} returns: the outputs F, the loss L(W) and the gradient $\Delta W$. */
export interface Evaluation {
  /** $n \times d_\text{out}$; row i is F(W, $x_i$, a). */
  F: Matrix;
  /** $L = \frac12 \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i})^2$ (Definition 3.2). */
  loss: number;
  /** $\Delta W$, $m \times d_\text{in}$; row r is $\Delta w_r$ (Definition 3.3 / Claim 3.4). */
  grad: Matrix;
}

/**
 * Outputs F, loss L(W) and gradient $\Delta W$ of a problem in one pass (Definitions 3.1–3.3, Claim 3.4).
 *
 * @param options - The problem, the precision and what to compute besides the loss.
 *
 * @see Definition 3.1 $F_{\ell,i} = m\langle a_{\ell}, S_i\rangle$, Definition 3.2 $L = \frac12 \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i})^2$,
 * Claim 3.4 $\Delta w_r = m \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i}) \langle a_{\ell,r}\mathbf{1}_m - a_{\ell}, S_i\rangle S_{i,r} x_i$.
 * In float64 no intermediate overflows (the exp network's exp(z) in log space, the loss's sum of squares
 * rescaled): a non-finite F, loss or gradient means its true value exceeds the largest float64.
 *
 * @example
 * ```ts
 * import { evaluate, makeProblem } from '@softmax-ntk/network';
 *
 * // At the symmetric initialisation (Definition 3.7) F(W(0)) = 0, so L(W(0)) = ½‖Y‖²_F.
 * const { problem } = makeProblem({ n: 8, dIn: 4, dOut: 4, numNeurons: 64, sigma: 1, seed: 1 });
 * const { F, loss, grad } = await evaluate({ problem });
 * const halfY2 = 0.5 * problem.y.data.reduce((s, v) => s + v * v, 0);
 * console.log(F.data.every((v) => v === 0), loss.toFixed(6), halfY2.toFixed(6), grad.rows, grad.cols);
 * // → true 2.885853 2.885853 64 4
 * ```
 */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  const precision = checkPrecision(options.precision);
  const problem = checkProblem(options.problem);
  if (precision === 'float32') await initBackend();
  const r = compute(problem, precision, { forward: true, loss: true, gradient: true });
  return { F: r.F, loss: r.loss, grad: r.gradient };
}
