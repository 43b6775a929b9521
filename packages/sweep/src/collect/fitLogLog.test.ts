import { studentTCdf, studentTQuantile } from '../internal/studentT';
import { fitLogLog } from './fitLogLog';

describe('log–log fits', () => {
  it('recovers the exponent of an exact power law, with a zero-width interval', () => {
    const x = [4, 8, 16, 32];
    const f = fitLogLog({ x, y: x.map((v) => 3 * v ** 2) })!;
    expect(f.slope).toBeCloseTo(2, 12);
    expect(Math.exp(f.intercept)).toBeCloseTo(3, 10);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.slopeCi![1] - f.slopeCi![0]).toBeLessThan(1e-9);
  });

  it('interval = slope ± t(0.975, n−2)·SE, against a hand computation', () => {
    // log-space points (0,0), (1,1), (2,3): slope 1.5, residuals ±1/6, SSE = 1/6, Sxx = 2, SE = √(1/6 / 1 / 2)
    const f = fitLogLog({ x: [1, Math.E, Math.E ** 2], y: [1, Math.E, Math.E ** 3] })!;
    expect(f.slope).toBeCloseTo(1.5, 12);
    const se = Math.sqrt(1 / 6 / 2);
    expect(f.slopeSe).toBeCloseTo(se, 12);
    expect(f.slopeCi![1]).toBeCloseTo(1.5 + 12.706204736174698 * se, 8);
  });

  it("Student's t quantiles match tables; the CDF inverts them", () => {
    // two-sided 95% critical values (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2)
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736, 6);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.30265273, 7);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 7);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962339081, 6);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 14);
    expect(studentTCdf(-2.228138852, 10)).toBeCloseTo(0.025, 8);
  });

  it('no fit from fewer than two usable points; no interval from two', () => {
    expect(fitLogLog({ x: [1, 2], y: [1, -1] })).toBeUndefined();
    expect(fitLogLog({ x: [2, 2, 2], y: [1, 2, 3] })).toBeUndefined();
    expect(fitLogLog({ x: [1, 2], y: [1, 4] })!.slopeCi).toBeNull();
  });
});
