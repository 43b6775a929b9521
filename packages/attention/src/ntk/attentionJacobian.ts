/**
 * The Jacobian $J = \partial \operatorname{vec} F / \partial\theta$ of the attention layer over $\theta = (W^K, W^Q, W^V)$,
 * rows in the spec's order $(s, \ell, j) \to s \cdot d n' + \ell \cdot n' + j$ — the object whose Gram
 * $J J^\top$ is the NTK of the self-attention extension (Eq. (7), Section 7) of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { matrix, type Matrix } from '@softmax-ntk/linalg';
import { forward64, jacobianKQHead, jacobianVHead } from '../internal/core64';
import { checkProblem } from '../internal/validate';
import { parameterCount, type AttentionProblem } from '../problem/problem';

/** Options of {@link attentionJacobian}: the attention problem whose Jacobian $\partial F/\partial\theta$ is wanted. */
export interface AttentionJacobianOptions {
  /** The layer at the weights $\theta$ where $J = \partial F/\partial\theta$ is formed, with its sequences (the targets are not used). */
  problem: AttentionProblem;
}

/**
 * $J$ ($N d n' \times P$), columns in the order of $\theta$ = ($W^K$ flattened, $W^Q$ flattened, $W^V$ flattened). Formed in full:
 * for sizes where only H is wanted, `attentionGram` never forms it.
 *
 * With $D_{\ell,j}[i] = c \, S[i, j] \, (V[\ell, i] - (V S)[\ell, j])$: $\partial F_s[\ell, j]/\partial W^K_h = (1/\tau) \, q_j (X D)^\top$,
 * $\partial F_s[\ell, j]/\partial W^Q_h = (1/\tau) \, (K D) \, x_j^\top$, $\partial F_s[\ell, j]/\partial W^V_h[\ell'', m] = c \, \delta_{\ell\ell''} (X S)[m, j]$.
 *
 * @param options - The problem at the weights where the Jacobian is wanted.
 *
 * @example
 * ```ts
 * import { attentionGram, attentionJacobian, makeAttentionTask } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const J = attentionJacobian({ problem });
 * // H = J Jᵀ: the first entry of H is the squared norm of J's first row
 * let row0 = 0;
 * for (let k = 0; k < J.cols; k++) row0 += J.data[k] ** 2;
 * const { H } = attentionGram({ problem });
 * console.log(J.rows, J.cols, Math.abs(row0 - H.data[0]) < 1e-12 * H.data[0]); // 36 168 true
 * ```
 */
export function attentionJacobian(options: AttentionJacobianOptions): Matrix {
  const p = checkProblem(options.problem);
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const P = parameterCount(p.shape);
  const J = matrix(N * d * n, P);
  const fw = forward64(p);
  const block = new Float64Array(N * d * n * 2 * dh * d);
  for (let h = 0; h < H; h++) {
    // K and Q columns of head h sit at h·d_h·d and H·d_h·d + h·d_h·d; the kernel writes them side by side.
    jacobianKQHead(p, fw, h, block, 2 * dh * d, 0);
    for (let r = 0; r < N * d * n; r++)
      for (let k = 0; k < dh * d; k++) {
        J.data[r * P + h * dh * d + k] = block[r * 2 * dh * d + k] as number;
        J.data[r * P + H * dh * d + h * dh * d + k] = block[r * 2 * dh * d + dh * d + k] as number;
      }
    jacobianVHead(p, fw, h, J.data, P, 2 * H * dh * d + h * d * d);
  }
  return J;
}
