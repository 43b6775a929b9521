/**
 * The forward pass of one multi-head softmax self-attention layer, Eq. (7) of
 * Section 7 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024), with H heads: $F(X) = c_H \sum_h W^V_h X S_h$, $S_h = \text{column-softmax}((W^K_h X)^\top(W^Q_h X)/\tau)$.
 */
import { forward64 } from '../internal/core64';
import { checkProblem } from '../internal/validate';
import type { AttentionProblem } from '../problem/problem';

/** Options of {@link forward}: the attention layer and its input sequences. */
export interface ForwardOptions {
  /** The layer and its sequences (y is not used). */
  problem: AttentionProblem;
}

/**
 * $F(X_s)$ for every sequence, $N \times d \times n'$ (row-major, index $s d n' + \ell n' + j$), float64.
 *
 * @param options - The layer and the sequences to run it on.
 *
 * @see Eq. (7), Section 7: $F(W^K X, W^Q X, W^V X)$; here $F(X) = c_H \sum_h W^V_h X S_h$.
 *
 * @example
 * ```ts
 * import { forward, makeAttentionTask } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const F = forward({ problem });
 * // the symmetric initialisation pairs the heads with opposite W^V, so F(θ(0)) = 0 exactly
 * console.log(F.length, Math.max(...F.map(Math.abs))); // 36 0
 * ```
 */
export function forward(options: ForwardOptions): Float64Array {
  return forward64(checkProblem(options.problem)).F;
}
