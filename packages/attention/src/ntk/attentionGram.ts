/**
 * The NTK Gram matrix of the attention layer, $H = J J^\top = H_{KQ} + H_V$, with
 * $J = \partial \operatorname{vec} F / \partial\theta$ (rows $(s, \ell, j)$): the Definition 3.6 analogue for the
 * self-attention extension (Eq. (7), Section 7) of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024). $H_{KQ}$ (from $W^K$, $W^Q$) drives the
 * softmax half-step of the alternating scheme, $H_V$ (from $W^V$) the value half-step.
 */
import { gramian, matrix, syrk, type Matrix } from '@softmax-ntk/linalg';
import { forward64, jacobianKQHead, type Forward64 } from '../internal/core64';
import { checkProblem } from '../internal/validate';
import { outputScale, type AttentionProblem } from '../problem/problem';

/** Which attention kernel: `"all"` ($H = H_{KQ} + H_V$), `"kq"` (the $W^K$, $W^Q$ part $H_{KQ}$) or `"v"` (the $W^V$ part $H_V$). */
export type GramPart = 'all' | 'kq' | 'v';

/** Options of {@link attentionGram}: the attention problem whose NTK Gram matrix $H(\theta)$ is wanted. */
export interface AttentionGramOptions {
  /** The layer at the weights $\theta$ where $H(\theta)$ is formed, with its sequences (the targets are not used). */
  problem: AttentionProblem;
}

/**
 * The NTK Gram matrix of the attention layer, $H = H_{KQ} + H_V$, with its two parts (returned by {@link attentionGram}).
 */
export interface AttentionGram {
  /** $H = H_{KQ} + H_V$, $N \cdot d \cdot n'$ square. */
  H: Matrix;
  /** The $(W^K, W^Q)$ part. */
  HKQ: Matrix;
  /** The $W^V$ part. */
  HV: Matrix;
}

/**
 * $H_V$ in structured form, J never formed: with $Z_{h,s} = X_s S_{h,s}$,
 * $H_V[(s, \ell, j), (t, \ell', j')] = \delta_{\ell\ell'} c^2 \sum_h (Z_{h,s}^\top Z_{h,t})[j, j']$
 * — one Gram matrix of the $N \cdot n'$ vectors $(c Z_{h,s}[:, j])_h \in \mathbb{R}^{H d}$, repeated on the d output coordinates.
 */
export function valueGram(p: AttentionProblem, fw: Forward64): Matrix {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H } = p.shape;
  const c = outputScale(p.scaling, H);
  const M = matrix(N * n, H * d);
  for (let h = 0; h < H; h++)
    for (let s = 0; s < N; s++) {
      const Z = fw.states[h * N + s]!.Z;
      for (let m = 0; m < d; m++)
        for (let j = 0; j < n; j++) M.data[(s * n + j) * H * d + h * d + m] = c * (Z[m * n + j] as number);
    }
  const G = gramian({ a: M });
  const size = N * d * n;
  const HV = matrix(size, size);
  for (let s = 0; s < N; s++)
    for (let t = 0; t < N; t++)
      for (let l = 0; l < d; l++)
        for (let j = 0; j < n; j++) {
          const row = (s * d * n + l * n + j) * size + t * d * n + l * n;
          const g = (s * n + j) * N * n + t * n;
          for (let jp = 0; jp < n; jp++) HV.data[row + jp] = G.data[g + jp] as number;
        }
  return HV;
}

/**
 * $H_{KQ} = \sum_h J_{KQ,h} J_{KQ,h}^\top$, accumulated head by head from the per-head $(W^K_h, W^Q_h)$ Jacobian block
 * ($N \cdot d \cdot n' \times 2 \cdot d_h \cdot d$; J in full is never held) by linalg's syrk; exactly symmetric.
 */
export function keyQueryGram(p: AttentionProblem, fw: Forward64): Matrix {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const size = N * d * n;
  const k = 2 * dh * d;
  const C = matrix(size, size);
  const block = new Float64Array(size * k);
  for (let h = 0; h < H; h++) {
    jacobianKQHead(p, fw, h, block, k, 0);
    // Form: C = 1·J_h·J_hᵀ + 1·C on the lower triangle.
    syrk('lower', 'no-transpose', size, k, 1, block, k, 1, 0, 1, C.data, size, 1, 0);
  }
  for (let i = 0; i < size; i++)
    for (let j = i + 1; j < size; j++) C.data[i * size + j] = C.data[j * size + i] as number;
  return C;
}

/**
 * $H$, $H_{KQ}$ and $H_V$ at the problem's weights (float64).
 *
 * @param options - The problem at the weights where the kernel is wanted.
 *
 * @see Definition 3.6 (the NTK Gram matrix $H = J J^\top$), extended to $\theta = (W^K, W^Q, W^V)$ of Eq. (7).
 *
 * @example
 * ```ts
 * import { attentionGram, makeAttentionTask } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const { H, HKQ, HV } = attentionGram({ problem });
 * // N·d·n′ = 36 rows; H is the sum of its two parts
 * console.log(H.rows, H.cols, H.data[5] === HKQ.data[5] + HV.data[5]); // 36 36 true
 * ```
 */
export function attentionGram(options: AttentionGramOptions): AttentionGram {
  const p = checkProblem(options.problem);
  const fw = forward64(p);
  const HKQ = keyQueryGram(p, fw);
  const HV = valueGram(p, fw);
  const H = matrix(HKQ.rows, HKQ.cols);
  for (let t = 0; t < H.data.length; t++) H.data[t] = (HKQ.data[t] as number) + (HV.data[t] as number);
  return { H, HKQ, HV };
}
