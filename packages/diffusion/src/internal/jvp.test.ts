import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { forward, initWeights, jacobianVector } from '@softmax-ntk/network';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { mixtureMarginal } from '../target/mixture';
import { parseTarget } from '../target/parseTarget';
import { makeSchedule } from '../sde/schedule';
import { denoiserScore } from '../model/scoreModel';
import { mixtureScoreJvp } from './mixtureScoreJvp';
import { softmaxInputJvp } from './softmaxInputJvp';

const rand = (rows: number, cols: number, rng: Rng, scale = 1): Matrix => ({
  rows,
  cols,
  data: rng.fillNormal(new Float64Array(rows * cols), 0, scale),
});

/** Central differences of f along each direction, per row: (f(x + hV) − f(x − hV))/(2h). */
function centralDifference(f: (x: Matrix) => Matrix, x: Matrix, V: Matrix, h: number): Float64Array {
  const shift = (sign: number): Matrix => ({
    rows: x.rows,
    cols: x.cols,
    data: x.data.map((v, i) => v + sign * h * (V.data[i] as number)),
  });
  const p = f(shift(1)).data;
  const m = f(shift(-1)).data;
  return p.map((v, i) => (v - (m[i] as number)) / (2 * h));
}

// Step h ≈ u^(1/3) ≈ 6e-6 (see tolerances.ts: finiteDifference).
const H = 6e-6;

describe('closed-form input Jacobians against central differences', () => {
  it('∇²log p_t·v of a 3-component anisotropic mixture (and the score it returns is mixtureMarginal’s)', () => {
    const rng = new Rng(5);
    const mix = parseTarget({
      type: 'gaussian-mixture',
      weights: [0.2, 0.5, 0.3],
      means: [
        [-0.5, 0.1, 0.3],
        [0.4, -0.2, 0],
        [0, 0.5, -0.4],
      ],
      std: [0.2, [0.1, 0.3, 0.15], 0.25],
    }).mixture!;
    const x = rand(20, 3, rng, 0.5);
    const V = rand(20, 3, rng);
    for (const [alpha, s2] of [
      [1, 1e-3],
      [0.6, 0.64],
    ] as const) {
      const r = mixtureScoreJvp(mix, alpha, s2, x, [V]);
      expect(r.score.data).toBeAllClose(mixtureMarginal(mix, alpha, s2, x).score.data, TOLERANCES.float64);
      const fd = centralDifference((y) => mixtureMarginal(mix, alpha, s2, y).score, x, V, H);
      // the Hessian has entries up to 1/(α²s² + σ²) ≈ 1e2 here; relative FD error ~1e-7 of that scale
      expect(r.jvp[0]!.data).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-6 });
    }
  });

  it('the softmax network F and its NTK predictor J·U: values match @softmax-ntk/network, JVPs match differences', () => {
    const rng = new Rng(6);
    const { w, a } = initWeights({ numNeurons: 64, dIn: 3, dOut: 2, sigma: 3, rng });
    const u = rand(64, 3, rng, 0.01);
    const x = rand(15, 3, rng, 0.4);
    const V = [rand(15, 3, rng), rand(15, 3, rng)];
    const nn = softmaxInputJvp({ w, a, x, directions: V });
    expect(nn.F.data).toBeAllClose(forward({ w, a, x, precision: 'float64' }).data, TOLERANCES.float64);
    const ntk = softmaxInputJvp({ w, a, u, x, directions: V });
    expect(ntk.F.data).toBeAllClose(jacobianVector({ w, a, x, u, precision: 'float64' }).data, TOLERANCES.float64);
    V.forEach((v, k) => {
      const fdNN = centralDifference((y) => forward({ w, a, x: y, precision: 'float64' }), x, v, H);
      expect(nn.jvp[k]!.data).toBeAllClose(fdNN, TOLERANCES.finiteDifference);
      const fdNTK = centralDifference((y) => jacobianVector({ w, a, x: y, u, precision: 'float64' }), x, v, H);
      expect(ntk.jvp[k]!.data).toBeAllClose(fdNTK, TOLERANCES.finiteDifference);
    });
  });

  it.each(['x0', 'eps', 'residual'] as const)(
    'the score of a denoiser (%s, preconditioned input): jvp matches differences of score',
    (parameterization) => {
      const rng = new Rng(7);
      const schedule = makeSchedule({ spec: 'linear' });
      const { w, a } = initWeights({ numNeurons: 32, dIn: 3, dOut: 2, sigma: 2, rng });
      const model = denoiserScore({
        dim: 2,
        predict: (input) => forward({ w, a, x: input, precision: 'float64' }),
        predictJvp: (input, directions) => softmaxInputJvp({ w, a, x: input, directions }),
        schedule,
        T: 1,
        inputScale: 1.7,
        features: { timeScale: 3, secondMoment: 0.2 },
        parameterization,
        skipSecondMoment: 0.2,
      });
      const x = rand(10, 2, rng, 0.5);
      const V = rand(10, 2, rng);
      for (const t of [0.05, 0.6]) {
        const r = model.jvp!(t, x, [V]);
        expect(r.score.data).toBeAllClose(model.score(t, x).data, TOLERANCES.float64);
        const fd = centralDifference((y) => model.score(t, y), x, V, H);
        // the score scales F by α/σ_t² ≤ 1/σ²(0.05) ≈ 15: the FD tolerance scaled by that factor
        expect(r.jvp[0]!.data).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-8 });
      }
    },
  );
});
