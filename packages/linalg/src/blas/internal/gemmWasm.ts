/**
 * The product part of `gemm`, C += α·op(A)·op(B), in the SIMD WebAssembly
 * kernel `gemmNN` (assembly/f64.ts): op(A) (M × K) and op(B) (K × N) are
 * gathered row-major into the kernel's memory (whatever their strides and
 * transposes), padded with zeros to multiples of 4 rows and columns, the
 * kernel forms W = op(A)·op(B) in column panels of NC and depth blocks of KC
 * (so a KC × NC block of op(B) stays in L2 while 4-row strips of op(A) stream
 * past), and α·W is added to C. Each entry of W is summed over k in ascending
 * order, as in the JavaScript kernel, so A·Aᵀ comes out exactly symmetric.
 */
import { acquireKernels, f64View, KERNELS_BASE, kernelsFit, releaseKernels } from '../../wasm/kernels';

const KC = 256;
const NC = 256;

/** Below N = 4 (a matrix–vector product in disguise) or M·N·K = 2¹⁵ the JavaScript loops run. */
export const GEMM_WASM_MIN_FLOPS = 2 ** 15;

const up4 = (v: number): number => (v + 3) & ~3;
const bytesFor = (M: number, N: number, K: number): number => 8 * (up4(M) * K + K * up4(N) + up4(M) * up4(N));

/** Whether `gemm` takes the WebAssembly path. */
export function useGemmWasm(M: number, N: number, K: number): boolean {
  return N >= 4 && M * N * K >= GEMM_WASM_MIN_FLOPS && kernelsFit(bytesFor(M, N, K));
}

/** Form: C += α·op(A)·op(B); op(A) is M × K with strides (sa1, sa2), op(B) K × N with strides (sb1, sb2). */
export function gemmWasm(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  sa1: number,
  sa2: number,
  offsetA: number,
  B: Float64Array,
  sb1: number,
  sb2: number,
  offsetB: number,
  C: Float64Array,
  strideC1: number,
  strideC2: number,
  offsetC: number,
): void {
  const Mp = up4(M);
  const Np = up4(N);
  const k = acquireKernels('f64', bytesFor(M, N, K), `gemm of ${M} × ${K} by ${K} × ${N}`);
  try {
    const aAt = KERNELS_BASE;
    const bAt = aAt + 8 * Mp * K;
    const wAt = bAt + 8 * K * Np;
    // Form: Ap = op(A), Mp × K, rows M… zero
    const Ap = f64View(k, aAt, Mp * K);
    for (let i = 0; i < M; i++) {
      const from = offsetA + i * sa1;
      if (sa2 === 1) Ap.set(A.subarray(from, from + K), i * K);
      else for (let p = 0; p < K; p++) Ap[i * K + p] = A[from + p * sa2] as number;
    }
    Ap.fill(0, M * K);
    // Form: Bp = op(B), K × Np, columns N… zero
    const Bp = f64View(k, bAt, K * Np);
    for (let p = 0; p < K; p++) {
      const from = offsetB + p * sb1;
      const to = p * Np;
      if (sb2 === 1) Bp.set(B.subarray(from, from + N), to);
      else for (let j = 0; j < N; j++) Bp[to + j] = B[from + j * sb2] as number;
      if (Np > N) Bp.fill(0, to + N, to + Np);
    }
    // Form: W = Ap·Bp by panels of NC columns and blocks of KC rows of Bp
    for (let jc = 0; jc < Np; jc += NC) {
      const nc = Math.min(NC, Np - jc);
      for (let pc = 0; pc < K; pc += KC) {
        const kc = Math.min(KC, K - pc);
        k.gemmNN(wAt + 8 * jc, Np, aAt + 8 * pc, K, bAt + 8 * (pc * Np + jc), Np, Mp, nc, kc, pc > 0 ? 1 : 0);
      }
    }
    // Form: C += α·W
    const W = f64View(k, wAt, Mp * Np);
    for (let i = 0; i < M; i++) {
      const ci = offsetC + i * strideC1;
      const wi = i * Np;
      if (alpha === 1)
        for (let j = 0; j < N; j++) C[ci + j * strideC2] = (C[ci + j * strideC2] as number) + (W[wi + j] as number);
      else
        for (let j = 0; j < N; j++)
          C[ci + j * strideC2] = (C[ci + j * strideC2] as number) + alpha * (W[wi + j] as number);
    }
  } finally {
    releaseKernels('f64', k);
  }
}
