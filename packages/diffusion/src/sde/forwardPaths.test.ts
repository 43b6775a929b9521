import { Rng } from '@softmax-ntk/linalg';
import { forwardProcess } from '@softmax-ntk/reference';
import { forwardPaths } from './forwardPaths';
import { makeSchedule } from './schedule';

describe('Eq. 3: Euler–Maruyama forward paths agree with the closed-form marginals N(α_t x(0), σ_t² I)', () => {
  it.each(['linear', 'cosine', '1 + 5*t^2'])('schedule %s', (spec) => {
    const schedule = makeSchedule({ spec });
    const n = 4000;
    const x0 = { rows: n, cols: 1, data: new Float64Array(n).fill(0.8) };
    const t = 0.4;
    const xt = forwardPaths({ schedule, x0, t, steps: 400, rng: new Rng(3) });
    let mean = 0;
    for (const v of xt.data) mean += v / n;
    let v2 = 0;
    for (const v of xt.data) v2 += (v - mean) ** 2 / (n - 1);
    // α_t and σ_t² by the float64 reference of Eq. 3's explicit solution (Simpson quadrature of g, not the
    // schedule's closed forms)
    const { alpha: a, sigma2: s2 } = forwardProcess({ g: (s) => schedule.g(s), t });
    // Monte Carlo: SE(mean) = σ/√n, SE(var) ≈ σ²√(2/n); 5 SE bounds plus the O(h) Euler bias
    // (h = 1e-3, |g| ≤ 20: relative bias ≲ g·h ≈ 1e-2 on α and σ²).
    expect(Math.abs(mean - 0.8 * a)).toBeLessThan(5 * Math.sqrt(s2 / n) + 1e-2 * a);
    expect(Math.abs(v2 - s2)).toBeLessThan(5 * s2 * Math.sqrt(2 / n) + 1e-2 * s2);
  });
});
