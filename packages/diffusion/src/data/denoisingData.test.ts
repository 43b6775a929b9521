import * as reference from '@softmax-ntk/reference';
import { makeSchedule } from '../sde/schedule';
import { fitNormalization } from '../target/normalization';
import { parseTarget } from '../target/parseTarget';
import { DEFAULT_T0 } from '../sde/defaultTimes';
import { makeDenoisingData, scoreWeight } from './denoisingData';

// The float64 reference computes α_t, σ_t² by Simpson quadrature of g (its tests bound the error by 1e-7 relative);
// 1e-6 relative covers it, and x(t) = α x(0) + σ ε inherits the same relative error.
const QUADRATURE = { rtol: 1e-6, atol: 1e-12 };
const g = (t: number) => 0.1 + 19.9 * t; // the linear schedule's β(t) (β_min = 0.1, β_max = 20, T = 1)

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
    // the noise the labels of parameterization "eps" carry, from the same seed, rebuilds every x(t) and every input in
    // the float64 reference of Section 6.1 (α, σ by quadrature of g, not the schedule's closed form)
    const e = makeDenoisingData({
      target,
      normalization,
      schedule,
      n: 3000,
      t0: 0.01,
      seed: 4,
      parameterization: 'eps',
    });
    const ref = reference.denoisingPairs({ x0: d.x0, t: d.t, eps: e.y, g });
    expect(d.xt.data).toBeAllClose(ref.xt.data, QUADRATURE);
    // the network input is the paper's (t, x(t)) with t divided by T = 1, all divided by R
    expect(Array.from(d.x.data, (v) => v * d.inputScale)).toBeAllClose(ref.x.data, QUADRATURE);
    // ε ~ N(0, I): mean 0, variance 1 within 5 standard errors of n·d = 6000 draws
    let m1 = 0,
      m2 = 0;
    for (const v of e.y.data) {
      m1 += v / 6000;
      m2 += (v * v) / 6000;
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
    expect(() => makeDenoisingData({ target, normalization, schedule, n: 5, bias: -1 })).toThrow(/bias/);
    expect(() => makeDenoisingData({ target, normalization, schedule, n: 5, bias: NaN })).toThrow(/bias/);
  });

  it("labels: x(0) for the paper's parameterization, ε for noise prediction; T₀ ≥ T refused", () => {
    const a = makeDenoisingData({ target, normalization, schedule, n: 10, seed: 1 });
    const b = makeDenoisingData({ target, normalization, schedule, n: 10, seed: 1, parameterization: 'eps' });
    expect(Array.from(a.y.data)).toEqual(Array.from(a.x0.data));
    expect(reference.denoisingPairs({ x0: b.x0, t: b.t, eps: b.y, g }).xt.data).toBeAllClose(b.xt.data, QUADRATURE);
    expect(() => makeDenoisingData({ target, normalization, schedule, n: 10, t0: 1, T: 1 })).toThrow(/T₀ < T/);
  });

  it('the defaults: T₀ = DEFAULT_T0 = 0.01 (t_i ≥ 0.01 and draws reach below 0.013); λ(t) = σ_t⁴/α_t²', () => {
    expect(DEFAULT_T0).toBe(0.01);
    const d = makeDenoisingData({ target, normalization, schedule, n: 2000, seed: 2 });
    const tMin = Math.min(...d.t);
    expect(tMin).toBeGreaterThanOrEqual(0.01);
    // t ~ U(T₀, 1) starts at T₀ (a default of 1e-3 fails this): for any seed, min ≥ 0.013 has chance (1 − 0.003/0.99)^2000 ≈ e⁻⁶
    expect(tMin).toBeLessThan(0.013);
    for (const t of [0.01, 0.3, 1]) {
      const { alpha, sigma2 } = reference.forwardProcess({ g, t });
      expect(scoreWeight(schedule, t)).toBeAllClose(sigma2 ** 2 / alpha ** 2, QUADRATURE);
    }
  });
});
