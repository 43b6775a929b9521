/**
 * The float64 product of Definition 3.6 (kernel function) of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024), K = c·cᵀ (c: nd × m,
 * the Jacobian coefficients), cut into row bands of its lower triangle so that
 * worker threads can share it:
 *
 *     band k = rows [r_k, r_{k+1}) of K's lower triangle
 *            = c[r_k:r_{k+1}, :]·c[0:r_k, :]ᵀ          (linalg's SIMD `gemm`)
 *            + lower(c[r_k:r_{k+1}, :]·c[r_k:r_{k+1}, :]ᵀ) (linalg's SIMD `syrk`),
 *
 * with r_k = nd·√(k/B) rounded to a multiple of 4, so that every band holds the
 * same ~nd²·m/(2B) multiply-adds. The bands are the same on every thread count
 * (`gram` runs them in order on one thread, `gramAsync` hands them out to
 * workers by an atomic counter), and each band's numbers depend only on the
 * band, so K is bitwise the same whichever thread computed which band.
 * Below the public edge: nothing is validated here.
 */
import { gemm, syrk } from '@softmax-ntk/linalg';

/** Bands of the lower triangle: enough to balance 2–8 threads, few enough that each band's copies stay small. */
export const BANDS64 = 8;

/** Below this many rows one band is the whole triangle (the copies would cost more than the split saves). */
export const BAND64_MIN_ROWS = 512;

/** Band boundaries r_0 = 0 < r_1 < … < r_B = nd: equal work per band, interior boundaries multiples of 4. */
export function bandBounds(nd: number): number[] {
  if (nd < BAND64_MIN_ROWS) return [0, nd];
  const bounds = [0];
  for (let k = 1; k < BANDS64; k++) {
    const r = Math.round((nd * Math.sqrt(k / BANDS64)) / 4) * 4;
    if (r > (bounds.at(-1) as number) && r < nd) bounds.push(r);
  }
  bounds.push(nd);
  return bounds;
}

/** The operands of one float64 product (the arrays may live in SharedArrayBuffers). */
export interface Bands64Problem {
  /** c, nd × m, row-major. */
  c: Float64Array;
  nd: number;
  m: number;
  /** K, nd × nd, row-major: each band writes its rows of the lower triangle (diagonal included). */
  out: Float64Array;
  bounds: number[];
}

/** Form: K[r0:r1, 0:r1] (lower triangle) = c[r0:r1, :]·c[0:r1, :]ᵀ, band k of `p`. */
export function runBand64(p: Bands64Problem, k: number): void {
  const { c, nd, m, out } = p;
  const r0 = p.bounds[k] as number;
  const r1 = p.bounds[k + 1] as number;
  const rows = r1 - r0;
  // Form: K[r0:r1, 0:r0] = c[r0:r1, :]·c[0:r0, :]ᵀ (β = 0 overwrites)
  if (r0 > 0) gemm('no-transpose', 'transpose', rows, r0, m, 1, c, m, 1, r0 * m, c, m, 1, 0, 0, out, nd, 1, r0 * nd);
  // Form: K[r0:r1, r0:r1] = lower(c[r0:r1, :]·c[r0:r1, :]ᵀ)
  syrk('lower', 'no-transpose', rows, m, 1, c, m, 1, r0 * m, 0, out, nd, 1, r0 * nd + r0);
}

/** Copies the strict lower triangle of the row-major n × n `k` onto its upper triangle (blocks of 32). */
export function mirrorLower(n: number, k: Float64Array): void {
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 <= i0; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const jEnd = Math.min(i, j1);
        for (let j = j0; j < jEnd; j++) k[j * n + i] = k[i * n + j] as number;
      }
    }
  }
}

/** Every band in order on this thread, then the mirror: K = c·cᵀ in full. */
export function runAllBands64(p: Bands64Problem): void {
  for (let k = 0; k + 1 < p.bounds.length; k++) runBand64(p, k);
  mirrorLower(p.nd, p.out);
}
