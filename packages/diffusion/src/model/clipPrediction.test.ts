import * as reference from '@softmax-ntk/reference';
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { parseTarget } from '../target/parseTarget';
import { mixtureMarginal } from '../target/mixture';
import { exactScore } from './exactScore';
import { clipPrediction, ensembleScore } from './clipPrediction';
import type { ScoreModel } from './scoreModel';

const schedule = makeSchedule({ spec: 'linear' });
// p₀ inside the unit ball: means at radius ≤ 0.6, std ≤ 0.1
const spec = {
  type: 'gaussian-mixture',
  weights: [0.5, 0.3, 0.2],
  means: [
    [0.5, 0.2],
    [-0.4, 0.3],
    [0, -0.6],
  ],
  std: [0.1, 0.08, [0.05, 0.1]],
};
const mixture = parseTarget(spec).mixture!;
const refMixture = {
  weights: [0.5, 0.3, 0.2],
  means: { rows: 3, cols: 2, data: Float64Array.from([0.5, 0.2, -0.4, 0.3, 0, -0.6]) },
  std: { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.1, 0.08, 0.08, 0.05, 0.1]) },
};
const exact = exactScore({ mixture, schedule });
const x: Matrix = {
  rows: 6,
  cols: 2,
  data: Float64Array.from([0.5, 0.25, -0.3, 0.3, 0.1, -0.5, 0.6, 0.4, -0.6, 0.2, 0.05, 0.0]),
};

/** x̂₀ = (x + σ²s)/α of a score. */
const tweedie = (t: number, s: Matrix): Float64Array =>
  x.data.map((v, i) => (v + schedule.sigma2(t) * (s.data[i] as number)) / schedule.alpha(t));

/** A score whose x(0) prediction is c·E[x(0) | x(t)] (the exact posterior mean scaled by c). */
const scaledPrediction = (c: number): ScoreModel => ({
  dim: 2,
  score(t, y) {
    const post = reference.mixturePosteriorMean({
      mixture: refMixture,
      alpha: schedule.alpha(t),
      sigma2: schedule.sigma2(t),
      x: y,
    });
    const a = schedule.alpha(t);
    const s2 = schedule.sigma2(t);
    return { rows: y.rows, cols: 2, data: y.data.map((v, i) => (a * c * (post.data[i] as number) - v) / s2) };
  },
  jvp(t, y, directions) {
    // ∂/∂y of (αc·E(y) − y)/σ² through the exact score's Hessian: E = (y + σ²∇log p)/α
    const r = exact.jvp!(t, y, directions);
    const s2 = schedule.sigma2(t);
    return {
      score: this.score(t, y),
      jvp: r.jvp.map((J, k) => ({
        rows: y.rows,
        cols: 2,
        data: J.data.map((v, i) => {
          const dv = (directions[k] as Matrix).data[i] as number;
          return (c * (dv + s2 * v) - dv) / s2;
        }),
      })),
    };
  },
});

describe('clipPrediction: the x(0) prediction projected onto the ball ‖x̂₀‖ ≤ ρ', () => {
  it('leaves the exact score unchanged where E[x(0) | x(t)] is inside the ball', () => {
    for (const t of [0.01, 0.3]) {
      const s = exact.score(t, x);
      const post = reference.mixturePosteriorMean({
        mixture: refMixture,
        alpha: schedule.alpha(t),
        sigma2: schedule.sigma2(t),
        x,
      });
      // the premise: every posterior mean is inside the unit ball
      for (let i = 0; i < x.rows; i++) expect(Math.hypot(post.data[2 * i]!, post.data[2 * i + 1]!)).toBeLessThan(1);
      expect(clipPrediction({ model: exact, schedule }).score(t, x).data).toBeAllClose(s.data, TOLERANCES.float64);
    }
  });

  it('a prediction 3× the posterior mean: rows outside the ball land on it, along E, closer to E than before', () => {
    const model = scaledPrediction(3);
    for (const t of [0.01, 0.05]) {
      const post = reference.mixturePosteriorMean({
        mixture: refMixture,
        alpha: schedule.alpha(t),
        sigma2: schedule.sigma2(t),
        x,
      }).data;
      const clipped = tweedie(t, clipPrediction({ model, schedule, radius: 1 }).score(t, x));
      const expected = new Float64Array(12);
      let outside = 0;
      for (let i = 0; i < 6; i++) {
        const e = [post[2 * i]!, post[2 * i + 1]!];
        const r = 3 * Math.hypot(e[0]!, e[1]!);
        const c = r > 1 ? 3 / r : 3;
        if (r > 1) outside++;
        expected[2 * i] = c * e[0]!;
        expected[2 * i + 1] = c * e[1]!;
        // non-expansive: the clipped prediction is no farther from E than 3E
        const before = 2 * Math.hypot(e[0]!, e[1]!);
        const after = Math.hypot(clipped[2 * i]! - e[0]!, clipped[2 * i + 1]! - e[1]!);
        expect(after).toBeLessThanOrEqual(before + 1e-12);
      }
      expect(outside).toBeGreaterThanOrEqual(3); // both branches are exercised (5 of 6 rows outside)
      expect(outside).toBeLessThan(6);
      // x̂₀ recovered from a score divides by α and multiplies by σ²: roundoff of order 1/σ² ≈ 500 at t = 0.01
      expect(clipped).toBeAllClose(expected, { rtol: 1e-9, atol: 1e-9 });
    }
  });

  it('its Jacobian-vector products match central differences of its score (inside and outside the ball)', () => {
    const rng = new Rng(3);
    const model = clipPrediction({ model: scaledPrediction(2), schedule, radius: 0.8 });
    const V: Matrix = { rows: 6, cols: 2, data: rng.fillNormal(new Float64Array(12)) };
    const h = 6e-6;
    for (const t of [0.05, 0.6]) {
      const r = model.jvp!(t, x, [V]);
      expect(r.score.data).toBeAllClose(model.score(t, x).data, TOLERANCES.float64);
      const shift = (sign: number): Matrix => ({
        rows: 6,
        cols: 2,
        data: x.data.map((v, i) => v + sign * h * V.data[i]!),
      });
      const fd = model.score(t, shift(1)).data.map((v, i) => (v - model.score(t, shift(-1)).data[i]!) / (2 * h));
      // the score scales x̂₀ by α/σ² ≤ 1/σ²(0.05) ≈ 15 and the Hessian of log p_t reaches 1/(α²s² + σ²): FD error ~1e-7 of that
      expect(r.jvp[0]!.data).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-6 });
    }
  });

  it('refuses a radius that is not positive, naming it', () => {
    expect(() => clipPrediction({ model: exact, schedule, radius: 0 })).toThrow(/radius/);
  });
});

describe('ensembleScore: the mean score of k models', () => {
  const other = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[0.2, -0.1]], std: [0.3] }).mixture!;
  const b = exactScore({ mixture: other, schedule });

  it('is (s_a + s_b)/2 of two mixtures’ exact scores, with the mean of their Jacobian-vector products', () => {
    const ens = ensembleScore([exact, b]);
    const rng = new Rng(4);
    const V: Matrix = { rows: 6, cols: 2, data: rng.fillNormal(new Float64Array(12)) };
    for (const t of [0.02, 0.5]) {
      const sa = mixtureMarginal(mixture, schedule.alpha(t), schedule.sigma2(t), x).score.data;
      const sb = mixtureMarginal(other, schedule.alpha(t), schedule.sigma2(t), x).score.data;
      expect(ens.score(t, x).data).toBeAllClose(
        sa.map((v, i) => (v + sb[i]!) / 2),
        TOLERANCES.float64,
      );
      const h = 6e-6;
      const shift = (sign: number): Matrix => ({
        rows: 6,
        cols: 2,
        data: x.data.map((v, i) => v + sign * h * V.data[i]!),
      });
      const fd = ens.score(t, shift(1)).data.map((v, i) => (v - ens.score(t, shift(-1)).data[i]!) / (2 * h));
      expect(ens.jvp!(t, x, [V]).jvp[0]!.data).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-6 });
    }
  });

  it('has no jvp when a member has none, and refuses an empty list or mixed dimensions', () => {
    expect('jvp' in ensembleScore([exact, { dim: 2, score: (t, y) => exact.score(t, y) }])).toBe(false);
    expect(() => ensembleScore([])).toThrow(/models: must be a non-empty array/);
    expect(() => ensembleScore([exact, { dim: 3, score: (t, y) => y }])).toThrow(/`models\[1\]\.dim` must be 2/);
  });
});
