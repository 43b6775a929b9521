import { Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { energyDistance, mmd2, slicedWasserstein2 } from './distances';

const m = (rows: number[][]) => ({ rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) });

describe('two-sample distances', () => {
  it('identical samples: MMD² = energy = SW₂ = 0', () => {
    const x = m([
      [0, 0],
      [1, 2],
      [3, -1],
    ]);
    expect(mmd2({ x, y: x }).mmd2).toBeAllClose(0, TOLERANCES.float64);
    expect(energyDistance({ x, y: x })).toBeAllClose(0, TOLERANCES.float64);
    expect(slicedWasserstein2({ x, y: x })).toBe(0);
  });

  it('two point masses at distance a: energy = 2a, MMD² = 2 − 2exp(−a²/(2h²)), SW₂² = a²/d', () => {
    const a = 1.5;
    const x = m([
      [0, 0],
      [0, 0],
    ]);
    const y = m([
      [a, 0],
      [a, 0],
    ]);
    expect(energyDistance({ x, y })).toBeAllClose(2 * a, TOLERANCES.float64);
    expect(mmd2({ x, y, bandwidth: 1 }).mmd2).toBeAllClose(2 - 2 * Math.exp((-a * a) / 2), TOLERANCES.float64);
    // E_θ (θ·e₁)² = 1/d over the uniform sphere; 4000 directions: Monte Carlo SE ≈ 0.5·√(2/4000)/… ≲ 1.5 %
    expect(slicedWasserstein2({ x, y, projections: 4000, seed: 1 }) ** 2).toBeAllClose((a * a) / 2, {
      rtol: 0.05,
      atol: 0,
    });
  });

  it.each([0, -1, Number.NaN, Infinity])('mmd2 refuses bandwidth %p, naming it', (bandwidth) => {
    const x = m([
      [0, 0],
      [1, 0],
    ]);
    expect(() => mmd2({ x, y: x, bandwidth })).toThrow(/bandwidth/);
  });

  it('more separated distributions score higher on every metric', () => {
    const rng = new Rng(0);
    const draw = (shift: number) => {
      const d = new Float64Array(600);
      rng.fillNormal(d);
      for (let i = 0; i < 300; i++) d[2 * i]! += shift;
      return { rows: 300, cols: 2, data: d };
    };
    const base = draw(0);
    const near = draw(0.3);
    const far = draw(1.5);
    expect(mmd2({ x: base, y: far }).mmd2).toBeGreaterThan(mmd2({ x: base, y: near }).mmd2);
    expect(energyDistance({ x: base, y: far })).toBeGreaterThan(energyDistance({ x: base, y: near }));
    expect(slicedWasserstein2({ x: base, y: far })).toBeGreaterThan(slicedWasserstein2({ x: base, y: near }));
  });
});
