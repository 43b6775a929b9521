/**
 * Theorem 6.5's score error split at a time T₁: on [T₀, T₁] (the small times, where the modes form) and on [T₁, T],
 * for model files of mixture targets. With λ(t) = σ_t⁴/α_t² (`scoreWeight`) each part is the denoiser's mean squared
 * error E‖F − E[x(0) | x(t)]‖² (scaled units) averaged over its times; the weighted score error of `bench/quality.ts`
 * averages over [T₀, T] uniformly in t, so its mass sits at large t. Never run by tests:
 * `T1=0.1 tsx bench/smallTimeError.ts model.json …` (16 stratified times × 512 points per part, seed 3).
 * ENSEMBLE=1: one line for `ensembleScore` of all the files given (the mean of their clipped scores; models of one
 * target, trained with different seeds), in place of one line per file.
 */
import { initBackend } from '@softmax-ntk/linalg';
import {
  affineMixture,
  createScoreModel,
  ensembleScore,
  exactScore,
  parseTarget,
  scoreError,
  toScaled,
  type DiffusionModel,
  type ScoreModel,
} from '../src/index';
import { readModelFile } from '../src/node';

await initBackend();
const T1 = Number(process.env['T1'] ?? 0.1);
const files = process.argv.slice(2);

/** The two parts of the score error of `score` (the model's target, normalisation and times). */
async function split(model: DiffusionModel, score: ScoreModel, name: string): Promise<void> {
  const target = parseTarget(model.target);
  if (!target.mixture) throw new Error(`${name}: the target has no mixture (no exact score)`);
  const { schedule } = await createScoreModel(model);
  const norm = model.normalization;
  const exact = exactScore({
    mixture: affineMixture(target.mixture, Float64Array.from(norm.shift), norm.scale),
    schedule,
  });
  const part = (t0: number, T: number) =>
    scoreError({
      model: score,
      exact,
      schedule,
      sampleData: (n, g) => toScaled(target.sample(n, g), norm),
      t0,
      T,
      times: 16,
      perTime: 512,
      seed: 3,
    }).weighted;
  console.log(JSON.stringify({ file: name, T1, small: part(model.t0, T1), large: part(T1, model.T) }));
}

if (process.env['ENSEMBLE'] === '1') {
  const models = files.map((file) => readModelFile(file));
  const scores = await Promise.all(models.map(async (m) => (await createScoreModel(m)).score));
  await split(models[0]!, ensembleScore(scores), files.map((f) => f.split('/').pop()).join(' + '));
} else
  for (const file of files) {
    const model = readModelFile(file);
    await split(model, (await createScoreModel(model)).score, file.split('/').pop() as string);
  }
