import { fromRows, type Matrix } from '@softmax-ntk/linalg';
import { jacobianTransposeVector, jacobianVector } from '@softmax-ntk/network';
import * as reference from '@softmax-ntk/reference';
import { primalNormalEquations } from '../internal/primalNtk';
import { parseTarget } from '../target/parseTarget';
import { DEFAULT_PAIRS, chooseNtkSolver, makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

// The primal route of the NTK regression, (JᵀJ + mρI)U = Jᵀvec(Y), against independent computations: network's
// J·v and Jᵀ·v (tested against tfjs autodiff and the literal reference), the literal reference Gram matrix, and the
// dual route (Cholesky of H* + ρI) with the literal reference predictor.
describe('the primal NTK regression (solver "primal")', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });

  it('JᵀJ·v = Jᵀ(J·v), Jᵀvec(Y) and tr(JᵀJ) = m·tr(H*), accumulated over blocks of pairs that do not divide n', () => {
    // drawn in the test, not at collection: a makeScoreTrainingSet that throws fails this test, not the whole file
    const { data, w, a } = makeScoreTrainingSet({ target, n: 11, numNeurons: 12, sigma: 3, seed: 2 });
    const m = w.rows;
    const dIn = w.cols;
    const p = m * dIn;
    // 4 pairs per block (p·d = 72 float64s per pair): blocks of 4, 4 and 3 pairs
    const eq = primalNormalEquations(w, a, data.x, data.y, 4 * p * 2);
    const one = primalNormalEquations(w, a, data.x, data.y);
    expect(eq.gram.data).toBeAllClose(one.gram.data, { rtol: 1e-13, atol: 1e-12 });
    const v = new Float64Array(p).map((_, i) => Math.cos(1.3 * i));
    const full = new Float64Array(p * p);
    for (let i = 0; i < p; i++)
      for (let j = 0; j <= i; j++) full[i * p + j] = full[j * p + i] = eq.gram.data[i * p + j]!;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) expect(eq.gram.data[i * p + j]).toBe(0);
    const Av = new Float64Array(p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Av[i]! += full[i * p + j]! * v[j]!;
    const Jv = jacobianVector({ w, a, x: data.x, u: { rows: m, cols: dIn, data: v } });
    const JtJv = jacobianTransposeVector({ w, a, x: data.x, v: Jv });
    expect(Av).toBeAllClose(JtJv.data, { rtol: 1e-11, atol: 1e-10 });
    const Jty = jacobianTransposeVector({ w, a, x: data.x, v: data.y });
    expect(eq.rhs).toBeAllClose(Jty.data, { rtol: 1e-11, atol: 1e-10 });
    const H = reference.gram({ w, a, x: data.x });
    let tr = 0;
    for (let i = 0; i < H.rows; i++) tr += H.data[i * H.cols + i]!;
    expect(eq.trace).toBeAllClose(m * tr, { rtol: 1e-12, atol: 0 });
  });

  it('with pair weights w_i: JᵀDJ·v = Jᵀ(D·J·v) and JᵀD·vec(Y), D the weights repeated over outputs (blocks of 4)', () => {
    const { data, w, a } = makeScoreTrainingSet({ target, n: 11, numNeurons: 12, sigma: 3, seed: 2 });
    const m = w.rows;
    const dIn = w.cols;
    const p = m * dIn;
    const d = a.rows;
    const weights = new Float64Array(11).map((_, i) => 0.2 + (i % 4) * 0.7);
    const eq = primalNormalEquations(w, a, data.x, data.y, 4 * p * 2, weights);
    const v = new Float64Array(p).map((_, i) => Math.cos(1.3 * i));
    const Av = new Float64Array(p);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) Av[i]! += eq.gram.data[i >= j ? i * p + j : j * p + i]! * v[j]!;
    const Jv = jacobianVector({ w, a, x: data.x, u: { rows: m, cols: dIn, data: v } });
    const DJv = { rows: Jv.rows, cols: d, data: Jv.data.map((x, k) => x * weights[Math.floor(k / d)]!) };
    expect(Av).toBeAllClose(jacobianTransposeVector({ w, a, x: data.x, v: DJv }).data, { rtol: 1e-11, atol: 1e-10 });
    const Dy = { rows: 11, cols: d, data: data.y.data.map((x, k) => x * weights[Math.floor(k / d)]!) };
    expect(eq.rhs).toBeAllClose(jacobianTransposeVector({ w, a, x: data.x, v: Dy }).data, { rtol: 1e-11, atol: 1e-10 });
  });

  const xTest: Matrix = { rows: 5, cols: 3, data: new Float64Array(15).map((_, i) => Math.sin(i) * 0.5) };
  it.each([
    ['an absolute ridge', { ridge: 0.05 }],
    ['a relative ridge', { relativeRidge: 1e-3 }],
  ])('gives the dual’s predictor (and ρ) with %s, single and bagged (ensemble 2)', async (_, ridge) => {
    for (const ensemble of [1, 2]) {
      const options = { target, n: 40, numNeurons: 64, sigma: 3, seed: 7, ensemble, ...ridge };
      const primal = await trainScoreModel({ ...options, solver: 'primal' });
      const dual = await trainScoreModel({ ...options, solver: 'dual' });
      expect([primal.training.solver, dual.training.solver]).toEqual(['primal', 'dual']);
      expect(primal.training.ridge).toBeAllClose(dual.training.ridge!, { rtol: 1e-12, atol: 0 });
      expect(primal.training.finalLoss).toBeAllClose(dual.training.finalLoss, { rtol: 1e-8, atol: 0 });
      const f = (model: typeof primal) =>
        jacobianVector({
          w: fromRows(model.network.w),
          a: fromRows(model.network.a),
          x: xTest,
          u: fromRows(model.network.u!),
        });
      // two float64 solves of one system, condition ≲ 1e5 (λ_max(JJᵀ) ~ 1e4 against mρ ≥ 0.1): 1e-16·1e5 plus headroom
      expect(f(primal).data).toBeAllClose(f(dual).data, { rtol: 1e-9, atol: 1e-11 });
      if (ensemble === 1 && 'ridge' in ridge) {
        const { data: d0, w: w0, a: a0 } = makeScoreTrainingSet(options);
        const ref = reference.ntkRegressionPredictor({ w: w0, a: a0, x: d0.x, y: d0.y, xTest, ridge: 0.05 });
        expect(f(primal).data).toBeAllClose(ref.data, { rtol: 1e-9, atol: 1e-11 });
      }
    }
  });

  it('"auto" takes the primal at the defaults (n = 10,000, m = 2048) and the dual at n = 2000 (nd < p = m(d+1))', async () => {
    expect(DEFAULT_PAIRS).toEqual({ ntk: 10000, nn: 2000 });
    expect(chooseNtkSolver(10000, 2, 2048)).toBe('primal');
    expect(chooseNtkSolver(2000, 2, 2048)).toBe('dual');
    expect(chooseNtkSolver(20000, 2, 2048)).toBe('primal');
    expect(chooseNtkSolver(40, 2, 4)).toBe('primal');
    expect(chooseNtkSolver(40, 2, 512)).toBe('dual');
    const auto = await trainScoreModel({ target, n: 40, numNeurons: 4, sigma: 3, seed: 1 });
    expect(auto.training.solver).toBe('primal');
    await expect(trainScoreModel({ target, n: 4, numNeurons: 4, solver: 'qr' as never })).rejects.toThrow(
      'invalid argument: solver: must be "auto", "dual" or "primal", got "qr"',
    );
  });
});
