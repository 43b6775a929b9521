/**
 * General matrix-matrix product on strided Float64Array operands (BLAS level 3,
 * in the calling convention of stdlib's `blas/base/dgemm` ndarray form):
 *
 *     C = α · op(A) · op(B) + β · C,   op(X) = X or Xᵀ,
 *
 * with op(A) M × K, op(B) K × N, C M × N. Element (i, j) of a strided operand X
 * is `X[offsetX + i·strideX1 + j·strideX2]` (row-major: stride1 = cols,
 * stride2 = 1). No validation below this line: callers validate at their
 * public edge.
 */
export type Transpose = 'no-transpose' | 'transpose';

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
  // Form: C = β·C
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
  // Form: C += α·op(A)·op(B), loop order i-k-j (the j loop walks rows of op(B) and C).
  for (let i = 0; i < M; i++) {
    const ai = offsetA + i * sa1;
    const ci = offsetC + i * strideC1;
    for (let k = 0; k < K; k++) {
      const aik = alpha * (A[ai + k * sa2] as number);
      if (aik === 0) continue;
      const bk = offsetB + k * sb1;
      for (let j = 0; j < N; j++) C[ci + j * strideC2] = (C[ci + j * strideC2] as number) + aik * (B[bk + j * sb2] as number);
    }
  }
}
