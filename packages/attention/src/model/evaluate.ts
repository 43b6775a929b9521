/**
 * F, the loss $L = \frac12 \sum_s \lVert F(X_s) - Y_s \rVert^2_F$ and its closed-form gradient in
 * $(W^K, W^Q, W^V)$, float64 (exact kernels) or float32 (tfjs) — the self-attention
 * extension (Eq. (7), Section 7) of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024).
 */
import { forward64, gradient64, loss64, type AttentionWeightsGrad } from '../internal/core64';
import { evaluate32 } from '../internal/core32';
import { checkProblem } from '../internal/validate';
import type { AttentionProblem } from '../problem/problem';
import { argumentError } from '@softmax-ntk/linalg';

/** Numeric precision of {@link evaluate}: float64 on Float64Array (default) or float32 on the tfjs backend. */
export type Precision = 'float32' | 'float64';

/** Options of {@link evaluate}: the problem, the precision and whether the gradient $\partial L/\partial\theta$ is wanted too. */
export interface EvaluateOptions {
  /** The layer (its weights $\theta$) and the sequences $X_s$ with their targets $Y_s$. */
  problem: AttentionProblem;
  /** Default `"float64"`; `"float32"` runs on the tfjs backend (initialise it first with `initBackend`). */
  precision?: Precision;
  /** Also return $\partial L/\partial\theta$ (default true). */
  gradient?: boolean;
}

/** What {@link evaluate} returns: the outputs F, the loss $L = \frac12\lVert F - Y \rVert^2$ and (unless turned off) its gradient $\partial L/\partial\theta$. */
export interface Evaluation {
  /** $N \times d \times n'$. */
  F: Float64Array;
  /** $L = \frac12 \sum_s \lVert F(X_s) - Y_s \rVert^2_F$. */
  loss: number;
  /** $\partial L/\partial\theta$ (absent with `gradient: false`). */
  grad?: AttentionWeightsGrad;
}

/**
 * Outputs F, the loss $L = \frac12 \sum_s \lVert F(X_s) - Y_s \rVert^2_F$ and its closed-form gradient in $(W^K, W^Q, W^V)$ of the attention
 * layer, in float64 or float32.
 *
 * @see Eq. (7), Section 7. With $E_s = F(X_s) - Y_s$, $G = c V^\top E$, $B = S \odot (G - \mathbf{1} \mathbf{1}^\top (S \odot G))$:
 * $\partial L/\partial W^V_h = c \sum_s E_s (X_s S_h)^\top$, $\partial L/\partial W^K_h = (1/\tau) \sum_s Q_h B_h^\top X_s^\top$, $\partial L/\partial W^Q_h = (1/\tau) \sum_s K_h B_h X_s^\top$.
 *
 * @param options - The problem, the precision and whether the gradient is wanted (default: yes).
 *
 * @example
 * ```ts
 * import { evaluate, makeAttentionTask } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const { loss, grad } = evaluate({ problem });
 * // F(θ(0)) = 0, so L(θ(0)) = ½‖Y‖²; ∂L/∂W^V has H·d·d = 72 entries
 * const halfNormY = 0.5 * problem.y.reduce((s, v) => s + v * v, 0);
 * console.log(loss.toFixed(6), halfNormY.toFixed(6), grad.wv.length); // 1.827441 1.827441 72
 * ```
 */
export function evaluate(options: EvaluateOptions & { gradient?: true }): Evaluation & { grad: AttentionWeightsGrad };
/**
 * Outputs F and the loss L of the attention layer, with the gradient only when `gradient` is not false.
 *
 * @param options - The problem, the precision and `gradient: false` to skip the gradient.
 */
export function evaluate(options: EvaluateOptions): Evaluation;
export function evaluate(options: EvaluateOptions): Evaluation {
  const p = checkProblem(options.problem);
  const precision = options.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32')
    throw argumentError('precision', `must be "float32" or "float64", got ${String(precision)}`);
  const withGrad = options.gradient ?? true;
  if (precision === 'float32') return evaluate32(p, withGrad);
  const fw = forward64(p);
  const out: Evaluation = { F: fw.F, loss: loss64(fw.F, p.y) };
  if (withGrad) out.grad = gradient64(p, fw);
  return out;
}
