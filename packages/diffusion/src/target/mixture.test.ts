import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { mixtureMarginal } from './mixture';
import { parseTarget } from './parseTarget';

const mix = parseTarget({
  type: 'gaussian-mixture',
  weights: [0.3, 0.7],
  means: [
    [-1, 0.5],
    [1, 0],
  ],
  std: [
    [0.2, 0.4],
    [0.3, 0.3],
  ],
}).mixture!;

describe('exact p_t and ∇log p_t of a Gaussian mixture (target-file spec)', () => {
  it('the score is the gradient of log p_t (central differences)', () => {
    const alpha = 0.8;
    const s2 = 1 - alpha * alpha;
    const pts = [
      [0.1, -0.2],
      [-1.2, 0.6],
      [2, 1],
    ];
    for (const p of pts) {
      const x = { rows: 1, cols: 2, data: Float64Array.from(p) };
      const s = mixtureMarginal(mix, alpha, s2, x).score.data;
      const h = 6e-6; // ≈ u^(1/3), see TOLERANCES.finiteDifference
      for (let j = 0; j < 2; j++) {
        const up = Float64Array.from(p),
          dn = Float64Array.from(p);
        up[j]! += h;
        dn[j]! -= h;
        const fd =
          (mixtureMarginal(mix, alpha, s2, { rows: 1, cols: 2, data: up }).logDensity[0]! -
            mixtureMarginal(mix, alpha, s2, { rows: 1, cols: 2, data: dn }).logDensity[0]!) /
          (2 * h);
        expect(s[j]).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-8 }); // log p_t's third derivative is O(1/var²) ~ 1e2 here, so 100× the FD tolerance
      }
    }
  });

  it('a single component at t = 0 is the Gaussian log-density, and far-away points stay finite', () => {
    const one = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[1, 2]], std: [0.5] }).mixture!;
    const x = { rows: 1, cols: 2, data: Float64Array.from([1.5, 1]) };
    const r = mixtureMarginal(one, 1, 0, x);
    expect(r.logDensity[0]).toBeAllClose(-Math.log(2 * Math.PI * 0.25) - (0.5 * (0.25 + 1)) / 0.25, TOLERANCES.float64);
    expect(r.score.data).toBeAllClose([-0.5 / 0.25, 1 / 0.25], TOLERANCES.float64);
    const far = mixtureMarginal(mix, 0.01, 1 - 1e-4, { rows: 1, cols: 2, data: Float64Array.from([1e3, -1e3]) });
    expect(far.score.data.every(Number.isFinite)).toBe(true);
    const tiny = mixtureMarginal(mix, 1, 0, { rows: 1, cols: 2, data: Float64Array.from([50, 50]) });
    expect(tiny.score.data.every(Number.isFinite)).toBe(true); // every component underflows exp: log-sum-exp keeps it finite
  });

  it('the score equals the float64 reference ∇p_t/p_t (literal sums, no log-sum-exp) at several (α, σ²)', () => {
    const x = { rows: 3, cols: 2, data: Float64Array.from([0.1, -0.2, -1.2, 0.6, 2, 1]) };
    for (const alpha of [1, 0.8, 0.1]) {
      const s2 = 1 - alpha * alpha;
      const ours = mixtureMarginal(mix, alpha, s2, x).score.data;
      expect(ours).toBeAllClose(
        reference.mixtureScore({ mixture: mix, alpha, sigma2: s2, x }).data,
        TOLERANCES.float64,
      );
    }
  });
});
