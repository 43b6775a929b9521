import { matrix, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { exactScore } from './exactScore';

// exactScore wires a mixture and a schedule into a score model; its own tests were the samplers' statistical ones
// (left out of the mutation run). Here its score and its Jacobian-vector products are pinned against the closed form
// of one Gaussian p₀ = N(μ, diag(s²)): p_t = N(α_t μ, diag(v_t)) with v_t = α_t² s² + σ_t², so
// s(t, x) = −(x − α_t μ)/v_t and ∇s = diag(−1/v_t), written out here from the schedule's α_t and σ_t² alone.

const schedule = makeSchedule({ spec: 'linear' });
const mu = [0.4, -0.3, 0.1];
const sd = [0.5, 0.2, 0.8];
const d = 3;
const mixture = {
  weights: new Float64Array([1]),
  means: matrix(1, d, new Float64Array(mu)),
  std: matrix(1, d, new Float64Array(sd)),
};
const x: Matrix = matrix(2, d, new Float64Array([0.2, 0.1, -0.5, -1.1, 0.3, 0.9]));
const v = (t: number, j: number) => schedule.alpha(t) ** 2 * sd[j]! ** 2 + schedule.sigma2(t);
const closedScore = (t: number) => Array.from(x.data, (e, k) => -(e - schedule.alpha(t) * mu[k % d]!) / v(t, k % d));

describe('exactScore of one Gaussian against its closed form', () => {
  const model = exactScore({ mixture, schedule });

  it('dim is the mixture’s d', () => {
    expect(model.dim).toBe(d);
  });

  it.each([[0.01], [0.3], [0.9]])('score at t = %p: −(x − α_t μ)/(α_t² s² + σ_t²)', (t) => {
    const s = model.score(t, x);
    expect([s.rows, s.cols]).toEqual([2, d]);
    expect(Array.from(s.data)).toBeAllClose(closedScore(t), TOLERANCES.float64);
  });

  it('jvp at t = 0.3: the same score, and each direction times diag(−1/v_t)', () => {
    const t = 0.3;
    const directions = [
      matrix(2, d, new Float64Array([1, -2, 0.5, 0, 3, -1])),
      matrix(2, d, new Float64Array([0.25, 0, 0, 1, 1, 1])),
    ];
    const r = model.jvp!(t, x, directions);
    expect(Array.from(r.score.data)).toBeAllClose(closedScore(t), TOLERANCES.float64);
    expect(r.jvp).toHaveLength(2);
    directions.forEach((D, k) =>
      expect(Array.from(r.jvp[k]!.data)).toBeAllClose(
        Array.from(D.data, (e, i) => -e / v(t, i % d)),
        TOLERANCES.float64,
      ),
    );
  });
});
