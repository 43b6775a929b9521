import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { DEFAULT_SAMPLING_T0 } from '../sde/defaultTimes';
import { makeSchedule } from '../sde/schedule';
import { forEachStratifiedTime, type StratifiedTimesOptions } from './stratifiedTimes';

interface Visit {
  t: number;
  X: Matrix;
  sigma2: number;
  times: number;
}

function visits(options: StratifiedTimesOptions): Visit[] {
  const seen: Visit[] = [];
  forEachStratifiedTime(options, (t, X, sigma2, times) => seen.push({ t, X, sigma2, times }));
  return seen;
}

// The data: row i of a draw is (i + u, −2u) with u one uniform, so x(0) depends on the generator and the row.
const sampleData = (n: number, rng: Rng): Matrix => {
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    data[2 * i] = i + u;
    data[2 * i + 1] = -2 * u;
  }
  return { rows: n, cols: 2, data };
};

describe('the stratified Monte Carlo times of the time-integrated metrics', () => {
  const schedule = makeSchedule({ spec: 'linear' });

  it('stratum k gets t = T₀ + (k + u)/K·(T − T₀) and x(t) = α_t x(0) + σ_t ε, in the documented draw order', () => {
    const t0 = 0.05;
    const T = 0.8;
    const K = 4;
    const P = 3;
    const seen = visits({ schedule, sampleData, t0, T, times: K, perTime: P, seed: 9 });
    expect(seen).toHaveLength(K);
    // the same draws by hand: per stratum one uniform (the time), then the data's draws, then P·d normals
    const rng = new Rng(9);
    seen.forEach((v, k) => {
      const t = t0 + ((k + rng.uniform()) / K) * (T - t0);
      expect(v.t).toBe(t);
      expect(v.t).toBeGreaterThanOrEqual(t0 + (k / K) * (T - t0)); // inside its stratum
      expect(v.t).toBeLessThanOrEqual(t0 + ((k + 1) / K) * (T - t0));
      expect(v.times).toBe(K);
      const x0 = sampleData(P, rng);
      const a = Math.sqrt(1 - schedule.sigma2(t)); // VP: α_t² + σ_t² = 1
      expect(v.sigma2).toBe(schedule.sigma2(t));
      expect(v.X.rows).toBe(P);
      expect(v.X.cols).toBe(2);
      const want = Array.from(x0.data, (x) => a * x + Math.sqrt(v.sigma2) * rng.normal());
      expect(v.X.data).toBeAllClose(want, TOLERANCES.float64);
    });
  });

  it('defaults: T₀ = 1e-3, T = schedule.T, 64 times of 256 points, seed 0; `rng` is used and advanced', () => {
    expect(DEFAULT_SAMPLING_T0).toBe(1e-3);
    const seen = visits({ schedule, sampleData });
    expect(seen).toHaveLength(64);
    expect(seen.every((v) => v.X.rows === 256 && v.times === 64)).toBe(true);
    const rng = new Rng(0);
    const first = 1e-3 + (rng.uniform() / 64) * (schedule.T - 1e-3);
    expect(seen[0]!.t).toBe(first);
    expect(seen[63]!.t).toBeGreaterThanOrEqual(1e-3 + (63 / 64) * (schedule.T - 1e-3));
    const given = new Rng(0);
    const again = visits({ schedule, sampleData, rng: given, seed: 5 });
    expect(again.map((v) => v.t)).toEqual(seen.map((v) => v.t));
    expect(given.uniform()).not.toBe(new Rng(0).uniform()); // advanced by the call
  });

  it('refuses T₀ ≥ T and non-positive-integer counts, naming the argument', () => {
    expect(() => visits({ schedule, sampleData, t0: 0.5, T: 0.5 })).toThrow(/t0.*T₀ < T/);
    expect(() => visits({ schedule, sampleData, times: 0 })).toThrow(/times/);
    expect(() => visits({ schedule, sampleData, perTime: 1.5 })).toThrow(/perTime/);
  });
});
