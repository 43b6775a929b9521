import { parseTarget } from '../target/parseTarget';
import { SPEC_EXAMPLE_MIXTURE } from '../../test/fixtures/specMixture';
import { createScoreModel } from './modelFile';
import { DEFAULT_CLIP_RADIUS } from './clipPrediction';
import { trainScoreModel } from './trainScoreModel';

const target = parseTarget(SPEC_EXAMPLE_MIXTURE);
// Points far outside the data: the NTK predictor extrapolates linearly there, so its x(0) prediction leaves the ball.
const far = { rows: 3, cols: 2, data: Float64Array.from([40, -30, -25, 60, 0.5, 80]) };
const t = 0.05;
const scoreOf = async (model: Awaited<ReturnType<typeof trainScoreModel>>, clipRadius?: number | null) =>
  Array.from(
    (
      await createScoreModel(model, { precision: 'float64', ...(clipRadius !== undefined ? { clipRadius } : {}) })
    ).score.score(t, far).data,
  );

describe("createScoreModel's default clip: on for the package's inputs, off for the paper's (one flag away)", () => {
  it('a model with the default input features is clipped to the unit ball by default', async () => {
    const model = await trainScoreModel({ target, n: 40, numNeurons: 32, sigma: 4, seed: 2 });
    expect(model.input).not.toEqual({ timeScale: 1, secondMoment: null });
    const raw = await scoreOf(model, null);
    const clipped = await scoreOf(model, DEFAULT_CLIP_RADIUS);
    expect(clipped).not.toEqual(raw); // the points are far enough for the clip to act
    expect(await scoreOf(model)).toEqual(clipped);
  });

  it('a model trained on the paper inputs (--paper-inputs) gets the raw score by default', async () => {
    const model = await trainScoreModel({
      target,
      n: 40,
      numNeurons: 32,
      sigma: 4,
      timeScale: 1,
      precondition: false,
      timeSampling: 'uniform',
      seed: 2,
    });
    expect(model.input).toEqual({ timeScale: 1, secondMoment: null });
    const raw = await scoreOf(model, null);
    expect(await scoreOf(model, DEFAULT_CLIP_RADIUS)).not.toEqual(raw);
    expect(await scoreOf(model)).toEqual(raw);
  });
});
