import { eigh, Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import type { ScoreModel } from '../model/scoreModel';
import { makeSchedule } from '../sde/schedule';
import { linearJvp } from '../../test/support/linearJvp';
import { posteriorDraw } from './posteriorStep';
import { sample } from './sample';

// Exact checks of the posterior draw that posteriorStep.test.ts (moments of 20,000–40,000 draws) leaves loose: three
// points, a linear score s(t, x) = −(x − c)/σ² with a Jacobian J chosen freely (test/support/linearJvp.ts), each
// draw written out by hand with the same normals: mean (x + σ²s)/α = c/α, covariance
// C = (σ²/α²)(I + σ²(J + Jᵀ)/2) written out entry by entry, and the draw c/α + V·diag(√max(λ, 0))·z with (λ, V)
// from the eigensolver of @softmax-ntk/linalg (tested there; it fixes the eigenvectors' signs) on that hand-made C.
// Rounding: the two C differ by a few ulps, and so do their eigenvectors (the eigenvalues here are well apart), so the
// draws agree to the float64 tolerance.

const schedule = makeSchedule({ spec: 'linear' });
const d = 2;
const centre = [0.3, -0.2];
/** Three different points (row-major, 3 × 2): a draw that reads another row's x or score differs. */
const points = [0.5, -0.4, -1.1, 0.7, 0.05, 1.3];
const count = points.length / d;

/** The draw by hand: c/α + V·diag(√max(λ, 0))·zᵢ per row, with C = (σ²/α²)(I + σ²(J + Jᵀ)/2). */
function drawByHand(t: number, J: number[][], seed: string): { x: number[]; C: number[] } {
  const a = schedule.alpha(t);
  const s2 = schedule.sigma2(t);
  const f = s2 / (a * a);
  const C = [0, 1].flatMap((r) => [0, 1].map((c) => f * ((r === c ? 1 : 0) + s2 * 0.5 * (J[r]![c]! + J[c]![r]!))));
  const { values, vectors } = eigh({ a: { rows: d, cols: d, data: Float64Array.from(C) } });
  const V = vectors!.data;
  const z = new Rng(seed).fillNormal(new Float64Array(count * d));
  const x: number[] = [];
  for (let i = 0; i < count; i++)
    for (let r = 0; r < d; r++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += V[r * d + k]! * Math.sqrt(Math.max(values[k]!, 0)) * z[i * d + k]!;
      x.push(centre[r]! / a + v);
    }
  return { x, C };
}

/** J·(1/σ²) entry by entry: the tests give σ²J, whose symmetric part is then what the covariance adds to I. */
const scaled = (t: number, K: number[][]) => K.map((row) => row.map((e) => e / schedule.sigma2(t)));

describe('posteriorDraw, each draw by hand', () => {
  it('a Jacobian that is not symmetric: C = (σ²/α²)·[[0.7, 0.05], [0.05, 0.5]], no eigenvalue clipped', () => {
    const t = 0.1;
    const J = scaled(t, [
      [-0.3, 0.2],
      [-0.1, -0.5],
    ]);
    const x = Float64Array.from(points);
    expect(posteriorDraw(linearJvp(schedule.sigma2(t), J, centre), schedule, t, x, d, new Rng('pd-a'))).toBe(0);
    const want = drawByHand(t, J, 'pd-a');
    const f = schedule.sigma2(t) / schedule.alpha(t) ** 2;
    expect(want.C).toBeAllClose([0.7 * f, 0.05 * f, 0.05 * f, 0.5 * f], TOLERANCES.float64);
    expect(x).toBeAllClose(want.x, TOLERANCES.float64);
  });

  it('an indefinite C = (σ²/α²)·[[1, 0.75], [0.75, 0.25]]: the draw lies along the positive eigenvector, every row counted', () => {
    const t = 0.3;
    const J = scaled(t, [
      [0, 1],
      [0.5, -0.75],
    ]);
    const x = Float64Array.from(points);
    expect(posteriorDraw(linearJvp(schedule.sigma2(t), J, centre), schedule, t, x, d, new Rng('pd-b'))).toBe(count);
    const want = drawByHand(t, J, 'pd-b');
    expect(x).toBeAllClose(want.x, TOLERANCES.float64);
    // independently of the eigensolver: the eigenvalues (5 ± √45)/8 of [[1, ¾], [¾, ¼]], one negative, and each
    // row's deviation from c/α is orthogonal to the negative one's eigenvector (¾, λ₋ − 1)
    const lneg = (5 - Math.sqrt(45)) / 8;
    expect(lneg).toBeLessThan(0);
    const a = schedule.alpha(t);
    for (let i = 0; i < count; i++) {
      const dev = [x[i * d]! - centre[0]! / a, x[i * d + 1]! - centre[1]! / a];
      const along = Math.hypot(...dev);
      expect(along).toBeGreaterThan(1e-3);
      expect(Math.abs(dev[0]! * 0.75 + dev[1]! * (lneg - 1)) / Math.hypot(0.75, lneg - 1)).toBeLessThan(1e-12 * along);
    }
  });

  it('an eigenvalue exactly 0 (C = (σ²/α²)·diag(1, 0)) is not negative: not counted, no spread along it', () => {
    // at t = 0.2, 1 + σ²·½·(−1/σ² − 1/σ²) rounds to 0 exactly, so C₁₁ = 0 and the eigensolver returns λ = 0
    const t = 0.2;
    const J = [
      [0, 0],
      [0, -1 / schedule.sigma2(t)],
    ];
    const x = Float64Array.from(points);
    expect(posteriorDraw(linearJvp(schedule.sigma2(t), J, centre), schedule, t, x, d, new Rng('pd-c'))).toBe(0);
    const want = drawByHand(t, J, 'pd-c');
    expect(want.C[3]).toBe(0);
    expect(x).toBeAllClose(want.x, TOLERANCES.float64);
    const a = schedule.alpha(t);
    for (let i = 0; i < count; i++) expect(x[i * d + 1]).toBeCloseTo(centre[1]! / a, 14);
  });
});

describe("sample({ denoiseFinal: 'posterior' }) after a step that left float64 range", () => {
  it('names the sample before any Jacobian is asked for', () => {
    // one Euler–Maruyama step with a score that is +∞ at entry 3 (row 2, column 2) sends that entry to +∞; the
    // posterior step must refuse it as the mean does (the sampler's cause), not feed it to jvp and the eigensolver
    const s2 = schedule.sigma2(0.1);
    const fake = linearJvp(s2, [
      [-1 / s2, 0],
      [0, -1 / s2],
    ]);
    let jvpCalls = 0;
    const broken: ScoreModel = {
      dim: d,
      score: (t, x) => ({ rows: x.rows, cols: d, data: x.data.map((e, i) => (i === 3 ? Infinity : -e / s2)) }),
      jvp: (t, x, directions) => {
        jvpCalls++;
        return fake(t, x, directions);
      },
    };
    expect(() =>
      sample({ model: broken, schedule, count, steps: 1, t0: 0.1, seed: 1, denoiseFinal: 'posterior' }),
    ).toThrow(
      /^non-finite result: `samples` row 2, column 2 is Infinity \(the sampler diverged: .*\(more steps, or rk45\)\)$/,
    );
    expect(jvpCalls).toBe(0);
  });
});
