/**
 * Tolerances per precision: the one place every test takes them from.
 *
 * Where the sizes come from:
 * - float64: unit roundoff u = 2^-53 ≈ 1.1e-16. A dense product or
 *   factorisation of size k loses about k·u in the worst case and √k·u on
 *   average; for the sizes tested here (k ≤ a few thousand) 1e-10 relative
 *   leaves three orders of magnitude of headroom, which is what the issues ask
 *   for ("matches an independent float64 computation to 1e-10 relative").
 * - float32: u = 2^-24 ≈ 6e-8. Sums of a few thousand terms lose ~1e-5;
 *   1e-4 relative is the documented float32 accuracy.
 * - finiteDifference: central differences with step h have truncation error
 *   O(h²) and rounding error O(u/h); the optimum h ≈ u^(1/3) ≈ 6e-6 gives an
 *   error near u^(2/3) ≈ 2e-11 times the scale of the third derivative, so
 *   1e-7 relative is safe for the smooth functions here.
 */
export interface Tolerance {
  /** Relative tolerance, scaled by the max-norm of the expected value. */
  rtol: number;
  /** Absolute floor, for entries that should be (near) zero. */
  atol: number;
}

export const TOLERANCES = {
  float64: { rtol: 1e-10, atol: 1e-12 },
  float32: { rtol: 1e-4, atol: 1e-6 },
  finiteDifference: { rtol: 1e-7, atol: 1e-9 },
} as const satisfies Record<string, Tolerance>;

export type Precision = keyof typeof TOLERANCES;
