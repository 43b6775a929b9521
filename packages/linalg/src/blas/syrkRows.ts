/**
 * Rows of the lower triangle of a float64 Gram product $A \cdot A^\top$, the row bands
 * that worker threads share in Definition 3.6 (kernel function) of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024):
 *
 * $$\mathrm{out}[i \cdot \mathrm{ldo} + j] = \textstyle\sum_p A[i k + p] \, A[j k + p], \quad r_0 \le i < r_1, \; 0 \le j \le i,$$
 *
 * in the SIMD WebAssembly kernel `gramRows` (assembly/net.ts). Both operands
 * are rows of A, contiguous in p, so there is no transposed copy and no
 * packing beyond a panel: A[0:r1, pc:pc+KC] is copied into the kernel's
 * memory (rows of KC float64s), then columns in blocks of JB rows of the panel
 * (JB·KC·8 = 256 KiB, within L2) are swept by 4-row strips of the band
 * (4·KC·8 = 8 KiB, within L1). Only the triangle is computed: the band's
 * $r_1 (r_1 - r_0) - (r_1 - r_0)^2/2$ multiply-adds per column of A. The kernel's
 * memory holds the panel and the band's $(r_1 - r_0) \times r_1$ accumulators, not A.
 *
 * Every entry is summed in the same order (p in KC chunks; within one, even and
 * odd p in two lanes, then the lanes), whatever band it falls in, so bands of
 * any shape tile the triangle with one bitwise result. No validation below
 * this line.
 */
import { acquireKernels, f64View, KERNELS_BASE, releaseKernels } from '../wasm/kernels';

/** Columns of A per panel: a 4-row strip and a row pair of the block (6·KC·8 = 12 KiB) stay in L1. */
const KC = 256;
/** Panel rows per column block: JB·KC·8 = 256 KiB stay in L2 while the band's strips sweep past. */
const JB = 128;

/**
 * Form: rows $r_0 \le i < r_1$ of the lower triangle of $A A^\top$ (A row-major, `k` columns, at least $r_1$ rows), written to
 * `out[offsetOut + i·ldo + j]` for $0 \le j \le i$ (overwritten; entries above the diagonal untouched).
 *
 * @param a - A, row-major with `k` columns (rows 0…r1 − 1 are read).
 * @param k - Columns of A (the inner dimension).
 * @param r0 - First row of the band.
 * @param r1 - One past its last row.
 * @param out - Receives the band's lower-triangle rows.
 * @param ldo - Step in `out` between rows.
 * @param offsetOut - Index of entry (0, 0) in `out` (default 0).
 * @example
 * ```ts
 * import { syrkLowerRows } from '@softmax-ntk/linalg';
 *
 * // rows 1 and 2 of the lower triangle of A·Aᵀ for A = [[1, 2], [3, 4], [5, 6]] (row 0 left as it was)
 * const out = new Float64Array(9);
 * syrkLowerRows(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, 1, 3, out, 3);
 * console.log(Array.from(out).join(' '));
 * // → 0 0 0 11 25 0 17 39 61
 * ```
 */
export function syrkLowerRows(
  a: Float64Array,
  k: number,
  r0: number,
  r1: number,
  out: Float64Array,
  ldo: number,
  offsetOut = 0,
): void {
  const rows = r1 - r0;
  if (rows <= 0) return;
  const kc0 = Math.min(KC, k);
  const wLen = rows * r1;
  const kern = acquireKernels('net', 8 * (wLen + r1 * kc0), `Gram rows ${r0}…${r1 - 1} of a ${r1} × ${k} operand`);
  try {
    const wAt = KERNELS_BASE;
    const panelAt = wAt + 8 * wLen;
    const W = f64View(kern, wAt, wLen);
    W.fill(0);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      // Form: P = A[0:r1, pc:pc+kc], rows of kc contiguous float64s
      const P = f64View(kern, panelAt, r1 * kc);
      for (let i = 0; i < r1; i++) P.set(a.subarray(i * k + pc, i * k + pc + kc), i * kc);
      // Form: W[i − r0, j] += P_i·P_j, column block by column block (rows below the block's first skip nothing)
      for (let j0 = 0; j0 < r1; j0 += JB) {
        const i0 = j0 <= r0 ? r0 : r0 + ((j0 - r0) & ~3);
        kern.gramRows(wAt + 8 * (i0 - r0) * r1, r1, panelAt, kc, i0, r1, j0, Math.min(r1, j0 + JB), kc);
      }
    }
    // Form: out[i, 0…i] = W[i − r0, 0…i]
    for (let i = r0; i < r1; i++) {
      const w = (i - r0) * r1;
      out.set(W.subarray(w, w + i + 1), offsetOut + i * ldo);
    }
  } finally {
    releaseKernels('net', kern);
  }
}
