import { Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { exactScore } from '../model/exactScore';
import { DEFAULT_SAMPLING_T0 } from '../sde/defaultTimes';
import { sampleQuality } from '../metrics/sampleQuality';
import { modeCoverage } from '../metrics/modeCoverage';
import { makeSchedule } from '../sde/schedule';
import { mixtureMarginal } from '../target/mixture';
import { parseTarget } from '../target/parseTarget';
import { sample } from './sample';
import { createScheduler } from './scheduler';

const target = parseTarget({
  type: 'gaussian-mixture',
  weights: [0.35, 0.65],
  means: [
    [-0.5, 0.2],
    [0.4, -0.3],
  ],
  std: [0.08, 0.12],
});
const schedule = makeSchedule({ spec: 'linear' });
const model = exactScore({ mixture: target.mixture!, schedule });

describe('diffusers-style scheduler (setTimesteps / step)', () => {
  it("the default end time is DEFAULT_SAMPLING_T0 = 1e-3 (score_sde's ε): 4 steps of (1 − 1e-3)/4 from T = 1", () => {
    expect(DEFAULT_SAMPLING_T0).toBe(1e-3);
    const s = createScheduler({ schedule });
    s.setTimesteps(4);
    // T − k·h, h = (1 − 0.001)/4 = 0.24975 (exact decimal literals; the next step would land on 1e-3)
    expect(Array.from(s.timesteps)).toBeAllClose([1, 0.75025, 0.5005, 0.25075], TOLERANCES.float64);
  });

  it('sde: the same seed gives the same trajectory as sample({ sampler: "sde" })', () => {
    const steps = 50;
    const ref = sample({ model, schedule, count: 40, steps, seed: 9 });
    const sch = createScheduler({ schedule, kind: 'sde', seed: 9 });
    sch.setTimesteps(steps);
    let x = sch.initNoise(40, 2);
    for (const t of sch.timesteps) x = sch.step(model.score(t, x), t, x).prevSample;
    expect(x.data).toBeAllClose(ref.samples.data, TOLERANCES.float64);
  });

  it('epsilon and x(0) model outputs are converted to the same step as the score', () => {
    const x = { rows: 5, cols: 2, data: new Rng(1).fillNormal(new Float64Array(10)) as Float64Array };
    const grid = createScheduler({ schedule });
    grid.setTimesteps(10);
    const t = grid.timesteps[3]!;
    expect(t).toBeCloseTo(1 - 3 * (0.999 / 10), 12);
    const s = model.score(t, x);
    const sigma = Math.sqrt(schedule.sigma2(t));
    const alpha = schedule.alpha(t);
    const eps = { ...s, data: s.data.map((v) => -sigma * v) };
    const x0 = { ...s, data: s.data.map((v, i) => (x.data[i]! + sigma * sigma * v) / alpha) };
    const results = (['score', 'epsilon', 'sample'] as const).map((predictionType, k) => {
      const sch = createScheduler({ schedule, kind: 'ddim', predictionType });
      sch.setTimesteps(10);
      return sch.step([s, eps, x0][k]!, t, x);
    });
    for (const r of results.slice(1)) {
      expect(r.prevSample.data).toBeAllClose(results[0]!.prevSample.data, TOLERANCES.float64);
      expect(r.predOriginalSample.data).toBeAllClose(x0.data, TOLERANCES.float64);
    }
  });

  it('ddim with the exact score lands on p₀: energy within 3× the noise floor, modes at their weights', () => {
    const N = 1000;
    const sch = createScheduler({ schedule, kind: 'ddim', seed: 4 });
    sch.setTimesteps(100);
    let x = sch.initNoise(N, 2);
    for (const t of sch.timesteps) x = sch.step(model.score(t, x), t, x).prevSample;
    const q = sampleQuality({ samples: x, reference: (n, rng) => target.sample(n, rng), seed: 5 });
    expect(q.energy).toBeLessThan(3 * q.energyFloor);
    const cov = modeCoverage({ samples: x, mixture: target.mixture! });
    expect(cov.nearFraction).toBeGreaterThan(0.95);
    // shares within 5 binomial standard errors of the weights: √(0.35·0.65/1000) ≈ 0.015
    expect(Math.abs(cov.counts[0]! / N - 0.35)).toBeLessThan(0.075);
  });

  it('ddim is deterministic given x(T), and its x(0) estimate is Tweedie’s', () => {
    const x = { rows: 3, cols: 2, data: Float64Array.from([0.1, -0.2, 0.3, 0.4, -0.5, 0.05]) };
    const sch = createScheduler({ schedule, kind: 'ddim' });
    sch.setTimesteps(4);
    const t = sch.timesteps[1]!;
    const a = sch.step(model.score(t, x), t, x);
    const b = sch.step(model.score(t, x), t, x);
    expect(a.prevSample.data).toEqual(b.prevSample.data);
    // Tweedie from the mixture's own posterior: E[x(0)|x(t)] = Σ_k r_k(μ_k + α s_k²/(α²s_k² + σ²)(x − α μ_k))
    const al = schedule.alpha(t);
    const s2 = schedule.sigma2(t);
    const grad = mixtureMarginal(target.mixture!, al, s2, x).score.data;
    const tweedie = Array.from(x.data, (v, i) => (v + s2 * grad[i]!) / al);
    expect(a.predOriginalSample.data).toBeAllClose(tweedie, TOLERANCES.float64);
  });

  it('refuses a step before setTimesteps, a time off the grid and a mis-shaped output', () => {
    const sch = createScheduler({ schedule });
    const x = { rows: 2, cols: 2, data: new Float64Array(4) };
    expect(() => sch.step(x, 1, x)).toThrow(/setTimesteps/);
    sch.setTimesteps(5);
    expect(() => sch.step(x, 0.5, x)).toThrow(/t: must be one of `timesteps`/);
    expect(() => sch.step({ rows: 1, cols: 2, data: new Float64Array(2) }, 1, x)).toThrow(/modelOutput: must be 2 × 2/);
  });
});
