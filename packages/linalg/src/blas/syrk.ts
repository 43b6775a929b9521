/**
 * Symmetric rank-k update on strided Float64Array operands (BLAS level 3, in
 * the calling convention of stdlib's `blas/base/dsyrk` ndarray form):
 *
 * $$C = \alpha A A^\top + \beta C \quad (\texttt{trans} = \text{'no-transpose'}, A \text{ is } N \times K), \text{ or}$$
 * $$C = \alpha A^\top A + \beta C \quad (\texttt{trans} = \text{'transpose'}, A \text{ is } K \times N),$$
 *
 * updating only the `uplo` triangle of the $N \times N$ matrix C (diagonal
 * included); the other triangle is neither read nor written, as in BLAS.
 * `gramian` is the shaped front that returns the full symmetric matrix.
 *
 * From $N^2 K = 2^{18}$ up, the product runs in the SIMD WebAssembly kernel
 * (./internal/syrkWasm, ~4× faster), and from $N^2 K = 2^{30}$ up as two halves of the inner dimension, the second
 * on a worker thread where Node's worker threads exist (./internal/syrkThreads; the same result, bitwise, on one
 * thread or two); below, the same packed, blocked
 * algorithm as `gemm` with $\operatorname{op}(B) = \operatorname{op}(A)^\top$ in JavaScript, where micro-tiles
 * wholly outside the triangle are skipped. Either way the flop count is $N^2 K$
 * instead of $2 N^2 K$. No validation below this line.
 */
import { MR, NR, microKernel, microKernelTriangle, packA, packB, scratch } from './internal/packing';
import type { Transpose } from './gemm';
import { syrkWasm, useSyrkWasm } from './internal/syrkWasm';
import { syrkSplit, syrkWasmHalves } from './internal/syrkThreads';

/** Which triangle of a symmetric matrix a BLAS kernel reads or writes. */
export type Uplo = 'lower' | 'upper';

const KC = 256;
const MC = 96;
const NC = 2048;

/**
 * Symmetric rank-k update $C = \alpha A A^\top + \beta C$ (or $\alpha A^\top A + \beta C$) of one triangle of C, on strided Float64Array operands
 * (BLAS level 3).
 *
 * @param uplo - The triangle of C that is updated: `lower` or `upper`.
 * @param trans - `no-transpose`: $C = \alpha A A^\top + \beta C$ (A is $N \times K$); `transpose`: $C = \alpha A^\top A + \beta C$ (A is $K \times N$).
 * @param N - The side of C.
 * @param K - The inner dimension: columns of A (rows with `transpose`).
 * @param alpha - The scalar $\alpha$.
 * @param A - The array holding A.
 * @param strideA1 - Step in `A` between rows of A.
 * @param strideA2 - Step in `A` between columns of A.
 * @param offsetA - Index of A[0, 0] in `A`.
 * @param beta - The scalar $\beta$ (0: the input C is not read).
 * @param C - The array holding C; only its `uplo` triangle is read and overwritten.
 * @param strideC1 - Step in `C` between rows of C.
 * @param strideC2 - Step in `C` between columns of C.
 * @param offsetC - Index of C[0, 0] in `C`.
 *
 * @example
 * ```ts
 * import { syrk } from '@softmax-ntk/linalg';
 *
 * // C = α·A·Aᵀ + β·C, lower triangle only: A = [[1, 2], [3, 4]] gives A·Aᵀ = [[5, 11], [11, 25]];
 * // C's upper entry is not written (stays 0)
 * const A = new Float64Array([1, 2, 3, 4]);
 * const C = new Float64Array(4);
 * syrk('lower', 'no-transpose', 2, 2, 1, A, 2, 1, 0, 0, C, 2, 1, 0);
 * console.log(Array.from(C).join(' ')); // 5 0 11 25
 * ```
 */
export function syrk(
  uplo: Uplo,
  trans: Transpose,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  strideA1: number,
  strideA2: number,
  offsetA: number,
  beta: number,
  C: Float64Array,
  strideC1: number,
  strideC2: number,
  offsetC: number,
): void {
  if (N === 0) return;
  const lower = uplo === 'lower';
  // Form: C = β·C on the triangle.
  if (beta !== 1) {
    for (let i = 0; i < N; i++) {
      const ci = offsetC + i * strideC1;
      const j0 = lower ? 0 : i;
      const j1 = lower ? i + 1 : N;
      if (beta === 0) for (let j = j0; j < j1; j++) C[ci + j * strideC2] = 0;
      else for (let j = j0; j < j1; j++) C[ci + j * strideC2] = beta * (C[ci + j * strideC2] as number);
    }
  }
  if (alpha === 0 || K === 0) return;
  // op(A) is N × K with strides (sa1, sa2); op(A)ᵀ is K × N with strides (sa2, sa1).
  const sa1 = trans === 'transpose' ? strideA2 : strideA1;
  const sa2 = trans === 'transpose' ? strideA1 : strideA2;
  if (useSyrkWasm(N, K)) {
    const kSplit = syrkSplit(N, K);
    if (kSplit > 0) syrkWasmHalves(lower, N, K, kSplit, alpha, A, sa1, sa2, offsetA, C, strideC1, strideC2, offsetC);
    else syrkWasm(lower, N, K, alpha, A, sa1, sa2, offsetA, C, strideC1, strideC2, offsetC);
    return;
  }

  // Form: C += α·op(A)·op(A)ᵀ on the triangle, packed and blocked.
  const kcMax = Math.min(KC, K);
  const bufB = scratch('b', kcMax * Math.ceil(Math.min(NC, N) / NR) * NR);
  const bufA = scratch('a', kcMax * Math.ceil(Math.min(MC, N) / MR) * MR);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    // Rows that meet the triangle within columns [jc, jc + nc).
    const iStart = lower ? jc : 0;
    const iEnd = lower ? N : jc + nc;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      packB(kc, nc, A, offsetA + pc * sa2 + jc * sa1, sa2, sa1, bufB);
      for (let ic = iStart; ic < iEnd; ic += MC) {
        const mc = Math.min(MC, iEnd - ic);
        packA(mc, kc, alpha, A, offsetA + ic * sa1 + pc * sa2, sa1, sa2, bufA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const gj = jc + jr;
          const bOff = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const gi = ic + ir;
            // Tile rows gi..gi+mr−1, columns gj..gj+nr−1.
            if (lower ? gi + mr - 1 < gj : gi > gj + nr - 1) continue; // wholly outside
            const co = offsetC + gi * strideC1 + gj * strideC2;
            if (lower ? gi >= gj + nr - 1 : gi + mr - 1 <= gj) {
              microKernel(kc, bufA, ir * kc, bufB, bOff, C, co, strideC1, strideC2, mr, nr);
            } else {
              microKernelTriangle(kc, bufA, ir * kc, bufB, bOff, C, co, strideC1, strideC2, mr, nr, gi - gj, lower);
            }
          }
        }
      }
    }
  }
}
