/**
 * trainScoreModel's failures caused by an option are `ScoreTrainingError`s (a `ValidationError`) naming the option
 * in `field`, with its value: the CLI relies on the class and the field, never on the message's wording.
 */
import { ValidationError } from '@softmax-ntk/linalg';
import { parseTarget } from '../target/parseTarget';
import { ScoreTrainingError } from './scoreTrainingError';
import { trainScoreModel } from './trainScoreModel';

const target = parseTarget({
  type: 'gaussian-mixture',
  weights: [0.5, 0.5],
  means: [
    [-1, 0],
    [1, 0],
  ],
  std: [0.3, 0.3],
});
const small = { target, n: 8, numNeurons: 8, seed: 0 } as const;

async function failure(p: Promise<unknown>): Promise<ScoreTrainingError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ScoreTrainingError);
  expect(e).toBeInstanceOf(ValidationError);
  return e as ScoreTrainingError;
}

describe('ScoreTrainingError: the option that made training fail', () => {
  it('a diverging automatic step names etaScale with its value', async () => {
    // η = c/λ_max beyond float32's range: the first step's weights overflow on every backend (the CLI property
    // test's counterexample, c ≈ 8.3e39, overflowed on wasm but not on the cpu backend's arithmetic)
    const etaScale = 1e45;
    const e = await failure(
      trainScoreModel({ ...small, kind: 'nn', sigma: 1, steps: 3, etaScale, precision: 'float32' }),
    );
    expect({ field: e.field, value: e.value }).toEqual({ field: 'etaScale', value: etaScale });
    expect(e.message).toMatch(/^invalid argument: etaScale: training diverged: the loss at step 1 is /);
  });

  it('a diverging given step size names eta, not etaScale', async () => {
    const e = await failure(
      trainScoreModel({ ...small, kind: 'nn', sigma: 1, steps: 3, eta: 1e40, precision: 'float32' }),
    );
    expect({ field: e.field, value: e.value }).toEqual({ field: 'eta', value: 1e40 });
  });

  it('ridge 0 on an H* singular in float64 names ridge; a relative ridge of 0 names relativeRidge', async () => {
    const a = await failure(trainScoreModel({ ...small, kind: 'ntk', ridge: 0 }));
    expect({ field: a.field, value: a.value }).toEqual({ field: 'ridge', value: 0 });
    expect(a.detail).toMatch(/^leaves H\* not numerically positive definite \(ρ = 0: pivot \d+ of H\* \+ ρI is /);
    const r = await failure(trainScoreModel({ ...small, kind: 'ntk', relativeRidge: 0 }));
    expect({ field: r.field, value: r.value }).toEqual({ field: 'relativeRidge', value: 0 });
  });

  it('a small positive ridge trains (the error is not thrown for every ntk model)', async () => {
    const model = await trainScoreModel({ ...small, kind: 'ntk', relativeRidge: 1e-4 });
    expect(model.training.ridge).toBeGreaterThan(0);
  });
});
