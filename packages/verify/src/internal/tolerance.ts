/**
 * Tolerances of the checks. They are the per-precision tolerances of
 * @softmax-ntk/test-helpers (float64: 1e-10 relative, three orders above the
 * k·u rounding of the sums involved; central differences: 1e-7, the
 * O(h²) + O(u/h) error at h ≈ u^(1/3)), repeated here because the checks ship
 * in the published package and the test helpers do not.
 */
export const TOLERANCE = {
  float64: { rtol: 1e-10, atol: 1e-12 },
  finiteDifference: { rtol: 1e-7, atol: 1e-9 },
} as const;
