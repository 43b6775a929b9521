/**
 * The float64 product of Definition 3.6 (kernel function) of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024), K = c·cᵀ (c: nd × m,
 * the Jacobian coefficients), cut into row bands of its lower triangle so that
 * worker threads can share it:
 *
 *     band k = rows [r_k, r_{k+1}) of K's lower triangle
 *            = lower(c[r_k:r_{k+1}, :]·c[0:r_{k+1}, :]ᵀ)   (linalg's SIMD `syrkLowerRows`:
 *              dot products of c's rows in 4 × 2 register tiles, no transposed copy),
 *
 * with r_k = nd·√(k/B) rounded to a multiple of 4, so that every band holds the
 * same ~nd²·m/(2B) multiply-adds. The bands are the same on every thread count
 * (`gram` runs them in order on one thread, `gramAsync` hands them out to
 * workers by an atomic counter), and each band's numbers depend only on the
 * band, so K is bitwise the same whichever thread computed which band.
 * Below the public edge: nothing is validated here.
 */
import { syrkLowerRows } from '@softmax-ntk/linalg';
import { KeptShared } from './keptShared';

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
  /**
   * The input factor of Definition 3.6, applied by each band to its own entries as it finishes (so the workers share
   * it): K[I, J] ← s·K[I, J]·g[(I mod n)·n + J mod n], g = X Xᵀ (n × n), written to both triangles. Without it the
   * bands leave c·cᵀ's lower triangle and `runAllBands64` mirrors it.
   */
  input?: { g: Float64Array; n: number; s: number };
}

/** Form: K[r0:r1, 0:r1] (lower triangle) = c[r0:r1, :]·c[0:r1, :]ᵀ, band k of `p` (linalg's SIMD `syrkLowerRows`). */
export function runBand64(p: Bands64Problem, k: number): void {
  const r0 = p.bounds[k] as number;
  const r1 = p.bounds[k + 1] as number;
  syrkLowerRows(p.c, p.m, r0, r1, p.out, p.nd);
  if (p.input) scaleMirrorRows(p.out, p.nd, r0, r1, p.input.g, p.input.n, p.input.s);
}

/**
 * Form: for r0 ≤ I < r1 and J ≤ I, K[I, J] = K[J, I] = s·K[I, J]·g[(I mod n)·n + J mod n] (the element-wise input
 * factor X Xᵀ ⊗ 1 of Definition 3.6 and the mirror onto the upper triangle, on the band's rows and columns only:
 * bands never write the same entry). Rows in strips of 8, so each upper-triangle row J takes 8 contiguous writes.
 */
export function scaleMirrorRows(
  k: Float64Array,
  nd: number,
  r0: number,
  r1: number,
  g: Float64Array,
  n: number,
  s: number,
): void {
  const S = 8;
  for (let i0 = r0; i0 < r1; i0 += S) {
    const i1 = Math.min(r1, i0 + S);
    for (let i = i0; i < i1; i++) {
      const row = i * nd;
      const gi = (i % n) * n;
      // Form: K[i, 0…i] = s·K[i, ·]·g[i mod n, · mod n], one block of n columns at a time
      for (let j0 = 0; j0 <= i; j0 += n) {
        const jEnd = Math.min(i + 1, j0 + n);
        for (let j = j0; j < jEnd; j++) k[row + j] = s * (k[row + j] as number) * (g[gi + j - j0] as number);
      }
    }
    // Form: K[J, i] = K[i, J] for J < i (the strip's columns of the upper triangle, 8 contiguous writes per row J)
    for (let j = 0; j < i1 - 1; j++) {
      const rowJ = j * nd;
      for (let i = Math.max(i0, j + 1); i < i1; i++) k[rowJ + i] = k[i * nd + j] as number;
    }
  }
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

/** Every band in order on this thread, then (without `input`) the mirror: K = c·cᵀ, or H, in full. */
export function runAllBands64(p: Bands64Problem): void {
  for (let k = 0; k + 1 < p.bounds.length; k++) runBand64(p, k);
  if (!p.input) mirrorLower(p.nd, p.out);
}

/** The shared buffer of c, $X X^\top$ and K of the float64 `gramAsync` with workers (./keptShared). */
export const shared64 = new KeptShared();
