import { Rng, fromRows, type Matrix } from '@softmax-ntk/linalg';
import { jacobianVector } from '@softmax-ntk/network';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeDenoisingData } from '../data/denoisingData';
import { parseTarget } from '../target/parseTarget';
import { createScoreModel, parseModel, serializeModel } from './modelFile';
import { makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

// `smallTimeExpert`: a second NTK regression from the same W(0), trained on t ∈ [T₀, t_s] only, used by the score for
// t < t_s. Against independent computations: its pairs redrawn from Rng("<seed>/expert") (t range, R), its predictor
// by a dense solve of (H* + ρI)c = vec(Y) with the literal reference kernels, and the score at both sides of t_s
// written out from Tweedie's formula with the linear schedule's closed form α_t² = exp(−(0.1t + 9.95t²)).
describe('trainScoreModel smallTimeExpert (a small-t expert)', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const options = { target, n: 30, numNeurons: 32, sigma: 3, seed: 5, ridge: 0.02 };
  const expert = { below: 0.1, n: 24 };
  const alpha2 = (t: number) => Math.exp(-(0.1 * t + 9.95 * t * t));

  /** The expert's pairs as the option documents them: the main settings, T = t_s, Rng("5/expert"). */
  function expertPairs() {
    const { schedule, normalization } = makeScoreTrainingSet(options);
    return makeDenoisingData({
      target,
      normalization,
      schedule,
      n: expert.n,
      t0: 0.01,
      T: expert.below,
      timeSampling: 'log-uniform',
      timeScale: 3,
      precondition: true,
      rng: new Rng('5/expert'),
      parameterization: 'x0',
    });
  }

  /** F(x_te) of the dense dual on (x, y): K_te (H* + ρI)⁻¹ vec(Y) with the literal reference kernels. */
  function densePrediction(x: Matrix, y: Matrix, xTest: Matrix): Float64Array {
    const { w, a } = makeScoreTrainingSet(options);
    const n = x.rows;
    const d = a.rows;
    const H = reference.gram({ w, a, x });
    const N = H.rows;
    const A = { rows: N, cols: N, data: Float64Array.from(H.data) };
    for (let r = 0; r < N; r++) A.data[r * N + r] = H.data[r * N + r]! + options.ridge;
    const vy = new Float64Array(N);
    for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) vy[l * n + i] = y.data[i * d + l]!;
    const c = reference.solveDense(A, vy);
    const K = reference.testKernel({ w, a, x, xTest });
    const out = new Float64Array(xTest.rows * d);
    for (let l = 0; l < d; l++)
      for (let t = 0; t < xTest.rows; t++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += K.data[(l * xTest.rows + t) * N + j]! * c[j]!;
        out[t * d + l] = s;
      }
    return out;
  }

  it('trains on t ∈ [T₀, t_s] only, with its own R, and its predictor is the dense NTK regression on those pairs', async () => {
    const model = await trainScoreModel({ ...options, smallTimeExpert: expert });
    const e = model.expert!;
    expect(model.version).toBe(2);
    expect([e.below, e.n]).toEqual([0.1, 24]);
    const pairs = expertPairs();
    expect(pairs.t.every((t) => t >= 0.01 && t <= 0.1)).toBe(true);
    expect(Math.max(...pairs.t)).toBeGreaterThan(0.05);
    // R: the largest norm of (c_t·t/t_s, c_in(t)·x(t)) by hand
    const v = pairs.x0.data.reduce((s, z) => s + z * z, 0) / pairs.x0.data.length;
    let R = 0;
    pairs.t.forEach((t, i) => {
      const cin = 1 / Math.sqrt(alpha2(t) * v + 1 - alpha2(t));
      R = Math.max(R, Math.hypot((3 * t) / 0.1, cin * pairs.xt.data[2 * i]!, cin * pairs.xt.data[2 * i + 1]!));
    });
    expect(e.inputScale).toBeAllClose(R, TOLERANCES.float64);
    expect(e.input).toEqual({ timeScale: 3, secondMoment: pairs.secondMoment });
    const xTest: Matrix = { rows: 3, cols: 3, data: new Float64Array(9).map((_, i) => Math.sin(1.7 * i) * 0.5) };
    const got = jacobianVector({
      w: fromRows(model.network.w),
      a: fromRows(model.network.a),
      x: xTest,
      u: fromRows(e.u),
    }).data;
    expect(got).toBeAllClose(densePrediction(pairs.x, pairs.y, xTest), { rtol: 1e-8, atol: 1e-10 });
    // the main regression is the one without the expert, unchanged
    const plain = await trainScoreModel(options);
    expect(model.network.u).toEqual(plain.network.u);
    expect(model.inputScale).toBe(plain.inputScale);
    expect(plain.version).toBe(1);
    expect('expert' in plain).toBe(false);
  });

  it('the score switches to the expert below t_s and to the main regression from t_s on (Tweedie by hand)', async () => {
    const model = await trainScoreModel({ ...options, smallTimeExpert: expert });
    const { score, predict } = await createScoreModel(model, { precision: 'float64', clipRadius: null });
    const x: Matrix = { rows: 2, cols: 2, data: Float64Array.from([0.3, -0.2, -0.4, 0.1]) };
    const w = fromRows(model.network.w);
    const a = fromRows(model.network.a);
    /** s = (α F − x)/σ² with F = J(input) U on the input (c_t t/T, c_in x)/R of the given part. */
    const byHand = (t: number, u: number[][], T: number, R: number, v: number) => {
      const al2 = alpha2(t);
      const cin = 1 / Math.sqrt(al2 * v + 1 - al2);
      const input: Matrix = { rows: 2, cols: 3, data: new Float64Array(6) };
      for (let i = 0; i < 2; i++) {
        input.data[3 * i] = (3 * t) / T / R;
        input.data[3 * i + 1] = (cin * x.data[2 * i]!) / R;
        input.data[3 * i + 2] = (cin * x.data[2 * i + 1]!) / R;
      }
      const F = jacobianVector({ w, a, x: input, u: fromRows(u) }).data;
      return { F, s: F.map((f, k) => (Math.sqrt(al2) * f - x.data[k]!) / (1 - al2)) };
    };
    const e = model.expert!;
    const small = (t: number) => byHand(t, e.u, 0.1, e.inputScale, e.input.secondMoment!);
    const large = (t: number) => byHand(t, model.network.u!, 1, model.inputScale, model.input!.secondMoment!);
    for (const t of [0.01, 0.05, 0.1 - 1e-9]) {
      expect(score.score(t, x).data).toBeAllClose(small(t).s, TOLERANCES.float64);
      expect(predict(t, x).data).toBeAllClose(small(t).F, TOLERANCES.float64);
      // the two parts differ there, so the switch is seen
      expect(Math.max(...small(t).s.map((s, k) => Math.abs(s - large(t).s[k]!)))).toBeGreaterThan(1e-3);
    }
    for (const t of [0.1, 0.5]) {
      expect(score.score(t, x).data).toBeAllClose(large(t).s, TOLERANCES.float64);
      expect(predict(t, x).data).toBeAllClose(large(t).F, TOLERANCES.float64);
    }
    // jvp follows the same switch: its score part is the score
    expect(score.jvp!(0.05, x, [x]).score.data).toBeAllClose(small(0.05).s, TOLERANCES.float64);
    expect(score.jvp!(0.5, x, [x]).score.data).toBeAllClose(large(0.5).s, TOLERANCES.float64);
  });

  it('model file: version 2 round-trips; version 1 with an expert, 2 without, bad shapes and t_s are refused naming the field', async () => {
    const model = await trainScoreModel({ ...options, n: 10, numNeurons: 8, smallTimeExpert: { below: 0.2, n: 6 } });
    const json = JSON.parse(serializeModel(model));
    expect(parseModel(json)).toEqual(model);
    const bad = (change: (o: typeof json) => void) => {
      const o = JSON.parse(JSON.stringify(json));
      change(o);
      return () => parseModel(o);
    };
    expect(bad((o) => (o.version = 1))).toThrow(/^version: expected 2 for a model with a small-t expert/);
    expect(bad((o) => delete o.expert)).toThrow(/^expert: missing/);
    expect(bad((o) => (o.expert.below = 1))).toThrow(/^expert\.below: expected a number strictly between/);
    expect(bad((o) => (o.expert.below = 0.01))).toThrow(/^expert\.below/);
    expect(bad((o) => o.expert.u.pop())).toThrow(/^expert\.u: expected 8 × 3/);
    expect(bad((o) => (o.expert.inputScale = 1e-9))).toThrow(/^expert\.inputScale: expected the largest input norm/);
    expect(bad((o) => (o.kind = 'nn'))).toThrow(/^expert: expected only with kind "ntk"/);
    expect(bad((o) => (o.version = 3))).toThrow(/^version/);
  });

  it('refused: t_s outside (T₀, T), n < 1, and kind "nn", each naming the field', async () => {
    const small = { ...options, n: 8, numNeurons: 4 };
    await expect(trainScoreModel({ ...small, smallTimeExpert: { below: 1 } })).rejects.toThrow(
      /smallTimeExpert\.below/,
    );
    await expect(trainScoreModel({ ...small, smallTimeExpert: { below: 0.005 } })).rejects.toThrow(
      /smallTimeExpert\.below/,
    );
    await expect(trainScoreModel({ ...small, smallTimeExpert: { below: 0.1, n: 0 } })).rejects.toThrow(
      /smallTimeExpert\.n/,
    );
    await expect(
      trainScoreModel({ target, kind: 'nn', n: 8, numNeurons: 4, steps: 1, smallTimeExpert: { below: 0.1 } }),
    ).rejects.toThrow(/smallTimeExpert.*"ntk"/);
    // n defaults to the main regression's
    const m = await trainScoreModel({ ...small, smallTimeExpert: { below: 0.1 } });
    expect(m.expert!.n).toBe(8);
  });
});
