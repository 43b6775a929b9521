import { Rng } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { exactScore } from '../model/exactScore';
import type { ScoreModel } from '../model/scoreModel';
import { makeSchedule } from '../sde/schedule';
import { parseTarget } from '../target/parseTarget';
import { scoreError } from './scoreError';

describe('Theorem 6.5 (left side): weighted score error by Monte Carlo', () => {
  const target = parseTarget({
    type: 'gaussian-mixture',
    weights: [0.5, 0.5],
    means: [
      [-0.5, 0],
      [0.5, 0],
    ],
    std: [0.1, 0.1],
  });
  const schedule = makeSchedule({ spec: 'linear' });
  const exact = exactScore({ mixture: target.mixture!, schedule });
  const sampleData = (n: number, rng: Rng) => target.sample(n, rng);

  it('is 0 for the exact score and ‖c‖²·(mean of λ) for the exact score shifted by a constant c', () => {
    expect(scoreError({ model: exact, exact, schedule, sampleData, times: 8, perTime: 16 }).uniform).toBe(0);
    const c = [0.3, -0.4];
    const shifted: ScoreModel = {
      dim: 2,
      score(t, x) {
        const s = exact.score(t, x);
        return { ...s, data: s.data.map((v, i) => v + c[i % 2]!) };
      },
    };
    const r = scoreError({ model: shifted, exact, schedule, sampleData, times: 16, perTime: 8, rng: new Rng(1) });
    expect(r.uniform).toBeAllClose(0.25, TOLERANCES.float64);
    // λ(t) = σ_t⁴/α_t² with α_t, σ_t² by quadrature of the linear schedule's g in the float64 reference
    const g = (t: number) => 0.1 + 19.9 * t;
    const meanLambda =
      r.byTime.reduce((s, b) => {
        const { alpha, sigma2 } = reference.forwardProcess({ g, t: b.t });
        return s + sigma2 ** 2 / alpha ** 2;
      }, 0) / r.byTime.length;
    expect(r.weighted).toBeAllClose(0.25 * meanLambda, { rtol: 1e-6, atol: 0 }); // the reference's Simpson error (its tests)
  });
});
