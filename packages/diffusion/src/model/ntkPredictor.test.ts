import { Rng, fromRows } from '@softmax-ntk/linalg';
import { initWeights, jacobianVector } from '@softmax-ntk/network';
import { ntkRegression } from '@softmax-ntk/ntk';
import { parseTarget } from '../target/parseTarget';
import { trainScoreModel } from './trainScoreModel';
import { makeDenoisingData } from '../data/denoisingData';
import { makeSchedule } from '../sde/schedule';
import { fitNormalization } from '../target/normalization';

describe('Definition F.1: the NTK predictor as J(x)·U equals K*(x)(H* + ρI)⁻¹vec(Y)', () => {
  it('matches ntkRegression.predict of @softmax-ntk/ntk on test points (float64)', async () => {
    const target = parseTarget({ type: 'named', name: '8-gaussians' });
    const model = await trainScoreModel({ target, kind: 'ntk', n: 40, numNeurons: 64, sigma: 3, ridge: 1e-3, seed: 7 });
    // Rebuild the same data and W(0) from the seed (same draw order as trainScoreModel).
    const rng = new Rng(7);
    const schedule = makeSchedule({ spec: 'linear' });
    const data = makeDenoisingData({
      target,
      normalization: fitNormalization(target),
      schedule,
      n: 40,
      t0: model.t0,
      rng,
      timeSampling: 'log-uniform',
      timeScale: 3,
      precondition: true,
    });
    expect(data.inputScale).toBe(model.inputScale);
    const { w, a } = initWeights({ numNeurons: 64, dIn: 3, dOut: 2, sigma: 3, rng });
    expect(Array.from(fromRows(model.network.w).data)).toEqual(Array.from(w.data));
    const ref = ntkRegression({ w, a, x: data.x, y: data.y, ridge: model.training.ridge! });
    const xTest = { rows: 5, cols: 3, data: new Float64Array(15).map((_, i) => Math.sin(i) * 0.5) };
    const mine = jacobianVector({ w, a, x: xTest, u: fromRows(model.network.u!) });
    expect(mine.data).toBeAllClose(ref.predict(xTest).data, { rtol: 1e-8, atol: 1e-10 }); // two float64 routes through an H* with condition number ~1e4 (ridge 1e-3 of its mean diagonal): 1e-16·1e4 plus headroom
  });
});
