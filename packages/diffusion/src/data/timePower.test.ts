import { makeSchedule } from '../sde/schedule';
import { fitNormalization } from '../target/normalization';
import { parseTarget } from '../target/parseTarget';
import { makeDenoisingData } from './denoisingData';

// `timePower` p: the time sampling's coordinate s ∈ [0, 1] is u^p, so its CDF is s^{1/p}. Against the closed form by a
// large sample (Kolmogorov–Smirnov distance of 20,000 draws, fixed seed): the critical value at level 0.001 is
// 1.95/√n ≈ 0.0138; the same sample is far (> 0.1) from the plain sampling's CDF s, so the test can fail.
describe('makeDenoisingData timePower: the time sampling against its closed-form CDF', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const normalization = fitNormalization(target);
  const schedule = makeSchedule({ spec: 'linear' });
  const n = 20000;

  /** The largest gap between the empirical CDF of the coordinates s and the CDF F. */
  function ks(s: number[], F: (s: number) => number): number {
    const sorted = [...s].sort((a, b) => a - b);
    let worst = 0;
    sorted.forEach((v, i) => {
      const f = F(v);
      worst = Math.max(worst, Math.abs((i + 1) / n - f), Math.abs(i / n - f));
    });
    return worst;
  }

  it.each([
    { timeSampling: 'log-uniform' as const, t0: 0.01, T: 1, p: 2 },
    { timeSampling: 'log-uniform' as const, t0: 0.003, T: 1, p: 3 },
    { timeSampling: 'uniform' as const, t0: 0.01, T: 0.5, p: 0.5 },
  ])('$timeSampling on [$t0, $T], p = $p: CDF s^{1/p}', ({ timeSampling, t0, T, p }) => {
    const d = makeDenoisingData({ target, normalization, schedule, n, t0, T, timeSampling, timePower: p, seed: 11 });
    const coord = (t: number) =>
      timeSampling === 'uniform' ? (t - t0) / (T - t0) : Math.log(t / t0) / Math.log(T / t0);
    const s = Array.from(d.t, coord);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...s)).toBeLessThanOrEqual(1 + 1e-12);
    expect(ks(s, (v) => Math.max(0, v) ** (1 / p))).toBeLessThan(1.95 / Math.sqrt(n));
    expect(ks(s, (v) => v)).toBeGreaterThan(0.1);
  });

  it('log-uniform on [0.01, 1] with p = 2: a share 0.5^{1/2} ≈ 0.707 of the pairs below t = 0.1 (binomial 4 s.d.)', () => {
    const d = makeDenoisingData({
      target,
      normalization,
      schedule,
      n,
      timeSampling: 'log-uniform',
      timePower: 2,
      seed: 12,
    });
    const share = d.t.filter((t) => t < 0.1).length / n;
    const expected = Math.SQRT1_2;
    expect(Math.abs(share - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / n));
  });

  it('p = 1 is the plain sampling draw for draw; p ≤ 0 or not a number is refused naming timePower', () => {
    const base = { target, normalization, schedule, n: 50, timeSampling: 'log-uniform' as const, seed: 3 };
    expect(Array.from(makeDenoisingData({ ...base, timePower: 1 }).t)).toEqual(Array.from(makeDenoisingData(base).t));
    expect(() => makeDenoisingData({ ...base, timePower: 0 })).toThrow(/timePower/);
    expect(() => makeDenoisingData({ ...base, timePower: -2 })).toThrow(/timePower/);
    expect(() => makeDenoisingData({ ...base, timePower: Number.NaN })).toThrow(/timePower/);
  });
});
