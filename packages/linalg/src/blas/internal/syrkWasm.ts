/**
 * The product part of `syrk`, C += α·op(A)·op(A)ᵀ on one triangle, in the SIMD
 * WebAssembly kernel `syrkLowerSub` (assembly/f64.ts): op(A) is gathered
 * into the kernel's memory KC columns at a time (rows of KC contiguous
 * float64s, whatever A's strides), the kernel accumulates −op(A)·op(A)ᵀ into a
 * zeroed N × N buffer (lower triangle), and α times that is added to C's
 * triangle. ~20 GFLOP/s on one core of the development machine, against ~4.6
 * for the packed scalar JavaScript kernel; the gather and the write-back are
 * O(N·K + N²) next to the N²·K flops.
 */
import { acquireKernels, f64View, KERNELS_BASE, kernelsFit, releaseKernels } from '../../wasm/kernels';

/** Depth of one kernel call: 4 + 2 rows of 256 float64s stay in L1 while a 4 × 2 tile is summed. */
const KC = 256;
/** The panel depth of the kernel calls (./syrkThreads runs the same panels on its worker). */
export const SYRK_KC = KC;

/** Below N²·K = 2¹⁸ (64³) the copies in and out are not worth it: the JavaScript kernel runs. */
export const SYRK_WASM_MIN_FLOPS = 2 ** 18;

/** Bytes of kernel memory the product needs. */
const bytesFor = (N: number, K: number): number => 8 * (N * N + N * Math.min(KC, K));

/** Whether `syrk` takes the WebAssembly path: big enough to pay off, small enough for wasm32's 4 GiB. */
export function useSyrkWasm(N: number, K: number): boolean {
  return N * N * K >= SYRK_WASM_MIN_FLOPS && kernelsFit(bytesFor(N, K));
}

/** Form: C += α·op(A)·op(A)ᵀ on the `lower` (else upper) triangle; op(A) is N × K with strides (sa1, sa2). */
export function syrkWasm(
  lower: boolean,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  sa1: number,
  sa2: number,
  offsetA: number,
  C: Float64Array,
  strideC1: number,
  strideC2: number,
  offsetC: number,
): void {
  const k = acquireKernels('f64', bytesFor(N, K), `syrk of a ${N} × ${K} operand`);
  try {
    const wAt = KERNELS_BASE;
    const panelAt = wAt + 8 * N * N;
    const W = f64View(k, wAt, N * N);
    W.fill(0);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const P = f64View(k, panelAt, N * kc);
      // Form: P = op(A)[:, pc : pc + kc], rows contiguous
      for (let i = 0; i < N; i++) {
        const from = offsetA + i * sa1 + pc * sa2;
        if (sa2 === 1) P.set(A.subarray(from, from + kc), i * kc);
        else for (let p = 0; p < kc; p++) P[i * kc + p] = A[from + p * sa2] as number;
      }
      // Form: W ← W − P·Pᵀ (lower triangle)
      k.syrkLowerSub(wAt, N, panelAt, kc, N, kc);
    }
    addScaledLower(lower, N, alpha, W, (i) => i * N, C, strideC1, strideC2, offsetC);
  } finally {
    releaseKernels('f64', k);
  }
}

/**
 * Form: C += α·(−W) on C's `lower` (else upper) triangle, from W's lower triangle, whose row i starts at
 * W[rowOffset(i)] (the N × N kernel buffer: i·N; the worker's packed answer: i(i+1)/2). C's upper entry (j, i) is
 * the lower one (i, j) of the symmetric product. The one write-back of the WebAssembly `syrk`, on one thread or two,
 * so both add the same products in the same order.
 */
export function addScaledLower(
  lower: boolean,
  N: number,
  alpha: number,
  W: Float64Array,
  rowOffset: (i: number) => number,
  C: Float64Array,
  strideC1: number,
  strideC2: number,
  offsetC: number,
): void {
  const s = -alpha;
  for (let i = 0; i < N; i++) {
    const wi = rowOffset(i);
    for (let j = 0; j <= i; j++) {
      const q = lower ? offsetC + i * strideC1 + j * strideC2 : offsetC + j * strideC1 + i * strideC2;
      C[q] = (C[q] as number) + s * (W[wi + j] as number);
    }
  }
}
