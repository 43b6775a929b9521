import { makeSchedule } from '../sde/schedule';
import { fitNormalization } from '../target/normalization';
import { parseTarget } from '../target/parseTarget';
import { makeDenoisingData } from './denoisingData';

describe('Section 6.1 denoising data', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const normalization = fitNormalization(target);
  const schedule = makeSchedule({ spec: 'linear' });

  it('inputs (t/T, x(t))/R have norm ≤ 1 (Assumption 6.1), t ∈ [T₀, T], x(t) = α_t x(0) + σ_t ε', () => {
    const d = makeDenoisingData({ target, normalization, schedule, n: 3000, t0: 0.01, seed: 4 });
    let maxNorm = 0;
    for (let i = 0; i < 3000; i++) {
      const r = d.x.data.subarray(3 * i, 3 * i + 3);
      maxNorm = Math.max(maxNorm, Math.hypot(r[0]!, r[1]!, r[2]!));
      expect(d.t[i]).toBeGreaterThanOrEqual(0.01);
      expect(r[0]! * d.inputScale).toBeAllClose(d.t[i]!, { rtol: 1e-14, atol: 0 });
    }
    expect(maxNorm).toBeAllClose(1, { rtol: 1e-14, atol: 0 }); // R is the largest input norm
    // standardised noise ε = (x(t) − α x(0))/σ has mean 0, variance 1 (5 SE with n·d = 6000 draws)
    let m1 = 0, m2 = 0;
    for (let i = 0; i < 3000; i++)
      for (let j = 0; j < 2; j++) {
        const t = d.t[i]!;
        const e = (d.xt.data[2 * i + j]! - schedule.alpha(t) * d.x0.data[2 * i + j]!) / Math.sqrt(schedule.sigma2(t));
        m1 += e / 6000;
        m2 += (e * e) / 6000;
      }
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(6000));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / 6000));
  });

  it('labels: x(0) for the paper\'s parameterization, ε for noise prediction; T₀ ≥ T refused', () => {
    const a = makeDenoisingData({ target, normalization, schedule, n: 10, seed: 1 });
    const b = makeDenoisingData({ target, normalization, schedule, n: 10, seed: 1, parameterization: 'eps' });
    expect(Array.from(a.y.data)).toEqual(Array.from(a.x0.data));
    const t = b.t[3]!;
    expect(b.y.data[6]).toBeAllClose((b.xt.data[6]! - schedule.alpha(t) * b.x0.data[6]!) / Math.sqrt(schedule.sigma2(t)), { rtol: 1e-12, atol: 1e-12 });
    expect(() => makeDenoisingData({ target, normalization, schedule, n: 10, t0: 1, T: 1 })).toThrow(/T₀ < T/);
  });
});
