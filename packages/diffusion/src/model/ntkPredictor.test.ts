import { fromRows } from '@softmax-ntk/linalg';
import { jacobianVector } from '@softmax-ntk/network';
import * as reference from '@softmax-ntk/reference';
import { Rng } from '@softmax-ntk/linalg';
import { makeDenoisingData } from '../data/denoisingData';
import { parseTarget } from '../target/parseTarget';
import { makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

describe('Definition F.1: the NTK predictor as J(x)·U equals K*(x)(H* + ρI)⁻¹vec(Y)', () => {
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const xTest = { rows: 5, cols: 3, data: new Float64Array(15).map((_, i) => Math.sin(i) * 0.5) };

  it('matches the float64 reference (literal kernel, dense solve) on test points, with an absolute ridge', async () => {
    const options = { target, kind: 'ntk' as const, n: 40, numNeurons: 64, sigma: 3, ridge: 0.05, seed: 7 };
    const model = await trainScoreModel(options);
    // ridge is absolute everywhere: the model file stores the ρ that was given
    expect(model.training.ridge).toBe(0.05);
    const { data, w, a } = makeScoreTrainingSet(options);
    expect(Array.from(fromRows(model.network.w).data)).toEqual(Array.from(w.data));
    expect(data.inputScale).toBe(model.inputScale);
    const ref = reference.ntkRegressionPredictor({ w, a, x: data.x, y: data.y, xTest, ridge: 0.05 });
    const mine = jacobianVector({ w, a, x: xTest, u: fromRows(model.network.u!) });
    // two float64 routes (Cholesky + J·U vs Gaussian elimination + literal K*_te) through H* + ρI with ρ = 0.05
    // against a mean diagonal ~1e1 (condition ~1e3): 1e-16·1e3 plus headroom
    expect(mine.data).toBeAllClose(ref.data, { rtol: 1e-9, atol: 1e-11 });
  });

  it('relativeRidge c (the default 1e-4) means ρ = c·tr(H*)/(nd); giving both ridge and relativeRidge is refused', async () => {
    const model = await trainScoreModel({ target, n: 12, numNeurons: 16, sigma: 3, relativeRidge: 1e-2, seed: 1 });
    const { data, w, a } = makeScoreTrainingSet({ target, n: 12, numNeurons: 16, sigma: 3, seed: 1 });
    const H = reference.gram({ w, a, x: data.x });
    let tr = 0;
    for (let r = 0; r < H.rows; r++) tr += H.data[r * H.cols + r]!;
    expect(model.training.ridge).toBeAllClose((1e-2 * tr) / H.rows, { rtol: 1e-10, atol: 0 });
    expect(model.training.ridgeRelative).toBe(1e-2);
    await expect(trainScoreModel({ target, n: 4, numNeurons: 4, ridge: 1, relativeRidge: 1 })).rejects.toThrow(
      /ridge: excludes `relativeRidge`/,
    );
  });

  it('ensemble k = 2: the mean of two reference regressions from the same W(0), on the first pairs and on pairs from "seed/ensemble/1", under the larger R', async () => {
    const options = { target, n: 30, numNeurons: 32, sigma: 3, ridge: 0.05, seed: 4 };
    const model = await trainScoreModel({ ...options, ensemble: 2 });
    expect(model.training.ensemble).toBe(2);
    const { data, w, a, schedule, normalization } = makeScoreTrainingSet(options);
    const second = makeDenoisingData({
      target,
      normalization,
      schedule,
      n: 30,
      rng: new Rng('4/ensemble/1'),
      timeSampling: 'log-uniform',
      timeScale: 3,
      precondition: true,
    });
    const R = Math.max(data.inputScale, second.inputScale);
    expect(model.inputScale).toBe(R);
    expect(data.inputScale).not.toBe(second.inputScale); // the rescaling to one R is exercised
    const rescale = (x: typeof data.x, r: number) => ({ ...x, data: x.data.map((v) => (v * r) / R) });
    const f = [data, second].map((md) =>
      reference.ntkRegressionPredictor({ w, a, x: rescale(md.x, md.inputScale), y: md.y, xTest, ridge: 0.05 }),
    );
    const mine = jacobianVector({ w, a, x: xTest, u: fromRows(model.network.u!) });
    expect(mine.data).toBeAllClose(
      f[0]!.data.map((v, i) => (v + f[1]!.data[i]!) / 2),
      { rtol: 1e-9, atol: 1e-11 },
    );
    await expect(trainScoreModel({ target, kind: 'nn', n: 4, numNeurons: 4, ensemble: 2 })).rejects.toThrow(
      /ensemble: applies to kind "ntk"/,
    );
  });
});
