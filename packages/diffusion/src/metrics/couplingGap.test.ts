import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { couplingGap } from './couplingGap';

describe('Claim G.1: coupling term Z₁ by Monte Carlo', () => {
  const schedule = makeSchedule({ spec: 'linear' });
  const sampleData = (n: number, rng: Rng): Matrix => ({
    rows: n,
    cols: 2,
    data: rng.fillNormal(new Float64Array(2 * n), 0, 0.3),
  });
  const f = (_t: number, x: Matrix): Matrix => ({ ...x, data: x.data.map((v) => 0.5 * v) });
  it('is 0 between a denoiser and itself, ‖c‖² when they differ by a constant c', () => {
    expect(couplingGap({ a: f, b: f, schedule, sampleData, times: 4, perTime: 8 }).gap).toBe(0);
    const g = (t: number, x: Matrix): Matrix => {
      const y = f(t, x);
      return { ...y, data: y.data.map((v, i) => v + (i % 2 ? 0.4 : -0.3)) };
    };
    expect(couplingGap({ a: f, b: g, schedule, sampleData, times: 4, perTime: 8, rng: new Rng(1) }).gap).toBeAllClose(
      0.25,
      TOLERANCES.float64,
    );
  });
});
