import { Rng } from '@softmax-ntk/linalg';
import { exactScore } from '../model/exactScore';
import { makeSchedule } from '../sde/schedule';
import { parseTarget } from '../target/parseTarget';
import { sample } from './sample';

// A 1-D Gaussian p₀ = N(μ, s²) has p_t = N(α_t μ, α_t² s² + σ_t²), so the exact score is linear and
// every sampler must return N(μ, s²) up to discretisation and Monte Carlo error.
const mu = 0.4;
const s = 0.3;
const target = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[mu]], std: [s] });
const schedule = makeSchedule({ spec: 'linear' });
const model = exactScore({ mixture: target.mixture!, schedule });

function moments(x: Float64Array): { mean: number; std: number } {
  let m = 0;
  for (const v of x) m += v / x.length;
  let v2 = 0;
  for (const v of x) v2 += (v - m) ** 2 / (x.length - 1);
  return { mean: m, std: Math.sqrt(v2) };
}

describe('Eq. 4 samplers with the exact score recover p₀', () => {
  const N = 4000;
  // 5 standard errors: SE(mean) = s/√N ≈ 0.0047, SE(std) ≈ s/√(2N) ≈ 0.0034; plus the sampler's own bias
  // (T₀ = 1e-3 leaves σ² ≈ 1e-4, i.e. +2e-4 on the std; EM with 500 steps adds O(h) ≈ 1 %).
  const tolMean = 5 * (s / Math.sqrt(N)) + 0.01;
  const tolStd = 5 * (s / Math.sqrt(2 * N)) + 0.01;
  it.each([
    ['sde', 500, 0],
    ['sde', 200, 1],
    ['heun', 100, 0],
    ['rk45', 0, 0],
  ] as const)('%s (%d steps, %d corrector steps)', (sampler, steps, correctorSteps) => {
    const r = sample({ model, schedule, count: N, sampler, steps: steps || 1, correctorSteps, seed: 11 });
    const m = moments(r.samples.data);
    expect(Math.abs(m.mean - mu)).toBeLessThan(tolMean);
    expect(Math.abs(m.std - s)).toBeLessThan(tolStd);
    if (sampler === 'rk45') expect(r.scoreEvaluations).toBeLessThan(2000);
  });

  it('finalCorrectorSteps: Langevin at T₀ relaxes samples that are too wide to p_{T₀} = N(α μ, α²s² + σ²)', () => {
    const t0 = 0.01;
    const T = 0.02;
    const al = schedule.alpha(t0);
    const stdT0 = Math.sqrt(al * al * s * s + schedule.sigma2(t0));
    // one predictor step over [0.01, 0.02] from draws 1.6 times as wide as p_T's: the predictor alone keeps them wide
    const z = new Rng(4).fillNormal(new Float64Array(N));
    const aT = schedule.alpha(T);
    const start = { rows: N, cols: 1, data: z.map((v) => aT * mu + 1.6 * stdT0 * v) };
    const wide = sample({ model, schedule, count: N, steps: 1, t0, T, start, seed: 5 });
    const fixed = sample({ model, schedule, count: N, steps: 1, t0, T, start, seed: 5, finalCorrectorSteps: 300 });
    const a = moments(wide.samples.data);
    const b = moments(fixed.samples.data);
    // 300 Langevin steps of ε = 2(0.16‖z‖/‖s‖)² ≈ 0.05·v (v = α²s² + σ² once relaxed; 2.6 times smaller at the
    // start) relax the spread (rate ε/v per step) to within the Monte Carlo tolerance plus ULA's own bias (its
    // stationary variance is v/(1 − ε/2v), +1.3 % on the std).
    expect(Math.abs(a.std - stdT0)).toBeGreaterThan(3 * tolStd);
    expect(Math.abs(b.std - stdT0)).toBeLessThan(tolStd);
    expect(Math.abs(b.mean - al * mu)).toBeLessThan(tolMean);
    expect(fixed.scoreEvaluations).toBe(wide.scoreEvaluations + 300);
  });

  it('the probability-flow ODE is deterministic given y(0): Heun and RK45 land on the same points', () => {
    const start = { rows: 200, cols: 1, data: new Rng(2).fillNormal(new Float64Array(200)) as Float64Array };
    const a = sample({ model, schedule, count: 200, sampler: 'heun', steps: 400, start });
    const b = sample({ model, schedule, count: 200, sampler: 'rk45', start, rtol: 1e-7, atol: 1e-8 });
    expect(a.samples.data).toBeAllClose(b.samples.data, { rtol: 0, atol: 1e-4 }); // Heun's global error O(h²) with h = 2.5e-3 and |g| ≤ 20
  });

  it('denoiseFinal applies Tweedie: E[x(0)|x(T₀)] under the exact score shrinks by s²/(s² + σ²/α²)', () => {
    const start = { rows: 50, cols: 1, data: new Rng(3).fillNormal(new Float64Array(50)) as Float64Array };
    const a = sample({ model, schedule, count: 50, sampler: 'heun', steps: 50, start, t0: 0.05 });
    const b = sample({ model, schedule, count: 50, sampler: 'heun', steps: 50, start, t0: 0.05, denoiseFinal: true });
    const al = schedule.alpha(0.05),
      s2 = schedule.sigma2(0.05);
    const k = (al * s * s) / (al * al * s * s + s2);
    const expected = Array.from(a.samples.data, (x) => mu + k * (x - al * mu));
    expect(b.samples.data).toBeAllClose(expected, { rtol: 1e-12, atol: 1e-12 });
  });
});
