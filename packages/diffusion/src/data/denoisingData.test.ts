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
    let m1 = 0,
      m2 = 0;
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

  it('log-uniform times: log t ~ U(log T₀, log T); preconditioned inputs c_in(t)·x(t) have unit second moment at every t', () => {
    const n = 4000;
    const d = makeDenoisingData({
      target,
      normalization,
      schedule,
      n,
      t0: 0.01,
      seed: 6,
      timeSampling: 'log-uniform',
      timeScale: 3,
      precondition: true,
    });
    // log t/log(T/T₀) ~ U(0, 1) shifted: mean ½ and variance 1/12, within 5 standard errors
    let m1 = 0;
    let maxNorm = 0;
    for (let i = 0; i < n; i++) {
      const t = d.t[i]!;
      expect(t).toBeGreaterThanOrEqual(0.01);
      expect(t).toBeLessThanOrEqual(1);
      m1 += Math.log(t / 0.01) / Math.log(100) / n;
      const r = d.x.data.subarray(3 * i, 3 * i + 3);
      maxNorm = Math.max(maxNorm, Math.hypot(r[0]!, r[1]!, r[2]!));
      expect(r[0]! * d.inputScale).toBeAllClose(3 * t, { rtol: 1e-14, atol: 0 }); // c_t·t/T with c_t = 3
    }
    expect(Math.abs(m1 - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(maxNorm).toBeAllClose(1, { rtol: 1e-14, atol: 0 });
    // v is the training x(0)'s mean squared coordinate; x(t)·c_in(t)/R·R has unit second moment, pooled over
    // all t (each t has E[x(t)_j²] = α_t²E[x(0)_j²] + σ_t² = 1/c_in²): 5 SE with fourth moment ≤ 3·(max)²
    const v = d.features.secondMoment!;
    let x0m = 0;
    for (const u of d.x0.data) x0m += (u * u) / d.x0.data.length;
    expect(v).toBeAllClose(x0m, { rtol: 1e-14, atol: 0 });
    let m2 = 0;
    for (let i = 0; i < n; i++) for (let j = 1; j < 3; j++) m2 += (d.x.data[3 * i + j]! * d.inputScale) ** 2 / (2 * n);
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(3 / (2 * n)));
    // the paper's inputs are the default of makeDenoisingData
    expect(makeDenoisingData({ target, normalization, schedule, n: 5, seed: 1 }).features).toEqual({
      timeScale: 1,
      secondMoment: null,
    });
    expect(() => makeDenoisingData({ target, normalization, schedule, n: 5, timeSampling: 'beta' as never })).toThrow(
      /timeSampling/,
    );
  });

  it("labels: x(0) for the paper's parameterization, ε for noise prediction; T₀ ≥ T refused", () => {
    const a = makeDenoisingData({ target, normalization, schedule, n: 10, seed: 1 });
    const b = makeDenoisingData({ target, normalization, schedule, n: 10, seed: 1, parameterization: 'eps' });
    expect(Array.from(a.y.data)).toEqual(Array.from(a.x0.data));
    const t = b.t[3]!;
    expect(b.y.data[6]).toBeAllClose(
      (b.xt.data[6]! - schedule.alpha(t) * b.x0.data[6]!) / Math.sqrt(schedule.sigma2(t)),
      { rtol: 1e-12, atol: 1e-12 },
    );
    expect(() => makeDenoisingData({ target, normalization, schedule, n: 10, t0: 1, T: 1 })).toThrow(/T₀ < T/);
  });
});
