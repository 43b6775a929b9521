import { Rng, fromRows, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeDenoisingData } from '../data/denoisingData';
import { parseTarget } from '../target/parseTarget';
import { ScoreTrainingError } from './scoreTrainingError';
import { chooseNtkSolver, makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

// What ntkPredictor.test.ts and primalNtk.test.ts (the predictor against the literal reference) leave open: the
// defaults, the loss floor, the final loss and the stored training record, each against an independent computation
// (the closed-form posterior of a Gaussian p₀, the literal reference network), on a few pairs and neurons.

const mu = [0.5, -0.3];
const s = 0.2;
const gaussian = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [mu], std: [s] });
const normalization = { shift: [0.1, 0.2], scale: 2 };

/**
 * ½Σ(E[label | x(t)] − label)² over the pairs, for p₀ = N(μ, s²I) in scaled units (mean (μ − shift)/scale, std
 * s/scale): E[x₀|x] = m + αs'²/(α²s'² + σ²)(x − αm), ∇log p_t = −(x − αm)/(α²s'² + σ²), E[ε|x] = −σ∇log p_t.
 */
function floorByHand(
  set: ReturnType<typeof makeScoreTrainingSet>,
  parameterization: 'x0' | 'eps' | 'residual',
): number {
  const { data, schedule } = set;
  const sp = s / normalization.scale;
  let floor = 0;
  for (let i = 0; i < data.t.length; i++) {
    const t = data.t[i]!;
    const al = schedule.alpha(t);
    const s2 = schedule.sigma2(t);
    const v = al * al * sp * sp + s2;
    for (let j = 0; j < 2; j++) {
      const m = (mu[j]! - normalization.shift[j]!) / normalization.scale;
      const x = data.xt.data[2 * i + j]!;
      const mean = m + ((al * sp * sp) / v) * (x - al * m);
      const skip = (al * data.secondMoment) / (al * al * data.secondMoment + s2);
      const post =
        parameterization === 'x0'
          ? mean
          : parameterization === 'residual'
            ? mean - skip * x
            : Math.sqrt(s2) * ((x - al * m) / v);
      floor += 0.5 * (post - data.y.data[2 * i + j]!) ** 2;
    }
  }
  return floor;
}

/** GD on W in float64 with m = 4 neurons (the tests add n, the steps and the step size). */
const nnSmall = {
  target: gaussian,
  kind: 'nn' as const,
  numNeurons: 4,
  sigma: 2,
  precision: 'float64' as const,
  seed: 2,
};

/** tr(H*) of the literal reference Gram matrix of a training set. */
function referenceTrace({ data, w, a }: ReturnType<typeof makeScoreTrainingSet>): number {
  const H = reference.gram({ w, a, x: data.x });
  let tr = 0;
  for (let i = 0; i < H.rows; i++) tr += H.data[i * H.cols + i]!;
  return tr;
}

describe('trainScoreModel: defaults, loss floor, final loss and the training record', () => {
  it('the defaults of makeScoreTrainingSet (Section 6.1 pairs, Definition 3.7 init)', () => {
    const set = makeScoreTrainingSet({ target: gaussian });
    expect(set.settings).toEqual({
      kind: 'ntk',
      parameterization: 'x0',
      t0: 0.01,
      T: 1,
      n: 10000,
      numNeurons: 2048,
      sigma: 10,
      timeSampling: 'log-uniform',
      steps: 1000,
      etaScale: 1,
      ridge: null,
      relativeRidge: 1e-4,
      precision: 'float32',
      seed: 0,
      // Definition 3.7's Gaussian W(0) (no neuron centred on the data; σ′ = 400 would apply to centred ones)
      dataCentres: 0,
      centreScale: 400,
    });
    // the paper's input width d + 1: no constant coordinate by default
    expect(set.data.features.bias).toBeUndefined();
    expect([set.data.x.rows, set.data.x.cols, set.w.rows, set.w.cols, set.a.rows, set.a.cols]).toEqual([
      10000, 3, 2048, 3, 2, 2048,
    ]);
    // the linear schedule, g(t) = 0.1 + 19.9·t on [0, 1]
    expect([set.schedule.T, set.schedule.g(0), set.schedule.g(1)]).toBeAllClose([1, 0.1, 20], TOLERANCES.float64);
    expect(set.data.features.timeScale).toBe(3);
    expect(set.data.features.secondMoment).not.toBeNull();
    // the pairs' times lie in [T₀, T] = [0.01, 1]
    expect(Math.min(...set.data.t)).toBeGreaterThanOrEqual(0.01);
    expect(Math.max(...set.data.t)).toBeLessThanOrEqual(1);
    // σ = 10: the first-layer weights' sample standard deviation (6144 draws of N(0, 10²), 5 standard errors)
    const sd = Math.sqrt(set.w.data.reduce((acc, v) => acc + v * v, 0) / set.w.data.length);
    expect(Math.abs(sd - 10)).toBeLessThan(5 * (10 / Math.sqrt(2 * 6144)));
    expect(makeScoreTrainingSet({ target: gaussian, kind: 'nn', n: undefined }).settings.n).toBe(2000);
    expect(() => makeScoreTrainingSet({ target: gaussian, kind: 'gd' as never })).toThrow(
      'invalid argument: kind: must be "nn" or "ntk", got "gd"',
    );
    expect(() => makeScoreTrainingSet({ target: gaussian, numNeurons: 6 + 1 })).toThrow(
      'invalid argument: numNeurons: must be even for symmetric initialisation, got 7',
    );
  });

  it.each(['x0', 'eps', 'residual'] as const)(
    'the loss floor (%s) is ½Σ(E[label | x(t)] − label)² by the closed-form Gaussian posterior; the final loss is the reference predictor’s',
    async (parameterization) => {
      const options = {
        target: gaussian,
        normalization,
        parameterization,
        n: 7,
        numNeurons: 6,
        sigma: 3,
        ridge: 0.05,
        seed: 3,
        t0: 0.02,
        T: 0.9,
        timeSampling: 'uniform' as const,
      };
      const model = await trainScoreModel(options);
      const set = makeScoreTrainingSet(options);
      expect(set.settings).toMatchObject({ t0: 0.02, T: 0.9, timeSampling: 'uniform' });
      expect(model.training.lossFloor).toBeAllClose(floorByHand(set, parameterization), TOLERANCES.float64);
      const { data, w, a } = set;
      const fit = reference.ntkRegressionPredictor({ w, a, x: data.x, y: data.y, xTest: data.x, ridge: 0.05 });
      let loss = 0;
      for (let i = 0; i < fit.data.length; i++) loss += 0.5 * (fit.data[i]! - data.y.data[i]!) ** 2;
      // two float64 solves of one ridge system (condition ≲ 1e4): agreement to 1e-9 relative
      expect(model.training.finalLoss).toBeAllClose(loss, { rtol: 1e-9, atol: 1e-12 });
      // the record: an absolute ridge gives ρ and ρ·nd/tr(H*); no ensemble field for k = 1
      const tr = referenceTrace(set);
      expect(model.training.ridge).toBe(0.05);
      expect(model.training.ridgeRelative).toBeAllClose((0.05 * 14) / tr, { rtol: 1e-12, atol: 0 });
      expect('ensemble' in model.training).toBe(false);
      expect([model.t0, model.T, model.training.timeSampling, model.parameterization]).toEqual([
        0.02,
        0.9,
        'uniform',
        parameterization,
      ]);
      expect(model.skipSecondMoment).toBe(parameterization === 'residual' ? data.secondMoment : undefined);
      expect(model.normalization).toEqual(normalization);
    },
  );

  it('a target without a mixture has no loss floor', async () => {
    const moons = parseTarget({ type: 'named', name: 'two-moons' });
    const model = await trainScoreModel({ target: moons, n: 5, numNeurons: 4, ridge: 0.1, seed: 1 });
    expect(model.training.lossFloor).toBeNull();
  });

  it('nn: the loss curve every ⌈steps/500⌉ steps and the last, starting at ½‖Y‖² (F(W(0)) = 0), ending at the final network’s loss', async () => {
    const options = { ...nnSmall, n: 6, steps: 1003, eta: 0.05 };
    const seen: number[] = [];
    const model = await trainScoreModel({ ...options, onProgress: (p) => seen.push(p.step) });
    const { data, a } = makeScoreTrainingSet(options);
    const t = model.training;
    if (t.lossEvery === undefined) throw new Error('an nn model records lossEvery');
    expect([t.steps, t.eta, t.momentum, t.lossEvery, t.precision]).toEqual([1003, 0.05, 0, 3, 'float64']);
    // entries k = 0, 3, …, 1002 of the 1004 losses (steps 0…1003), and the last, 1003
    expect(t.loss!.length).toBe(336);
    const half = 0.5 * data.y.data.reduce((acc, v) => acc + v * v, 0);
    expect(t.loss![0]).toBeAllClose(half, TOLERANCES.float64);
    const final: Matrix = fromRows(model.network.w);
    const want = reference.loss({ w: final, a, x: data.x, y: data.y });
    expect(t.finalLoss).toBeAllClose(want, TOLERANCES.float64);
    expect(t.loss![t.loss!.length - 1]).toBeAllClose(want, TOLERANCES.float64);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1003);
    // a given momentum is stored
    const heavy = await trainScoreModel({ ...options, steps: 2, momentum: 0.5 });
    expect(heavy.training.momentum).toBe(0.5);
  });

  it('chooseNtkSolver: the crossover of the flop counts Np²/2 + p³/3 (primal) and N²m/2 + N³/3 (dual), N = nd, p = m(d + 1)', () => {
    // d = 1, m = 16 (p = 32): n = 38 (N = 38): primal 19456 + 10922.7 = 30378.7 > dual 11552 + 18290.7 = 29842.7;
    // n = 39: primal 19968 + 10922.7 = 30890.7 < dual 12168 + 19773 = 31941
    expect([chooseNtkSolver(38, 1, 16), chooseNtkSolver(39, 1, 16)]).toEqual(['dual', 'primal']);
    // the same crossover, found by evaluating both counts in exact integers, for d = 2 at m = 64 and m = 2048
    expect([chooseNtkSolver(122, 2, 64), chooseNtkSolver(123, 2, 64)]).toEqual(['dual', 'primal']);
    expect([chooseNtkSolver(3934, 2, 2048), chooseNtkSolver(3935, 2, 2048)]).toEqual(['dual', 'primal']);
    expect([chooseNtkSolver(176, 3, 100), chooseNtkSolver(177, 3, 100)]).toEqual(['dual', 'primal']);
  });

  it('the primal solve with ridge 0 on a rank-deficient JᵀJ names ridge (or relativeRidge) and the shifted matrix JᵀJ + mρI', async () => {
    // n = 2 pairs in d = 2 give rank(JᵀJ) ≤ 4 against p = 8·3 = 24: singular in float64
    const tiny = { target: gaussian, n: 2, numNeurons: 8, sigma: 3, seed: 0, solver: 'primal' as const };
    const failure = async (options: Parameters<typeof trainScoreModel>[0]) =>
      trainScoreModel(options).then(
        () => undefined,
        (e: unknown) => e,
      );
    const a = await failure({ ...tiny, ridge: 0 });
    expect(a).toBeInstanceOf(ScoreTrainingError);
    expect({ field: (a as ScoreTrainingError).field, value: (a as ScoreTrainingError).value }).toEqual({
      field: 'ridge',
      value: 0,
    });
    expect((a as ScoreTrainingError).detail).toMatch(
      /^leaves JᵀJ not numerically positive definite \(ρ = 0: pivot \d+ of JᵀJ \+ mρI is \S+\)$/,
    );
    const r = await failure({ ...tiny, relativeRidge: 0 });
    expect({ field: (r as ScoreTrainingError).field, value: (r as ScoreTrainingError).value }).toEqual({
      field: 'relativeRidge',
      value: 0,
    });
  });

  it('the record of an automatic step: η·λ_max = etaScale, λ_max = λ_max(JJᵀ) = m·λ_max(H*), seconds within the call', async () => {
    const options = {
      target: gaussian,
      kind: 'nn' as const,
      n: 6,
      numNeurons: 4,
      sigma: 2,
      steps: 2,
      etaScale: 0.5,
      precision: 'float64' as const,
      seed: 2,
    };
    const started = performance.now();
    const model = await trainScoreModel(options);
    const wall = (performance.now() - started) / 1000;
    const t = model.training;
    const { data, w, a } = makeScoreTrainingSet(options);
    const H = reference.gram({ w, a, x: data.x });
    // λ_max(H*) by power iteration on the literal Gram matrix (12 × 12), to convergence
    let v = new Float64Array(H.rows).fill(1);
    let lambda = 0;
    for (let it = 0; it < 2000; it++) {
      const hv = new Float64Array(H.rows);
      for (let i = 0; i < H.rows; i++) for (let j = 0; j < H.rows; j++) hv[i]! += H.data[i * H.rows + j]! * v[j]!;
      lambda = Math.sqrt(hv.reduce((acc, e) => acc + e * e, 0));
      v = hv.map((e) => e / lambda);
    }
    // the trainer's λ_max is its own power-iteration estimate: 1e-3 relative
    expect(t.lambdaMax).toBeAllClose(4 * lambda, { rtol: 1e-3, atol: 0 });
    expect(t.eta! * t.lambdaMax!).toBeAllClose(0.5, TOLERANCES.float64);
    expect(t.seconds).toBeGreaterThanOrEqual(0);
    expect(t.seconds).toBeLessThanOrEqual(wall);
    // a given η stores no λ_max
    const given = await trainScoreModel({ ...options, eta: 0.01 });
    expect([given.training.eta, given.training.lambdaMax]).toEqual([0.01, null]);
    // and the ntk record's seconds too
    const s0 = performance.now();
    const ntk = await trainScoreModel({ target: gaussian, n: 4, numNeurons: 4, ridge: 0.1, seed: 1 });
    const ntkWall = (performance.now() - s0) / 1000;
    expect(ntk.training.seconds).toBeGreaterThanOrEqual(0);
    expect(ntk.training.seconds).toBeLessThanOrEqual(ntkWall);
  });

  it('every refusal of an option, whole message naming the field', async () => {
    const refused = (options: Partial<Parameters<typeof makeScoreTrainingSet>[0]>) => () =>
      makeScoreTrainingSet({ target: gaussian, n: 4, numNeurons: 4, ...options });
    expect(refused({ n: 1.5 })).toThrow(exactMessage('invalid argument: n: expected a positive integer, got 1.5'));
    expect(refused({ numNeurons: 0 })).toThrow(
      exactMessage('invalid argument: numNeurons: expected a positive integer, got 0'),
    );
    expect(refused({ sigma: -1 })).toThrow(
      exactMessage('invalid argument: sigma: expected a finite number ≥ 0, got -1'),
    );
    expect(refused({ steps: 0 })).toThrow(exactMessage('invalid argument: steps: expected a positive integer, got 0'));
    expect(refused({ etaScale: 0 })).toThrow(
      exactMessage('invalid argument: etaScale: expected a finite number > 0, got 0'),
    );
    expect(refused({ ridge: -1 })).toThrow(
      exactMessage('invalid argument: ridge: expected a finite number ≥ 0, got -1'),
    );
    expect(refused({ relativeRidge: -1 })).toThrow(
      exactMessage('invalid argument: relativeRidge: expected a finite number ≥ 0, got -1'),
    );
    expect(refused({ ridge: 1, relativeRidge: 1 })).toThrow(
      exactMessage(
        'invalid argument: ridge: excludes `relativeRidge` (an absolute ridge or a relative one): give one, got both',
      ),
    );
    await expect(trainScoreModel({ target: gaussian, n: 4, numNeurons: 4, ensemble: 1.5 })).rejects.toThrow(
      exactMessage('invalid argument: ensemble: expected a positive integer, got 1.5'),
    );
    // the boundaries: σ = 0 and ridges of 0 are accepted
    expect(refused({ sigma: 0, ridge: 0 })().settings).toMatchObject({ sigma: 0, ridge: 0 });
    expect(refused({ relativeRidge: 0 })().settings).toMatchObject({ ridge: null, relativeRidge: 0 });
  });

  it('the record’s header: format, version, kind, schedule, times, target, normalisation, input features and seed', async () => {
    const ntk = await trainScoreModel({ target: gaussian, n: 4, numNeurons: 4, ridge: 0.1, seed: 3 });
    const { data, normalization: fitted } = makeScoreTrainingSet({ target: gaussian, n: 4, numNeurons: 4, seed: 3 });
    const header = {
      format: 'softmax-ntk/diffusion-model',
      version: 1,
      parameterization: 'x0',
      schedule: { kind: 'linear', betaMin: 0.1, betaMax: 20 },
      t0: 0.01,
      T: 1,
      target: { type: 'gaussian-mixture', weights: [1], means: [mu], std: [s] },
      // fitNormalization of N(μ, s²I): the mean, and the radius holding the scaled p₀ in the unit ball
      normalization: fitted,
      inputScale: data.inputScale,
      input: { timeScale: 3, secondMoment: data.secondMoment },
      seed: 3,
    };
    expect(fitted.shift).toEqual(mu);
    const { network, training, ...rest } = ntk;
    expect(rest).toEqual({ ...header, kind: 'ntk' });
    expect([training.precision, training.solver, Object.keys(network)]).toEqual([
      'float64',
      'dual', // nd = 8 < p = 12: the dual's flops are fewer
      ['activation', 'w', 'a', 'u'],
    ]);
    const nn = await trainScoreModel({ target: gaussian, kind: 'nn', n: 4, numNeurons: 4, steps: 3, seed: 3 });
    const { network: nnNet, training: nnTraining, ...nnRest } = nn;
    expect(nnRest).toEqual({ ...header, kind: 'nn' });
    expect([network.activation, nnNet.activation]).toEqual(['softmax', 'softmax']);
    // float32 GD by default (the backend initialised by trainScoreModel), no U
    expect([nnTraining.precision, Object.keys(nnNet)]).toEqual(['float32', ['activation', 'w', 'a']]);
    expect(nnTraining.loss!.length).toBe(4);
  });

  it('ensemble k = 2 with non-default data settings: the second member drawn from Rng("<seed>/ensemble/1") with the same T₀, T, time sampling and input features; the final loss on the first member’s pairs rescaled to the larger R', async () => {
    const options = {
      target: gaussian,
      normalization,
      parameterization: 'eps' as const,
      schedule: 'constant',
      n: 6,
      numNeurons: 4,
      sigma: 2,
      ridge: 0.05,
      seed: 3,
      t0: 0.05,
      T: 2,
      timeSampling: 'uniform' as const,
      timeScale: 1,
      precondition: false,
    };
    const model = await trainScoreModel({ ...options, ensemble: 2, solver: 'dual' });
    const { data, w, a, schedule } = makeScoreTrainingSet(options);
    const second = makeDenoisingData({
      target: gaussian,
      normalization,
      schedule,
      n: 6,
      t0: 0.05,
      T: 2,
      parameterization: 'eps',
      rng: new Rng('3/ensemble/1'),
      timeSampling: 'uniform',
      timeScale: 1,
      precondition: false,
    });
    // the first member's R is the smaller: its inputs are the ones rescaled
    expect(data.inputScale).toBeLessThan(second.inputScale);
    const R = second.inputScale;
    expect([model.inputScale, model.input]).toEqual([R, { timeScale: 1, secondMoment: null }]);
    const rescale = (x: Matrix, r: number): Matrix => ({ ...x, data: x.data.map((v) => (v * r) / R) });
    const x0 = rescale(data.x, data.inputScale);
    const members = [data, second].map((md) =>
      reference.ntkRegressionPredictor({ w, a, x: rescale(md.x, md.inputScale), y: md.y, xTest: x0, ridge: 0.05 }),
    );
    let loss = 0;
    for (let i = 0; i < data.y.data.length; i++)
      loss += 0.5 * ((members[0]!.data[i]! + members[1]!.data[i]!) / 2 - data.y.data[i]!) ** 2;
    // float64 solves of ridge systems (condition ≲ 1e4), as above
    expect(model.training.finalLoss).toBeAllClose(loss, { rtol: 1e-9, atol: 1e-12 });
    expect([model.training.ensemble, model.training.ridge]).toEqual([2, 0.05]);
  });

  it('a relative ridge is stored as given (not recomputed as ρ·nd/tr(H*), which rounds differently for c = 0.067)', async () => {
    const options = {
      target: gaussian,
      normalization,
      n: 5,
      numNeurons: 4,
      sigma: 2,
      seed: 3,
      solver: 'dual' as const,
    };
    const model = await trainScoreModel({ ...options, relativeRidge: 0.067 });
    const tr = referenceTrace(makeScoreTrainingSet(options));
    expect(model.training.ridge).toBeAllClose((0.067 * tr) / 10, TOLERANCES.float64);
    expect(model.training.ridgeRelative).toBe(0.067);
  });

  it('nn with momentum μ: heavy-ball GD, W(k+1) = W(k) − η∇L(W(k)) + μ(W(k) − W(k−1)), by the reference gradient', async () => {
    const options = { ...nnSmall, n: 5, steps: 3, eta: 0.02, momentum: 0.5 };
    const model = await trainScoreModel(options);
    const { data, w, a } = makeScoreTrainingSet(options);
    let prev = w;
    let cur = w;
    for (let k = 0; k < 3; k++) {
      const g = reference.gradient({ w: cur, a, x: data.x, y: data.y });
      const next = { ...cur, data: cur.data.map((v, i) => v - 0.02 * g.data[i]! + 0.5 * (v - prev.data[i]!)) };
      prev = cur;
      cur = next;
    }
    expect(fromRows(model.network.w).data).toBeAllClose(cur.data, TOLERANCES.float64);
    expect(model.training.momentum).toBe(0.5);
  });
});
