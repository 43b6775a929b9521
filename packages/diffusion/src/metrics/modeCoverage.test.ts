import { Rng } from '@softmax-ntk/linalg';
import { parseTarget } from '../target/parseTarget';
import { modeCoverage } from './modeCoverage';

describe('modeCoverage', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const mixture = target.mixture!;

  it('p₀ samples: near fraction ≈ P(χ²₂ ≤ 9) = 1 − e^{−4.5}, every mode covered with share ≈ 1', () => {
    const n = 20000;
    const c = modeCoverage({ samples: target.sample(n, new Rng(1)), mixture });
    expect(c.nearFractionExpected).toBeAllClose(1 - Math.exp(-4.5), { rtol: 1e-14, atol: 0 });
    const p = c.nearFractionExpected;
    expect(Math.abs(c.nearFraction - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    expect(c.covered).toBe(8);
    for (const s of c.shares) expect(Math.abs(s - p)).toBeLessThan(0.1); // each share: 2500 draws, SE ≈ 0.02
  });

  it('counts by hand: a sample at a mean, one 4 std away, one at the origin; a collapsed sampler covers 1 mode', () => {
    const m0 = [mixture.means.data[0]!, mixture.means.data[1]!];
    const s = mixture.std.data[0]!;
    const c = modeCoverage({
      samples: { rows: 3, cols: 2, data: Float64Array.from([m0[0]!, m0[1]!, m0[0]! + 4 * s, m0[1]!, 0, 0]) },
      mixture,
    });
    expect(c.near).toBe(1);
    expect(c.counts[0]).toBe(1);
    const collapsed = { rows: 100, cols: 2, data: new Float64Array(200).map((_, i) => m0[i % 2]!) };
    expect(modeCoverage({ samples: collapsed, mixture }).covered).toBe(1);
  });

  it('χ² cdf for odd d (Γ(½) branch): P(χ²₁ ≤ 9) = erf(3/√2)', () => {
    const one = {
      weights: Float64Array.from([1]),
      means: { rows: 1, cols: 1, data: Float64Array.from([0]) },
      std: { rows: 1, cols: 1, data: Float64Array.from([1]) },
    };
    const c = modeCoverage({ samples: { rows: 1, cols: 1, data: Float64Array.from([0]) }, mixture: one });
    expect(c.nearFractionExpected).toBeAllClose(0.9973002039367398, { rtol: 1e-12, atol: 0 }); // erf(3/√2), tabulated
    expect(() =>
      modeCoverage({ samples: { rows: 1, cols: 2, data: Float64Array.from([0, 0]) }, mixture: one }),
    ).toThrow(/samples/);
  });
});
