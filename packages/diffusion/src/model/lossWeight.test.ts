import { fromRows, type Matrix } from '@softmax-ntk/linalg';
import { jacobianVector } from '@softmax-ntk/network';
import * as reference from '@softmax-ntk/reference';
import { parseTarget } from '../target/parseTarget';
import { makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

// `lossWeightPower` γ: the NTK regression minimising ½Σ w_i‖F(x_i) − y_i‖² + ridge, w_i ∝ λ(t_i)^γ (mean 1),
// λ(t) = (α_t²v + σ_t²)/(vσ_t²). Against an independent computation: the literal reference kernels (H*, K_te) and a
// dense solve of the weighted dual, F(x_te) = K_te (H* + ρD⁻¹)⁻¹ vec(Y) — per-equation ridge ρ/w_i, the same minimiser —
// with α_t, σ_t² from the linear schedule's closed form (β(t) = 0.1 + 19.9t), not the package's schedule.
describe('trainScoreModel lossWeightPower (a loss weighted towards small t)', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const options = { target, n: 30, numNeurons: 32, sigma: 3, seed: 5, ridge: 0.02 };
  const xTest: Matrix = { rows: 4, cols: 3, data: new Float64Array(12).map((_, i) => Math.cos(2.1 * i) * 0.5) };
  const predict = (model: Awaited<ReturnType<typeof trainScoreModel>>) =>
    jacobianVector({
      w: fromRows(model.network.w),
      a: fromRows(model.network.a),
      x: xTest,
      u: fromRows(model.network.u!),
    }).data;

  function referencePrediction(gamma: number): Float64Array {
    const { data, w, a } = makeScoreTrainingSet(options);
    const n = data.x.rows;
    const d = a.rows;
    let v = 0;
    for (const z of data.x0.data) v += z * z;
    v /= data.x0.data.length;
    const lam = Array.from(data.t, (t) => {
      const alpha2 = Math.exp(-(0.1 * t + 9.95 * t * t));
      const s2 = 1 - alpha2;
      return ((alpha2 * v + s2) / (v * s2)) ** gamma;
    });
    const mean = lam.reduce((s, z) => s + z, 0) / n;
    const H = reference.gram({ w, a, x: data.x });
    const N = H.rows;
    const A = { rows: N, cols: N, data: Float64Array.from(H.data) };
    // rows ℓ·n + i (output-major): pair i's per-equation ridge ρ / w_i
    for (let r = 0; r < N; r++) A.data[r * N + r] = H.data[r * N + r]! + 0.02 / (lam[r % n]! / mean);
    const vy = new Float64Array(N);
    for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) vy[l * n + i] = data.y.data[i * d + l]!;
    const c = reference.solveDense(A, vy);
    const K = reference.testKernel({ w, a, x: data.x, xTest });
    const out = new Float64Array(xTest.rows * d);
    for (let l = 0; l < d; l++)
      for (let t = 0; t < xTest.rows; t++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += K.data[(l * xTest.rows + t) * N + j]! * c[j]!;
        out[t * d + l] = s;
      }
    return out;
  }

  it.each([['primal' as const], ['dual' as const]])(
    'γ = 0.5 and 1, solver %s: the weighted dual solved densely with the literal reference kernels',
    async (solver) => {
      for (const gamma of [0.5, 1]) {
        const model = await trainScoreModel({ ...options, solver, lossWeightPower: gamma });
        expect(model.training.lossWeightPower).toBe(gamma);
        const ref = referencePrediction(gamma);
        // float64 solves of one system (condition ≲ 1e5, as in primalNtk.test) and the reference's elimination
        expect(predict(model)).toBeAllClose(ref, { rtol: 1e-8, atol: 1e-10 });
        // the weights matter: the unweighted predictor is far from the weighted one
        const unweighted = referencePrediction(0);
        const gap = Math.max(...ref.map((z, k) => Math.abs(z - unweighted[k]!)));
        expect(gap).toBeGreaterThan(1e-3);
      }
    },
  );

  it('γ = 0 is the unweighted regression exactly and is not recorded; γ < 0 and kind "nn" are refused', async () => {
    const plain = await trainScoreModel(options);
    const zero = await trainScoreModel({ ...options, lossWeightPower: 0 });
    expect(zero.network.u).toEqual(plain.network.u);
    expect('lossWeightPower' in zero.training).toBe(false);
    expect(predict(plain)).toBeAllClose(referencePrediction(0), { rtol: 1e-8, atol: 1e-10 });
    await expect(trainScoreModel({ ...options, lossWeightPower: -1 })).rejects.toThrow(/lossWeightPower/);
    await expect(
      trainScoreModel({ target, kind: 'nn', n: 8, numNeurons: 4, steps: 1, lossWeightPower: 0.5 }),
    ).rejects.toThrow(/lossWeightPower.*"ntk"/);
  });
});
