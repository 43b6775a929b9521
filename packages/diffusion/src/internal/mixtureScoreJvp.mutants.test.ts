import { TOLERANCES } from '@softmax-ntk/test-helpers';
import type { GaussianMixture } from '../target/target';
import { mixtureScoreJvp } from './mixtureScoreJvp';

// Two anisotropic components in d = 2 whose log-weights differ by hundreds of nats far from both: there the
// responsibilities are one-hot in float64 (exp(−700) = 0 beside 1), so the score is component k's
// g_k = ι_k ∘ (α μ_k − x) and ∇²log p_t·v is −ι_k ∘ v exactly: a log-sum-exp that does not subtract the largest
// log-term overflows (exp(+700 …)) or divides 0 by 0.
const mix: GaussianMixture = {
  weights: Float64Array.from([0.3, 0.7]),
  means: { rows: 2, cols: 2, data: Float64Array.from([-1, 0.5, 1, 0]) },
  std: { rows: 2, cols: 2, data: Float64Array.from([0.2, 0.4, 0.3, 0.1]) },
};

describe('∇²log p_t·v of a Gaussian mixture where one component dominates', () => {
  it.each([
    // [x, which component dominates]: far up (component 0, the wide one in y; the last log-term is the smaller)
    // and far right (component 1, the wide one in x; the last log-term is the larger)
    [[0, 40], 0],
    [[40, 0], 1],
  ] as const)('x = %p: the score and Hessian·v of component %p alone', (p, k) => {
    const alpha = 0.9;
    const s2 = 0.01;
    const x = { rows: 1, cols: 2, data: Float64Array.from(p) };
    const V = [
      { rows: 1, cols: 2, data: Float64Array.from([1, 0]) },
      { rows: 1, cols: 2, data: Float64Array.from([0.3, -2]) },
    ];
    const r = mixtureScoreJvp(mix, alpha, s2, x, V);
    const inv = [0, 1].map((j) => 1 / (alpha ** 2 * mix.std.data[2 * k + j]! ** 2 + s2));
    const g = [0, 1].map((j) => inv[j]! * (alpha * mix.means.data[2 * k + j]! - p[j]!));
    expect(r.score.data).toBeAllClose(g, TOLERANCES.float64);
    expect(r.jvp).toHaveLength(2);
    V.forEach((v, c) => {
      // r_k(g_k⟨g_k, v⟩ − ι_k ∘ v) − s⟨s, v⟩ with r_k = 1, s = g_k: the outer products cancel to rounding of |g|²
      const scale = Math.hypot(...g) ** 2 * Math.hypot(...v.data);
      expect(r.jvp[c]!.data).toBeAllClose(
        [0, 1].map((j) => -inv[j]! * v.data[j]!),
        { rtol: 0, atol: 1e-14 * scale }, // the cancelling terms are ~|g|²|v|; rounding of each is ~u times that
      );
    });
  });

  it('no direction: only the score, for several rows', () => {
    const x = { rows: 2, cols: 2, data: Float64Array.from([0, 40, 40, 0]) };
    const r = mixtureScoreJvp(mix, 1, 0.05, x, []);
    expect(r.jvp).toEqual([]);
    expect([r.score.rows, r.score.cols]).toEqual([2, 2]);
    const want = [-1 / (0.04 + 0.05), (0.5 - 40) / (0.16 + 0.05), (1 - 40) / (0.09 + 0.05), 0];
    expect(r.score.data).toBeAllClose(want, TOLERANCES.float64);
  });
});
