import type { Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { clipPrediction, ensembleScore } from './clipPrediction';
import type { ScoreModel } from './scoreModel';

// What clipPrediction.test.ts (exact scores, central differences) leaves loose: a prediction exactly on the sphere,
// a model without `jvp`, and ensembleScore's refusal of something that is not an array.

const schedule = makeSchedule({ spec: 'linear' });
const t = 0.3;
const a = schedule.alpha(t);
const s2 = schedule.sigma2(t);
/** A score whose x(0) prediction is x itself: s = (α − 1)x/σ², with the constant Jacobian (α − 1)I/σ². */
const identityPrediction: ScoreModel = {
  dim: 2,
  score: (_t, x) => ({ rows: x.rows, cols: 2, data: x.data.map((v) => ((a - 1) * v) / s2) }),
  jvp(_t, x, directions) {
    return {
      score: this.score(t, x),
      jvp: directions.map((D) => ({ rows: D.rows, cols: 2, data: D.data.map((v) => ((a - 1) * v) / s2) })),
    };
  },
};
const x: Matrix = { rows: 1, cols: 2, data: Float64Array.from([0.3, 0.4]) };
const V: Matrix = { rows: 1, cols: 2, data: Float64Array.from([1, 0.5]) };

describe('clipPrediction: the ball is closed', () => {
  it('a prediction exactly on the sphere ‖x̂₀‖ = ρ is left as it is: the model’s own score and Jacobian', () => {
    // ρ is the norm of x̂₀ = (x + σ²s)/α computed as clipPrediction computes it, so the prediction is on the sphere
    // to the last bit; projecting it would keep the score (to rounding) but remove the Jacobian's radial part
    const own = identityPrediction.jvp!(t, x, [V]);
    const z = [0, 1].map((j) => (x.data[j]! + s2 * own.score.data[j]!) / a);
    const radius = Math.sqrt(z[0]! * z[0]! + z[1]! * z[1]!);
    const r = clipPrediction({ model: identityPrediction, schedule, radius }).jvp!(t, x, [V]);
    expect(Array.from(r.score.data)).toEqual(Array.from(own.score.data));
    expect(Array.from(r.jvp[0]!.data)).toEqual(Array.from(own.jvp[0]!.data));
    // just inside it the same point is projected, c = ρ/r = 1 − 1e-12: ∂s·v = (αc(v − ẑ⟨ẑ, v⟩) − v)/σ² (∂x̂₀·v = v),
    // the model's (α − 1)v/σ² less αc⟨ẑ, v⟩ẑ/σ², here (1 + 0.5·0.75)·0.6·α/σ² ≈ 0.8α/σ² in the first entry
    const c = 1 - 1e-12;
    const zhat = z.map((e) => e / radius);
    const radial = zhat[0]! * V.data[0]! + zhat[1]! * V.data[1]!;
    const projected = clipPrediction({ model: identityPrediction, schedule, radius: radius * c }).jvp!(t, x, [V]);
    expect(projected.jvp[0]!.data).toBeAllClose(
      [0, 1].map((j) => (a * c * (V.data[j]! - zhat[j]! * radial) - V.data[j]!) / s2),
      TOLERANCES.float64,
    );
  });

  it('a model without jvp gives a clipped model without jvp', () => {
    const plain: ScoreModel = { dim: 2, score: (tt, y) => identityPrediction.score(tt, y) };
    expect('jvp' in clipPrediction({ model: plain, schedule })).toBe(false);
    expect('jvp' in clipPrediction({ model: identityPrediction, schedule })).toBe(true);
  });
});

describe('ensembleScore refuses what is not an array', () => {
  it.each([
    ['an array-like object', { length: 1, 0: identityPrediction }],
    ['undefined', undefined],
    ['a string', 'ab'],
  ])('%s', (_what, models) => {
    expect(() => ensembleScore(models as never)).toThrow(
      exactMessage('invalid argument: models: must be a non-empty array of score models'),
    );
  });
});

describe('ensembleScore with jvp: the score it returns beside the Jacobian-vector products', () => {
  it('is the mean of the members’ scores, entry by entry', () => {
    // two members with jvp: the identity prediction's score (α − 1)x/σ² and −x/σ² (a standard normal p_t)
    const standard: ScoreModel = {
      dim: 2,
      score: (_t, y) => ({ rows: y.rows, cols: 2, data: y.data.map((v) => -v / s2) }),
      jvp: (tt, y, directions) => ({
        score: standard.score(tt, y),
        jvp: directions.map((D) => ({ rows: D.rows, cols: 2, data: D.data.map((v) => -v / s2) })),
      }),
    };
    const y: Matrix = { rows: 2, cols: 2, data: Float64Array.from([0.3, 0.4, -1.2, 0.7]) };
    const r = ensembleScore([identityPrediction, standard]).jvp!(t, y, [V, V]);
    // the mean as ensembleScore sums it: 0 + s₁/2 + s₂/2, entry by entry
    const want = Array.from(y.data, (v) => 0 + ((a - 1) * v) / s2 / 2 + -v / s2 / 2);
    expect(r.score.rows).toBe(2);
    expect(r.score.cols).toBe(2);
    expect(Array.from(r.score.data)).toEqual(want);
    expect(r.jvp).toHaveLength(2);
  });
});
