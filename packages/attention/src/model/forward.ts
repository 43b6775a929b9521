/**
 * The forward pass of one multi-head softmax self-attention layer, Eq. (7) of
 * Section 7 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024), with H heads: F(X) = c_H Σ_h W^V_h X S_h, S_h = column-softmax((W^K_h X)ᵀ(W^Q_h X)/τ).
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
 * F(X_s) for every sequence, N × d × n′ (row-major, index s·d·n′ + ℓ·n′ + j), float64.
 *
 * @param options - The layer and the sequences to run it on.
 *
 * @see Eq. (7), Section 7: F(W^K X, W^Q X, W^V X); here F(X) = c_H Σ_h W^V_h X S_h.
 */
export function forward(options: ForwardOptions): Float64Array {
  return forward64(checkProblem(options.problem)).F;
}
