/**
 * General matrix-matrix product on strided Float64Array operands (BLAS level 3,
 * in the calling convention of stdlib's `blas/base/dgemm` ndarray form):
 *
 * $$C = \alpha \operatorname{op}(A) \operatorname{op}(B) + \beta C, \quad \operatorname{op}(X) = X \text{ or } X^\top,$$
 *
 * with $\operatorname{op}(A)$ $M \times K$, $\operatorname{op}(B)$ $K \times N$, C $M \times N$. Element (i, j) of a strided operand X
 * is `X[offsetX + i·strideX1 + j·strideX2]` (row-major: stride1 = cols,
 * stride2 = 1). No validation below this line: callers validate at their
 * public edge.
 *
 * Method (Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008): op(B) is packed in KC × NC blocks
 * into column strips NR wide, α·op(A) in MC × KC blocks into row strips MR
 * tall, both contiguous and zero-padded, and a register micro-kernel of
 * MR × NR scalar accumulators walks a strip pair. Packing makes all four
 * transpose combinations and any strides run at the same speed. Products
 * smaller than SMALL_FLOPS use a direct loop, where packing would not pay.
 *
 * Above SMALL_FLOPS, products with $N \ge 4$ run instead in the SIMD WebAssembly
 * kernel of ./internal/gemmWasm (operands gathered into its memory, ~3–5×
 * faster); $N \le 3$ (matrix–vector shapes) takes one dot product per entry, and
 * the packed JavaScript kernel what does not fit in WebAssembly's 4 GiB.
 *
 * Every entry of C is summed over k in the same order (k ascending, in KC
 * chunks), so a product whose operands are transposes of each other, such as
 * $A \cdot A^\top$, comes out exactly symmetric.
 */
import { MR, NR, microKernel, packA, packB, scratch } from './internal/packing';
import { gemmWasm, useGemmWasm } from './internal/gemmWasm';

/** Whether a BLAS kernel uses an operand as it is or transposed ($\operatorname{op}(X) = X$ or $X^\top$). */
export type Transpose = 'no-transpose' | 'transpose';

/** Depth of a packed block: KC·NR·8 bytes of op(B) stay in L1 during a micro-kernel sweep. */
const KC = 256;
/** Rows of a packed op(A) block: MC·KC·8 = 192 KiB, within L2. */
const MC = 96;
/** Columns of a packed op(B) block: KC·NC·8 = 4 MiB, within L3. */
const NC = 2048;
/** Below this many multiply-adds ($M N K$) the direct loop is faster than packing. */
const SMALL_FLOPS = 32 * 32 * 32;

/**
 * General matrix-matrix product $C = \alpha \operatorname{op}(A) \operatorname{op}(B) + \beta C$ on strided Float64Array operands (BLAS level 3, stdlib's
 * ndarray calling convention).
 *
 * @param transA - Whether $\operatorname{op}(A)$ is A or $A^\top$.
 * @param transB - Whether $\operatorname{op}(B)$ is B or $B^\top$.
 * @param M - Rows of op(A) and of C.
 * @param N - Columns of op(B) and of C.
 * @param K - Columns of op(A) and rows of op(B).
 * @param alpha - The scalar $\alpha$.
 * @param A - The array holding A.
 * @param strideA1 - Step in `A` between rows of A.
 * @param strideA2 - Step in `A` between columns of A.
 * @param offsetA - Index of A[0, 0] in `A`.
 * @param B - The array holding B.
 * @param strideB1 - Step in `B` between rows of B.
 * @param strideB2 - Step in `B` between columns of B.
 * @param offsetB - Index of B[0, 0] in `B`.
 * @param beta - The scalar $\beta$ (0: the input C is not read).
 * @param C - The array holding C, overwritten by the result.
 * @param strideC1 - Step in `C` between rows of C.
 * @param strideC2 - Step in `C` between columns of C.
 * @param offsetC - Index of C[0, 0] in `C`.
 *
 * @example
 * ```ts
 * import { gemm } from '@softmax-ntk/linalg';
 *
 * // C = α·op(A)·op(B) + β·C, BLAS style: here C = 1·Aᵀ·B + 0·C with A = [[1, 2], [3, 4]], B = I, row-major
 * const A = new Float64Array([1, 2, 3, 4]);
 * const B = new Float64Array([1, 0, 0, 1]);
 * const C = new Float64Array(4);
 * gemm('transpose', 'no-transpose', 2, 2, 2, 1, A, 2, 1, 0, B, 2, 1, 0, 0, C, 2, 1, 0);
 * console.log(Array.from(C).join(' ')); // 1 3 2 4
 * ```
 */
export function gemm(
  transA: Transpose,
  transB: Transpose,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  strideA1: number,
  strideA2: number,
  offsetA: number,
  B: Float64Array,
  strideB1: number,
  strideB2: number,
  offsetB: number,
  beta: number,
  C: Float64Array,
  strideC1: number,
  strideC2: number,
  offsetC: number,
): void {
  if (M === 0 || N === 0) return;
  // Form: C = β·C (β = 0 overwrites, so NaN in C does not survive, as in BLAS).
  if (beta !== 1) {
    for (let i = 0; i < M; i++) {
      const ci = offsetC + i * strideC1;
      if (beta === 0) for (let j = 0; j < N; j++) C[ci + j * strideC2] = 0;
      else for (let j = 0; j < N; j++) C[ci + j * strideC2] = beta * (C[ci + j * strideC2] as number);
    }
  }
  if (alpha === 0 || K === 0) return;
  // Element strides of op(A) (M × K) and op(B) (K × N).
  const sa1 = transA === 'transpose' ? strideA2 : strideA1;
  const sa2 = transA === 'transpose' ? strideA1 : strideA2;
  const sb1 = transB === 'transpose' ? strideB2 : strideB1;
  const sb2 = transB === 'transpose' ? strideB1 : strideB2;

  if (M * N * K <= SMALL_FLOPS) {
    // Form: C += α·op(A)·op(B), direct i-k-j loop (the j loop walks rows of op(B) and C).
    for (let i = 0; i < M; i++) {
      const ai = offsetA + i * sa1;
      const ci = offsetC + i * strideC1;
      for (let k = 0; k < K; k++) {
        const aik = alpha * (A[ai + k * sa2] as number);
        const bk = offsetB + k * sb1;
        for (let j = 0; j < N; j++)
          C[ci + j * strideC2] = (C[ci + j * strideC2] as number) + aik * (B[bk + j * sb2] as number);
      }
    }
    return;
  }
  if (N <= 3) {
    // Form: C += α·op(A)·op(B) for a thin op(B) (a matrix–vector product in disguise): one dot product of
    // length K per entry, k ascending — packing would copy all of op(A) to use a quarter of each micro-tile.
    for (let i = 0; i < M; i++) {
      const ai = offsetA + i * sa1;
      const ci = offsetC + i * strideC1;
      for (let j = 0; j < N; j++) {
        const bj = offsetB + j * sb2;
        let s = 0;
        for (let p = 0; p < K; p++) s += (A[ai + p * sa2] as number) * (B[bj + p * sb1] as number);
        C[ci + j * strideC2] = (C[ci + j * strideC2] as number) + alpha * s;
      }
    }
    return;
  }
  if (useGemmWasm(M, N, K)) {
    gemmWasm(M, N, K, alpha, A, sa1, sa2, offsetA, B, sb1, sb2, offsetB, C, strideC1, strideC2, offsetC);
    return;
  }

  // Form: C += α·op(A)·op(B), packed and blocked.
  const kcMax = Math.min(KC, K);
  const bufB = scratch('b', kcMax * Math.ceil(Math.min(NC, N) / NR) * NR);
  const bufA = scratch('a', kcMax * Math.ceil(Math.min(MC, M) / MR) * MR);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      packB(kc, nc, B, offsetB + pc * sb1 + jc * sb2, sb1, sb2, bufB);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packA(mc, kc, alpha, A, offsetA + ic * sa1 + pc * sa2, sa1, sa2, bufA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bOff = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            microKernel(
              kc,
              bufA,
              ir * kc,
              bufB,
              bOff,
              C,
              offsetC + (ic + ir) * strideC1 + (jc + jr) * strideC2,
              strideC1,
              strideC2,
              mr,
              nr,
            );
          }
        }
      }
    }
  }
}
