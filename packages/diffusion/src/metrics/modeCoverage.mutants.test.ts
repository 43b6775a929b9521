import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { exactMessage } from '@softmax-ntk/test-helpers';
import type { GaussianMixture } from '../target/target';
import { modeCoverage } from './modeCoverage';

// Exact checks of modeCoverage that modeCoverage.test.ts (8-gaussians draws, one hand count) leaves loose: a
// two-component mixture with per-coordinate std and unequal weights, samples placed by hand on the boundaries,
// and P(χ²_d ≤ r²) against its closed forms for d = 1…4.

const mixture: GaussianMixture = {
  weights: Float64Array.from([0.25, 0.75]),
  means: { rows: 2, cols: 2, data: Float64Array.from([0, 0, 10, 0]) },
  std: { rows: 2, cols: 2, data: Float64Array.from([1, 2, 0.5, 1]) },
};

const samples = (rows: number[][]) => ({ rows: rows.length, cols: 2, data: Float64Array.from(rows.flat()) });

describe('modeCoverage by hand', () => {
  it('standardised distance per coordinate, nearest component, boundary r = radius counts as near', () => {
    const c = modeCoverage({
      samples: samples([
        [3, 0], // component 0 at exactly 3 std (coordinate 0): near
        [0, 6], // component 0 at exactly 3 std of coordinate 1 (std 2): near
        [0, 6.01], // just outside
        [10, 0.5], // component 1
        [11.5, 0], // component 1 at exactly 3 std (std 0.5): near
        [5, 0], // 5 std from 0, 10 std from 1: not near
      ]),
      mixture,
    });
    expect(c).toEqual({
      n: 6,
      near: 4,
      nearFraction: 4 / 6,
      nearFractionExpected: 1 - Math.exp(-4.5),
      counts: [2, 2],
      shares: [2 / (0.25 * 6), 2 / (0.75 * 6)],
      covered: 2,
      components: 2,
    });
  });

  it('a sample equally far from two components goes to the first; minShare and radius are honoured', () => {
    const twin: GaussianMixture = {
      weights: Float64Array.from([0.5, 0.5]),
      means: { rows: 2, cols: 1, data: Float64Array.from([-1, 1]) },
      std: { rows: 2, cols: 1, data: Float64Array.from([1, 1]) },
    };
    const tie = modeCoverage({ samples: { rows: 1, cols: 1, data: Float64Array.from([0]) }, mixture: twin });
    expect(tie.counts).toEqual([1, 0]);
    const c = modeCoverage({
      samples: samples([
        [0, 0],
        [0, 0],
        [0, 0],
        [10, 0],
      ]),
      mixture,
      minShare: 0.6,
    });
    // shares: 3/(0.25·4) = 3, 1/(0.75·4) = 1/3: only component 0 reaches 0.6; exactly 1/3 is covered at minShare 1/3
    expect(c.shares).toEqual([3, 1 / 3]);
    expect(c.covered).toBe(1);
    expect(
      modeCoverage({
        samples: samples([
          [10, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ]),
        mixture,
        minShare: 1 / 3,
      }).covered,
    ).toBe(2);
    const r = modeCoverage({ samples: samples([[1.5, 0]]), mixture, radius: 1.5 });
    expect(r.near).toBe(1);
    expect(r.nearFractionExpected).toBeAllClose(1 - Math.exp(-1.125), { rtol: 1e-13, atol: 0 }); // the series to 1e-16
    expect(modeCoverage({ samples: samples([[1.5, 0]]), mixture, radius: 1.49 }).near).toBe(0);
  });

  it.each([
    [1, 2, 0.9544997361036416], // erf(2/√2), tabulated
    [2, 1.3, 1 - Math.exp(-0.845)],
    [3, 2, 0.7385358700508894], // erf(√2) − √(2/π)·2·e^{−2}, tabulated
    [4, 3, 1 - Math.exp(-4.5) * (1 + 4.5)],
    [6, 10, 1], // far in the tail: capped at 1
  ])('P(χ²_%d ≤ r²) for r = %p', (d, r, expected) => {
    const one: GaussianMixture = {
      weights: Float64Array.from([1]),
      means: { rows: 1, cols: d, data: new Float64Array(d) },
      std: { rows: 1, cols: d, data: new Float64Array(d).fill(1) },
    };
    const c = modeCoverage({ samples: { rows: 1, cols: d, data: new Float64Array(d) }, mixture: one, radius: r });
    expect(c.nearFractionExpected).toBeAllClose(expected, { rtol: 1e-13, atol: 0 }); // the series to 1e-16
    expect(c.nearFractionExpected).toBeLessThanOrEqual(1);
  });

  // Bug: the series alone returned NaN from radius 40 on (terms ~e^{r²/2} overflow while e^{−r²/2} underflows).
  // Against stdlib's χ² CDF (an independent implementation) on both sides of x = r²/2 = a + 1 = d/2 + 1, where the
  // series hands over to the continued fraction, and far in the tail; kills mutants of either branch and of the
  // switch between them.
  it.each([1, 2, 3, 5, 8, 31, 200])('P(χ²_%d ≤ r²) matches stdlib from r = 0.05 to 1000 (finite, ≤ 1)', (d) => {
    const one: GaussianMixture = {
      weights: Float64Array.from([1]),
      means: { rows: 1, cols: d, data: new Float64Array(d) },
      std: { rows: 1, cols: d, data: new Float64Array(d).fill(1) },
    };
    const radii = [
      0.05,
      0.5,
      1,
      Math.sqrt(d + 1.9),
      Math.sqrt(d + 2),
      Math.sqrt(d + 2.1),
      3,
      5,
      10,
      20,
      39.9,
      40,
      41,
      1e3,
    ];
    const got = radii.map(
      (radius) =>
        modeCoverage({ samples: { rows: 1, cols: d, data: new Float64Array(d) }, mixture: one, radius })
          .nearFractionExpected,
    );
    // rtol 1e-12 (not float64's default): the exponent a·ln x − x − ln Γ(a) has terms of size ~1e3 for d = 200, so
    // its rounding (~1e-13 absolute) is the result's relative error
    expect(got).toBeAllClose(
      radii.map((r) => chisquareCdf(r * r, d)),
      { rtol: 1e-12, atol: 0 },
    );
    expect(got.every((p) => Number.isFinite(p) && p <= 1)).toBe(true);
    expect(got.slice(-3)).toEqual([1, 1, 1]); // radius ≥ 40: 1 to double precision
  });

  it('refuses bad options naming the field', () => {
    const s = samples([[0, 0]]);
    expect(() => modeCoverage({ samples: s, mixture, radius: 0 })).toThrow(/^invalid argument: radius: /);
    expect(() => modeCoverage({ samples: s, mixture, minShare: -1 })).toThrow(/^invalid argument: minShare: /);
    const none: GaussianMixture = {
      weights: new Float64Array(0),
      means: { rows: 0, cols: 2, data: new Float64Array(0) },
      std: { rows: 0, cols: 2, data: new Float64Array(0) },
    };
    expect(() => modeCoverage({ samples: s, mixture: none })).toThrow(
      exactMessage('invalid argument: mixture: has no components'),
    );
  });
});
