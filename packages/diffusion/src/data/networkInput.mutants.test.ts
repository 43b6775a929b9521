import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { networkInput } from './networkInput';

// The rows (c_t·t/T, c_in(t)·x)/R written out with c_in(t) = 1/√(α_t² v + σ_t²), α_t² = 1 − σ_t² (VP schedule).
describe('the network input (c_t·t/T, c_in(t)·x)/R of Section 6.1', () => {
  const schedule = makeSchedule({ spec: 'linear' });
  const x = { rows: 3, cols: 2, data: Float64Array.from([0.2, -0.4, 1, 3, -0.5, 0.25]) };
  const cin = (t: number, v: number) => 1 / Math.sqrt((1 - schedule.sigma2(t)) * v + schedule.sigma2(t));

  it('preconditioned, one time per row (repeated times reuse c_in, a new time recomputes it)', () => {
    const t = Float64Array.from([0.3, 0.3, 0.8]);
    const rows = networkInput(t, x, 2, 5, { timeScale: 3, secondMoment: 0.4 }, schedule);
    const want = [0, 1, 2].flatMap((i) => [
      (3 * t[i]!) / 2 / 5,
      (cin(t[i]!, 0.4) * x.data[2 * i]!) / 5,
      (cin(t[i]!, 0.4) * x.data[2 * i + 1]!) / 5,
    ]);
    expect([rows.rows, rows.cols]).toEqual([3, 3]);
    expect(rows.data).toBeAllClose(want, TOLERANCES.float64);
  });

  it('one time for every row, preconditioned', () => {
    const rows = networkInput(0.6, x, 1, 0.5, { timeScale: 1, secondMoment: 2 }, schedule);
    const c = cin(0.6, 2);
    const want = [0, 1, 2].flatMap((i) => [0.6 / 0.5, (c * x.data[2 * i]!) / 0.5, (c * x.data[2 * i + 1]!) / 0.5]);
    expect(rows.data).toBeAllClose(want, TOLERANCES.float64);
  });

  it('the default features are the paper input, and preconditioning without a schedule is refused', () => {
    expect(Array.from(networkInput(0.5, x, 1, 2).data)).toEqual([0.25, 0.1, -0.2, 0.25, 0.5, 1.5, 0.25, -0.25, 0.125]);
    expect(() => networkInput(0.5, x, 1, 2, { timeScale: 1, secondMoment: 1 })).toThrow(
      'networkInput: input preconditioning (features.secondMoment) needs the schedule',
    );
  });
});
