/**
 * The float64 gradient-descent step of the two-layer softmax network of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024):
 * Definition 3.1 (F = m·⟨a_ℓ, S_i⟩, S_i = softmax(W·x_i)) and the closed-form
 * gradient of Claim 3.4, fused row by row so that no n × m array is formed
 * (./softmax.ts, written once for float64 and float32), in AssemblyScript with
 * 128-bit SIMD (compiled by scripts/build-wasm.mjs into
 * src/wasm/kernels.generated.ts as a fourth module).
 *
 * Also the float64 Gram rows kernel (`gramRows`, the bands of Definition 3.6's
 * c·cᵀ that src/blas/syrkRows.ts drives): this module had the room.
 *
 * Nothing is validated: src/fused/softmaxGradient64.ts and src/blas/syrkRows.ts
 * lay out the memory.
 */

import { softmaxStepOf } from './softmax';
import { hsum, rowDot } from './vec';

/**
 * The float64 fused softmax step (./softmax.ts, T = f64: f64x2, m8 = m rounded up to a multiple of 8). Returns
 * L = ½‖F − Y‖²; ΔWᵀ into g, F into f.
 */
export function softmaxStep(x: usize, n: i32, d: i32, wt: usize, a: usize, m8: i32, dOut: i32, y: usize, c: f64, pad: usize, g: usize, f: usize, s: usize, ev: usize): f64 {
  return softmaxStepOf<f64>(x, n, d, wt, a, m8, dOut, y, c, pad, g, f, s, ev);
}


/**
 * Rows of the lower triangle of the Gram product A·Aᵀ (Definition 3.6's c·cᵀ):
 * for i0 ≤ i < i1 and j0 ≤ j < min(j1, i + 1),
 * C[(i − i0)·ldc + j] += Σ_{p<k} A[i·lda + p]·A[j·lda + p].
 *
 * Both operands are rows of the same row-major panel, contiguous in p, so no
 * transposed copy is made: 4 × 2 register tiles of dot products (8 f64x2
 * accumulators; each 4 + 2 loads feed 8 multiplies and 8 adds), C's rows in
 * blocks of 4, columns in pairs; the caller keeps [j0, j1) × k within L2 and
 * sweeps i past it. Tiles straddling the diagonal compute their upper
 * entries but never store them. Every entry is summed in the same order
 * (even and odd p in the two lanes, then the lanes), whatever i0, j0, j1.
 */
export function gramRows(c: usize, ldc: i32, a: usize, lda: i32, i0: i32, i1: i32, j0: i32, j1: i32, k: i32): void {
  const kEven = k & ~1;
  const kb = <usize>kEven << 3;
  const rowA = <usize>lda << 3;
  const rowC = <usize>ldc << 3;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = c + <usize>(i - i0) * rowC;
    const c1 = c0 + rowC;
    const c2 = c1 + rowC;
    const c3 = c2 + rowC;
    const jEnd = min(j1, i + 4);
    let j = j0;
    for (; j + 2 <= jEnd; j += 2) {
      const b0 = a + <usize>j * rowA;
      const b1 = b0 + rowA;
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
      let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
      for (let p: usize = 0; p < kb; p += 16) {
        const x0 = v128.load(a0 + p), x1 = v128.load(a1 + p), x2 = v128.load(a2 + p), x3 = v128.load(a3 + p);
        const y0 = v128.load(b0 + p), y1 = v128.load(b1 + p);
        s00 = f64x2.add(s00, f64x2.mul(x0, y0)); s01 = f64x2.add(s01, f64x2.mul(x0, y1));
        s10 = f64x2.add(s10, f64x2.mul(x1, y0)); s11 = f64x2.add(s11, f64x2.mul(x1, y1));
        s20 = f64x2.add(s20, f64x2.mul(x2, y0)); s21 = f64x2.add(s21, f64x2.mul(x2, y1));
        s30 = f64x2.add(s30, f64x2.mul(x3, y0)); s31 = f64x2.add(s31, f64x2.mul(x3, y1));
      }
      let t00 = hsum(s00), t01 = hsum(s01), t10 = hsum(s10), t11 = hsum(s11);
      let t20 = hsum(s20), t21 = hsum(s21), t30 = hsum(s30), t31 = hsum(s31);
      if (kEven != k) {
        const y0 = load<f64>(b0 + kb), y1 = load<f64>(b1 + kb);
        const x0 = load<f64>(a0 + kb), x1 = load<f64>(a1 + kb), x2 = load<f64>(a2 + kb), x3 = load<f64>(a3 + kb);
        t00 += x0 * y0; t01 += x0 * y1; t10 += x1 * y0; t11 += x1 * y1;
        t20 += x2 * y0; t21 += x2 * y1; t30 += x3 * y0; t31 += x3 * y1;
      }
      const jb = <usize>j << 3;
      // row i + r takes columns j and j + 1 where they are ≤ i + r
      if (j <= i) store<f64>(c0 + jb, load<f64>(c0 + jb) + t00);
      if (j < i) store<f64>(c0 + jb + 8, load<f64>(c0 + jb + 8) + t01);
      if (j <= i + 1) store<f64>(c1 + jb, load<f64>(c1 + jb) + t10);
      if (j < i + 1) store<f64>(c1 + jb + 8, load<f64>(c1 + jb + 8) + t11);
      if (j <= i + 2) store<f64>(c2 + jb, load<f64>(c2 + jb) + t20);
      if (j < i + 2) store<f64>(c2 + jb + 8, load<f64>(c2 + jb + 8) + t21);
      store<f64>(c3 + jb, load<f64>(c3 + jb) + t30);
      store<f64>(c3 + jb + 8, load<f64>(c3 + jb + 8) + t31);
    }
    // an odd last column j (< jEnd ≤ i + 4): one dot product per row that reaches it
    if (j < jEnd) {
      const bj = a + <usize>j * rowA;
      const jb = <usize>j << 3;
      for (let r = 0; r < 4; r++) {
        if (j <= i + r) {
          const cr = c0 + <usize>r * rowC + jb;
          store<f64>(cr, load<f64>(cr) + rowDot(a0 + <usize>r * rowA, bj, k));
        }
      }
    }
  }
  // the last (i1 − i0) mod 4 rows, one entry at a time
  for (; i < i1; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>(i - i0) * rowC;
    const jEnd = min(j1, i + 1);
    for (let j = j0; j < jEnd; j++) {
      const cj = ci + (<usize>j << 3);
      store<f64>(cj, load<f64>(cj) + rowDot(ai, a + <usize>j * rowA, k));
    }
  }
}
