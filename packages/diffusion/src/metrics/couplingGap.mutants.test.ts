import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { couplingGap } from './couplingGap';

// couplingGap.test.ts checks the gap for a constant difference; here both averages (gap and scaleA) are
// recomputed by hand from the very (t, x(t)) the function hands to the two denoisers, for denoisers that depend
// on t and x, so a wrong sum, square, per-row or per-time normalisation shows.
describe('Claim G.1: Z₁ and the scale of F_a are the stratified means of the per-time mean squares', () => {
  const schedule = makeSchedule({ spec: 'linear' });
  const sampleData = (n: number, rng: Rng): Matrix => ({
    rows: n,
    cols: 2,
    data: rng.fillNormal(new Float64Array(2 * n), 0.2, 0.5),
  });
  const fa = (t: number, x: Matrix): Matrix => ({ ...x, data: x.data.map((v, i) => Math.sin(v) + t * (i % 2)) });
  const fb = (t: number, x: Matrix): Matrix => ({ ...x, data: x.data.map((v) => t * v - 0.1) });

  it.each([
    [3, 5],
    [6, 2],
  ])('%p times × %p draws per time', (times, perTime) => {
    const seen: { t: number; x: Matrix }[] = [];
    const r = couplingGap({
      a: (t, x) => {
        seen.push({ t, x: { ...x, data: Float64Array.from(x.data) } });
        return fa(t, x);
      },
      b: fb,
      schedule,
      sampleData,
      times,
      perTime,
      rng: new Rng(12),
    });
    expect(seen).toHaveLength(times);
    let gap = 0;
    let scale = 0;
    for (const { t, x } of seen) {
      const a = fa(t, x).data;
      const b = fb(t, x).data;
      let g = 0;
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        g += (a[i]! - b[i]!) ** 2;
        s += a[i]! ** 2;
      }
      gap += g / x.rows / times;
      scale += s / x.rows / times;
    }
    expect(r.gap).toBeAllClose(gap, TOLERANCES.float64);
    expect(r.scaleA).toBeAllClose(scale, TOLERANCES.float64);
    expect(r.gap).toBeGreaterThan(0.05); // not a degenerate case: both terms are O(1)
    expect(r.scaleA).toBeGreaterThan(0.05);
  });

  it('a constant F_a = c has scaleA = ‖c‖² whatever x(t) is', () => {
    const c = [0.6, -0.8];
    const constant = (_t: number, x: Matrix): Matrix => ({ ...x, data: x.data.map((_, i) => c[i % 2]!) });
    const r = couplingGap({ a: constant, b: constant, schedule, sampleData, times: 4, perTime: 8, rng: new Rng(2) });
    expect(r.gap).toBe(0);
    expect(r.scaleA).toBeAllClose(1, TOLERANCES.float64);
  });

  it('a non-finite result is refused, naming the quantity', () => {
    const inf = (_t: number, x: Matrix): Matrix => ({ ...x, data: x.data.map(() => Infinity) });
    const zero = (_t: number, x: Matrix): Matrix => ({ ...x, data: new Float64Array(x.data.length) });
    const huge = (_t: number, x: Matrix): Matrix => ({ ...x, data: x.data.map(() => 1e200) });
    expect(() => couplingGap({ a: zero, b: inf, schedule, sampleData, times: 2, perTime: 2 })).toThrow(
      'non-finite result: `gap` is Infinity (a model returned non-finite values, or their squared difference overflows)',
    );
    // the gap is 0 but ‖F_a‖² overflows
    expect(() => couplingGap({ a: huge, b: huge, schedule, sampleData, times: 2, perTime: 2 })).toThrow(
      'non-finite result: `scaleA` is Infinity',
    );
    expect(() => couplingGap({ a: zero, b: zero, schedule, sampleData, times: 2, perTime: 2 })).not.toThrow();
  });
});
