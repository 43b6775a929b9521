import { Rng } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { affineMixture, mixtureMarginal, sampleMixture } from './mixture';
import type { GaussianMixture } from './target';

// Three anisotropic components in d = 3 with unequal weights: every index (k, j) of means, std and inverse variances
// enters with a different value, so a swapped index or a dropped factor changes the numbers.
const mix: GaussianMixture = {
  weights: Float64Array.from([0.2, 0.5, 0.3]),
  means: { rows: 3, cols: 3, data: Float64Array.from([-0.5, 0.1, 0.3, 0.4, -0.2, 0, 0, 0.5, -0.4]) },
  std: { rows: 3, cols: 3, data: Float64Array.from([0.2, 0.25, 0.3, 0.1, 0.3, 0.15, 0.35, 0.2, 0.25]) },
};
const x = { rows: 4, cols: 3, data: Float64Array.from([0.1, -0.2, 0.3, -0.4, 0.4, 0.1, 0.6, 0, -0.2, 0, 0.3, -0.3]) };

/** p_t(x_i) = Σ_k w_k Π_j N(x_ij; α μ_kj, α² s_kj² + σ²), summed directly (no logs, no log-sum-exp). */
function directDensity(alpha: number, s2: number, i: number): number {
  let p = 0;
  for (let k = 0; k < 3; k++) {
    let pk = mix.weights[k]!;
    for (let j = 0; j < 3; j++) {
      const v = alpha ** 2 * mix.std.data[3 * k + j]! ** 2 + s2;
      pk *=
        Math.exp(-((x.data[3 * i + j]! - alpha * mix.means.data[3 * k + j]!) ** 2) / (2 * v)) /
        Math.sqrt(2 * Math.PI * v);
    }
    p += pk;
  }
  return p;
}

describe('exact p_t of a Gaussian mixture against a direct density sum', () => {
  it.each([
    [1, 0],
    [0.9, 0.19],
    [0.3, 0.91],
  ])('α = %p, σ² = %p: log p_t and ∇log p_t', (alpha, s2) => {
    const r = mixtureMarginal(mix, alpha, s2, x);
    expect(r.logDensity).toBeAllClose(
      [0, 1, 2, 3].map((i) => Math.log(directDensity(alpha, s2, i))),
      TOLERANCES.float64,
    );
    expect([r.score.rows, r.score.cols]).toEqual([4, 3]);
    expect(r.score.data).toBeAllClose(
      reference.mixtureScore({ mixture: mix, alpha, sigma2: s2, x }).data,
      TOLERANCES.float64,
    );
  });

  it('without the score: the same log-density and an empty 0 × d score', () => {
    const r = mixtureMarginal(mix, 0.8, 0.36, x, false);
    expect(r.logDensity).toBeAllClose(mixtureMarginal(mix, 0.8, 0.36, x).logDensity, TOLERANCES.float64);
    expect([r.score.rows, r.score.cols, r.score.data.length]).toEqual([0, 3, 0]);
  });

  it.each([
    // the last component's log-term is the largest (−1165 against −1332 and −3552)
    [7, 7, 7],
    // the last component's log-term is ~1800 below the largest (component 1): a log-sum-exp that subtracted the last
    // term instead of the largest would overflow exp
    [0, -15, 0],
  ])('far from every component, x = (%p, %p, %p): log-sum-exp is exact where the plain sum underflows', (...p) => {
    // t = 0 (α = 1, σ² = 0): every component density underflows to 0 (log p_t < −745)
    const far = { rows: 1, cols: 3, data: Float64Array.from(p) };
    const r = mixtureMarginal(mix, 1, 0, far);
    // by hand: the largest log-component term plus log Σ exp(differences)
    const logs = [0, 1, 2].map((k) => {
      let l = Math.log(mix.weights[k]!);
      for (let j = 0; j < 3; j++) {
        const v = mix.std.data[3 * k + j]! ** 2;
        l -= 0.5 * Math.log(2 * Math.PI * v) + (p[j]! - mix.means.data[3 * k + j]!) ** 2 / (2 * v);
      }
      return l;
    });
    const top = Math.max(...logs);
    expect(r.logDensity[0]).toBeAllClose(
      top + Math.log(logs.reduce((s, l) => s + Math.exp(l - top), 0)),
      TOLERANCES.float64,
    );
    expect(r.logDensity[0]).toBeLessThan(-745);
    // the score: responsibilities exp(l_k − top)/Σ, component scores (μ_k − x)/s_k²
    const z = logs.reduce((s, l) => s + Math.exp(l - top), 0);
    const score = [0, 1, 2].map((j) =>
      [0, 1, 2].reduce(
        (s, k) =>
          s + (Math.exp(logs[k]! - top) / z) * ((mix.means.data[3 * k + j]! - p[j]!) / mix.std.data[3 * k + j]! ** 2),
        0,
      ),
    );
    expect(r.score.data).toBeAllClose(score, TOLERANCES.float64);
  });
});

describe('sampleMixture and affineMixture', () => {
  it('each draw: a component by inverse CDF of one uniform (scaled by Σw), then μ_k + s_k ∘ ε', () => {
    // weights that do not sum to 1: the uniform is scaled by their sum
    const m: GaussianMixture = { ...mix, weights: Float64Array.from([1, 2.5, 1.5]) };
    const n = 300;
    const got = sampleMixture(m, n, new Rng(21));
    expect([got.rows, got.cols]).toEqual([n, 3]);
    const rng = new Rng(21);
    const want: number[] = [];
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const u = rng.uniform() * 5;
      const k = u < 1 ? 0 : u < 3.5 ? 1 : 2;
      counts[k]!++;
      for (let j = 0; j < 3; j++) want.push(m.means.data[3 * k + j]! + m.std.data[3 * k + j]! * rng.normal());
    }
    expect(got.data).toBeAllClose(want, TOLERANCES.float64);
    expect(counts.every((c) => c > 30)).toBe(true); // every component drawn
  });

  it('the last component takes u at or beyond the rounded total (no index past K)', () => {
    // weights 0.1 × 3 sum to 0.30000000000000004 in float64, cdf[2] equals it: u·c < c still picks k ≤ 2
    const m: GaussianMixture = {
      weights: Float64Array.from([0.1, 0.1, 0.1]),
      means: { rows: 3, cols: 1, data: Float64Array.from([1, 2, 3]) },
      std: { rows: 3, cols: 1, data: Float64Array.from([1e-300, 1e-300, 1e-300]) },
    };
    const fake = { uniform: () => 1 - 2 ** -53, normal: () => 1 } as unknown as Rng;
    expect(Array.from(sampleMixture(m, 2, fake).data)).toEqual([3, 3]);
    const low = { uniform: () => 0, normal: () => 1 } as unknown as Rng;
    expect(Array.from(sampleMixture(m, 1, low).data)).toEqual([1]);
    // u exactly on a CDF step goes to the next component (u ≥ cdf[k] moves on)
    const step = { uniform: () => 1 / 3, normal: () => 0 } as unknown as Rng;
    const halves: GaussianMixture = { ...m, weights: Float64Array.from([1, 1, 1]) };
    expect(Array.from(sampleMixture(halves, 1, step).data)).toEqual([2]);
  });

  it('the mixture of (x − shift)/scale: means shifted and scaled per coordinate, std scaled, weights copied', () => {
    const y = affineMixture(mix, [1, -2, 0.5], 4);
    expect(Array.from(y.means.data)).toEqual(Array.from(mix.means.data, (v, i) => (v - [1, -2, 0.5][i % 3]!) / 4));
    expect(Array.from(y.std.data)).toEqual(Array.from(mix.std.data, (v) => v / 4));
    expect([y.means.rows, y.means.cols, y.std.rows, y.std.cols]).toEqual([3, 3, 3, 3]);
    expect(Array.from(y.weights)).toEqual(Array.from(mix.weights));
    expect(y.weights).not.toBe(mix.weights); // a copy
  });
});
