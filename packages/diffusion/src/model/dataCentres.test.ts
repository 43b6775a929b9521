import { Rng, fromRows, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { initWeights } from '@softmax-ntk/network';
import { parseTarget } from '../target/parseTarget';
import { centreNeurons, DEFAULT_CENTRE_SCALE } from './dataCentres';
import { chooseNtkSolver, makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

// Neurons centred on training inputs: each centred logit is σ'(⟨x̃_i, x̃⟩ − ‖x̃_i‖²/2), checked against that formula
// written out, on inputs the centres were not drawn from; the rest of W(0) is initWeights' draw untouched.

const gaussian = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[0.5, -0.3]], std: [0.2] });

/** n random inputs (p − 1 free coordinates and the constant c last). */
function inputs(n: number, p: number, c: number, seed: number): Matrix {
  const g = new Rng(seed);
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < p - 1; k++) data[i * p + k] = g.normal() * 0.3;
    data[i * p + p - 1] = c;
  }
  return { rows: n, cols: p, data };
}

describe('centreNeurons: W(0) with neurons centred on training inputs', () => {
  it('each centred pair gives σ′(⟨x̃_i, x̃⟩ − ‖x̃_i‖²/2) on any input with the constant c; the other pairs are untouched', () => {
    const p = 4;
    const c = 0.7;
    const x = inputs(9, p, c, 1);
    const { w } = initWeights({ numNeurons: 10, dIn: p, dOut: 2, sigma: 3, rng: new Rng(2) });
    const before = Float64Array.from(w.data);
    centreNeurons(w, x, 0.6, 25, new Rng(3));
    // round(10·0.6/2) = 3 pairs: rows 0–5 centred, rows 6–9 as initWeights drew them
    expect(Array.from(w.data.subarray(6 * p))).toEqual(Array.from(before.subarray(6 * p)));
    const g = new Rng(3);
    const test = inputs(5, p, c, 4);
    for (let q = 0; q < 3; q++) {
      const i = Math.floor(g.uniform() * 9);
      const xi = Array.from(x.data.subarray(i * p, (i + 1) * p));
      const n2 = xi.reduce((s, v) => s + v * v, 0);
      for (let j = 0; j < 5; j++) {
        const xt = Array.from(test.data.subarray(j * p, (j + 1) * p));
        const want = 25 * (xi.reduce((s, v, k) => s + v * xt[k]!, 0) - n2 / 2);
        for (const r of [2 * q, 2 * q + 1]) {
          const got = xt.reduce((s, v, k) => s + v * w.data[r * p + k]!, 0);
          expect(got).toBeAllClose(want, TOLERANCES.float64);
        }
      }
    }
  });

  it('so the centred softmax is a Gaussian kernel: its weights are exp(−σ′‖x̃ − x̃_i‖²/2) normalised', () => {
    const p = 3;
    const x = inputs(6, p, 0.5, 5);
    const w = { rows: 4, cols: p, data: new Float64Array(4 * p) };
    centreNeurons(w, x, 1, 40, new Rng(6));
    const g = new Rng(6);
    const centres = [0, 1].map(() => Math.floor(g.uniform() * 6));
    const xt = [0.1, -0.2, 0.5];
    const logits = [0, 1, 2, 3].map((r) => xt.reduce((s, v, k) => s + v * w.data[r * p + k]!, 0));
    const soft = logits.map((l) => Math.exp(l - Math.max(...logits)));
    const kernel = [0, 0, 1, 1].map((q) => {
      const i = centres[q]!;
      return Math.exp((-40 * xt.reduce((s, v, k) => s + (v - x.data[i * p + k]!) ** 2, 0)) / 2);
    });
    const total = (v: number[]) => v.reduce((s, u) => s + u, 0);
    expect(soft.map((v) => v / total(soft))).toBeAllClose(
      kernel.map((v) => v / total(kernel)),
      TOLERANCES.float64,
    );
  });

  it('f = 0 changes nothing; refusals name the argument', () => {
    const x = inputs(3, 3, 1, 7);
    const w = { rows: 4, cols: 3, data: Float64Array.from({ length: 12 }, (_, k) => k) };
    centreNeurons(w, x, 0, 10, new Rng(1));
    expect(Array.from(w.data)).toEqual(Array.from({ length: 12 }, (_, k) => k));
    expect(() => centreNeurons(w, inputs(3, 2, 1, 7), 1, 10, new Rng(1))).toThrow(
      exactMessage("invalid argument: x: must have W's 3 columns, got 2"),
    );
    expect(() => centreNeurons(w, x, 1.5, 10, new Rng(1))).toThrow(
      exactMessage('invalid argument: fraction: must be in [0, 1], got 1.5'),
    );
    expect(() => centreNeurons(w, x, 1, 0, new Rng(1))).toThrow(
      exactMessage('invalid argument: scale: must be a finite number > 0, got 0'),
    );
    expect(() => centreNeurons(w, inputs(3, 3, 0, 7), 1, 10, new Rng(1))).toThrow(
      exactMessage('invalid argument: x: needs a constant last coordinate c > 0, got 0'),
    );
  });
});

describe('trainScoreModel with the constant coordinate and centred neurons', () => {
  it('dataCentres: W(0) is initWeights’ draw then centreNeurons from Rng("<seed>/centres"); the data and a are unchanged', () => {
    const base = { target: gaussian, n: 12, numNeurons: 8, seed: 4 };
    const plain = makeScoreTrainingSet({ ...base, inputBias: 1 });
    const centred = makeScoreTrainingSet({ ...base, dataCentres: 0.5, centreScale: 30 });
    // inputBias defaults to 1 with dataCentres: the same pairs, d + 2 = 4 wide with c = 1/R last
    expect(Array.from(centred.data.x.data)).toEqual(Array.from(plain.data.x.data));
    expect(centred.data.x.cols).toBe(4);
    expect(centred.data.x.data[3]).toBeAllClose(1 / centred.data.inputScale, TOLERANCES.float64);
    expect(Array.from(centred.a.data)).toEqual(Array.from(plain.a.data));
    const w = { ...plain.w, data: Float64Array.from(plain.w.data) };
    centreNeurons(w, plain.data.x, 0.5, 30, new Rng('4/centres'));
    expect(Array.from(centred.w.data)).toEqual(Array.from(w.data));
    expect(centred.settings).toMatchObject({ dataCentres: 0.5, centreScale: 30 });
    expect(makeScoreTrainingSet(base).settings).toMatchObject({ dataCentres: 0, centreScale: DEFAULT_CENTRE_SCALE });
  });

  it('refusals: a fraction outside [0, 1], σ′ ≤ 0, centred neurons without the constant coordinate', () => {
    const set = (o: object) => () => makeScoreTrainingSet({ target: gaussian, n: 4, numNeurons: 4, ...o });
    expect(set({ dataCentres: 2 })).toThrow(
      exactMessage('invalid argument: dataCentres: must be a fraction in [0, 1], got 2'),
    );
    expect(set({ dataCentres: -1 })).toThrow(
      exactMessage('invalid argument: dataCentres: expected a finite number ≥ 0, got -1'),
    );
    expect(set({ centreScale: 0 })).toThrow(
      exactMessage('invalid argument: centreScale: expected a finite number > 0, got 0'),
    );
    expect(set({ dataCentres: 0.5, inputBias: 0 })).toThrow(
      exactMessage(
        'invalid argument: inputBias: must be > 0 when dataCentres > 0 (centred neurons need the constant coordinate)',
      ),
    );
    expect(set({ inputBias: -1 })).toThrow(
      exactMessage('invalid argument: inputBias: expected a finite number ≥ 0, got -1'),
    );
  });

  it('ntk with inputBias and centred neurons: the primal and the dual solve agree with the literal reference predictor; the record says how W(0) was made', async () => {
    const options = { target: gaussian, n: 10, numNeurons: 6, ridge: 0.05, seed: 2, dataCentres: 1, centreScale: 20 };
    const { data, w, a } = makeScoreTrainingSet(options);
    const want = reference.ntkRegressionPredictor({ w, a, x: data.x, y: data.y, xTest: data.x, ridge: 0.05 });
    let loss = 0;
    for (let i = 0; i < want.data.length; i++) loss += 0.5 * (want.data[i]! - data.y.data[i]!) ** 2;
    for (const solver of ['primal', 'dual'] as const) {
      const model = await trainScoreModel({ ...options, solver });
      expect(fromRows(model.network.w).data).toEqual(w.data);
      expect([model.network.w[0]!.length, model.network.u![0]!.length]).toEqual([4, 4]);
      expect(model.input).toEqual({ timeScale: 3, secondMoment: data.secondMoment, bias: 1 });
      expect(model.training).toMatchObject({ dataCentres: 1, centreScale: 20, solver });
      // float64 solves of a ridge system (condition ≲ 1e4): as the other NTK-regression tests
      expect(model.training.finalLoss).toBeAllClose(loss, { rtol: 1e-9, atol: 1e-12 });
    }
    const plain = await trainScoreModel({ target: gaussian, n: 10, numNeurons: 6, ridge: 0.05, seed: 2 });
    expect('dataCentres' in plain.training || 'centreScale' in plain.training).toBe(false);
    // the solver's flop count sees the wider input, p = m(d + 2): the crossover moves from 3934/3935 pairs (d + 1)
    // to 5429/5430 (found by evaluating both counts in exact fractions)
    expect([chooseNtkSolver(3935, 2, 2048), chooseNtkSolver(3935, 2, 2048, 4)]).toEqual(['primal', 'dual']);
    expect([chooseNtkSolver(5429, 2, 2048, 4), chooseNtkSolver(5430, 2, 2048, 4)]).toEqual(['dual', 'primal']);
  });
});
