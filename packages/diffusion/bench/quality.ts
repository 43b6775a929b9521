/**
 * Sample quality of the learned score model (issue 19): energy distance against its noise floor and, for mixtures,
 * mode coverage, on every named 2-D target and on a held-out mixture; one line of JSON per (variant, target).
 * Never run by tests: `tsx bench/quality.ts [variant ...]` with QUALITY_TARGETS=comma,separated to select targets.
 *
 * Variants: `default` (the package's defaults, x(0) prediction clipped to the unit ball), `no-clip` (the raw score),
 * `corrector` (one Langevin step per predictor step), `ridge-1e-3`, `ridge-1e-5`, `ensemble-3` (`ensembleScore` of
 * three clipped models trained with seeds 0, 1, 2), `ensemble-3-no-clip` (the same unclipped: a few samples escape).
 * `pairs-10k` / `pairs-20k`: one NTK regression on 10,000 / 20,000 pairs (solver "auto": the primal), sampled
 * without and with 50 final Langevin steps at T₀ (two lines), with Theorem 6.5's weighted score error for mixtures.
 * QUALITY_COUNT and QUALITY_STEPS (default 2000 and 1000) set the sample count and the reverse-SDE steps.
 * `n<N>`, `n<N>-m<M>` or `n<N>-m<M>-r<ρ>` (e.g. `n20000-m1024`, `n10000-m2048-r1e-5`): one regression on N pairs with
 * M neurons (and the relative ridge ρ in place of 1e-4), reported as the pairs variants. QUALITY_SCORE_ONLY=1: for
 * those variants and mixtures, train (or read from MODEL_DIR) and print Theorem 6.5's weighted score error only, no
 * samples (the cheap screen). QUALITY_SKIP_FINAL=1: the pairs variants without the run with 50 final Langevin steps.
 * `-s<σ>` and `-w<γ>` after those (e.g. `n20000-s14`, `n10000-w0.5`): the initialisation scale σ in place of 10, the
 * loss weight power `lossWeightPower` γ in place of 0.
 * QUALITY_TRAIN_SEED (default 0): the training seed of the single-model variants; QUALITY_SAMPLE_SEED and
 * QUALITY_REF_SEED (default 1 and 2): the sampler's seed and the seed of `sampleQuality`'s reference sets;
 * QUALITY_ENSEMBLE_SEEDS=0,1,2: those variants sampled with `ensembleScore` of the models of these training seeds.
 * MODEL_DIR caches the trained models of the pairs variants (by variant, target and seed). QUALITY_DENOISE=mean|posterior
 * ends every sampler with that final step at T₀ (`denoiseFinal`); QUALITY_SKIP_PLAIN=1 runs the pairs variants with
 * the 50 final Langevin steps only.
 */
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import { existsSync, mkdirSync } from 'node:fs';
import {
  affineMixture,
  createScoreModel,
  exactScore,
  scoreError,
  toScaled,
  type DiffusionModel,
  type Schedule,
  type ScoreModel,
  ensembleScore,
  fromScaled,
  modeCoverage,
  parseTarget,
  sample,
  sampleQuality,
  trainScoreModel,
  type Target,
  type TrainScoreModelOptions,
} from '../src/index';
import { readModelFile, writeModelFile } from '../src/node';
import { HELD_OUT_MIXTURE } from './heldOut';

export { HELD_OUT_MIXTURE };

const TARGETS: Record<string, unknown> = {
  '8-gaussians': { type: 'named', name: '8-gaussians' },
  '25-gaussians': { type: 'named', name: '25-gaussians' },
  'two-moons': { type: 'named', name: 'two-moons' },
  'swiss-roll': { type: 'named', name: 'swiss-roll' },
  checkerboard: { type: 'named', name: 'checkerboard' },
  rings: { type: 'named', name: 'rings' },
  'held-out-mixture': HELD_OUT_MIXTURE,
};

const COUNT = Number(process.env['QUALITY_COUNT'] ?? 2000);
const STEPS = Number(process.env['QUALITY_STEPS'] ?? 1000);

const MODEL_DIR = process.env['MODEL_DIR'];
/** QUALITY_DENOISE: the sampler's final step at T₀ (`denoiseFinal`: unset = none, `mean`, `posterior`). */
const DENOISE = (process.env['QUALITY_DENOISE'] || false) as false | 'mean' | 'posterior';
/** QUALITY_SKIP_PLAIN=1: for the pairs variants, only the run with 50 final Langevin steps. */
const SKIP_PLAIN = process.env['QUALITY_SKIP_PLAIN'] === '1';
/** QUALITY_SCORE_ONLY=1: the weighted score error only (no sampling). */
const SCORE_ONLY = process.env['QUALITY_SCORE_ONLY'] === '1';
/** QUALITY_SKIP_FINAL=1: for the pairs variants, no run with the 50 final Langevin steps. */
const SKIP_FINAL = process.env['QUALITY_SKIP_FINAL'] === '1';
/** QUALITY_TRAIN_SEED: the training seed of the single-model variants (default 0). */
const TRAIN_SEED = Number(process.env['QUALITY_TRAIN_SEED'] ?? 0);
/** QUALITY_ENSEMBLE_SEEDS: comma-separated training seeds whose models' scores are averaged (`ensembleScore`). */
const ENSEMBLE_SEEDS = process.env['QUALITY_ENSEMBLE_SEEDS']?.split(',').map(Number);
/** QUALITY_SAMPLE_SEED / QUALITY_REF_SEED: the sampler's seed (default 1) and the reference draws' seed (default 2). */
const SAMPLE_SEED = Number(process.env['QUALITY_SAMPLE_SEED'] ?? 1);
const REF_SEED = Number(process.env['QUALITY_REF_SEED'] ?? 2);

async function trainCached(variant: string, name: string, options: TrainScoreModelOptions): Promise<DiffusionModel> {
  const file = MODEL_DIR ? `${MODEL_DIR}/${name}-${variant}-${options.seed ?? 0}.json` : null;
  if (file && existsSync(file)) return readModelFile(file);
  const model = await trainScoreModel(options);
  if (file) {
    mkdirSync(MODEL_DIR as string, { recursive: true });
    writeModelFile(file, model);
  }
  return model;
}

/** Theorem 6.5's weighted score error of `score` against the mixture's exact score (32 × 256 points, seed 3). */
function weightedError(score: ScoreModel, schedule: Schedule, model: DiffusionModel, target: Target): number {
  const norm = model.normalization;
  const exact = exactScore({
    mixture: affineMixture(target.mixture!, Float64Array.from(norm.shift), norm.scale),
    schedule,
  });
  return scoreError({
    model: score,
    exact,
    schedule,
    sampleData: (n, g) => toScaled(target.sample(n, g), norm),
    t0: model.t0,
    times: 32,
    perTime: 256,
    seed: 3,
  }).weighted;
}

async function run(
  variant: string,
  name: string,
  target: Target,
  finalCorrectorSteps = 0,
): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const train: TrainScoreModelOptions = { target, seed: 0 };
  if (variant === 'ridge-1e-3') train.ridge = 1e-3;
  if (variant === 'ridge-1e-5') train.ridge = 1e-5;
  if (variant === 'pairs-10k') train.n = 10000;
  if (variant === 'pairs-20k') train.n = 20000;
  const sized =
    /^n(\d+)(?:-m(\d+))?(?:-r([\d.e-]+))?(?:-s([\d.]+))?(?:-w([\d.]+))?(?:-b([\d.]+))?(?:-c([\d.]+))?(?:-k([\d.]+))?$/.exec(
      variant,
    );
  if (sized) {
    train.n = Number(sized[1]);
    if (sized[2]) train.numNeurons = Number(sized[2]);
    if (sized[3]) train.relativeRidge = Number(sized[3]);
    if (sized[4]) train.sigma = Number(sized[4]);
    if (sized[5]) train.lossWeightPower = Number(sized[5]);
    if (sized[6]) train.inputBias = Number(sized[6]);
    if (sized[7]) train.dataCentres = Number(sized[7]);
    if (sized[8]) train.centreScale = Number(sized[8]);
  }
  const seeds = variant.startsWith('ensemble-3') ? [0, 1, 2] : (ENSEMBLE_SEEDS ?? [TRAIN_SEED]);
  const models = await Promise.all(seeds.map((seed) => trainCached(variant, name, { ...train, seed })));
  const first = models[0]!;
  const clipRadius = variant.endsWith('no-clip') ? null : undefined;
  const scores = await Promise.all(models.map((m) => createScoreModel(m, { clipRadius })));
  const score = scores.length > 1 ? ensembleScore(scores.map((s) => s.score)) : scores[0]!.score;
  const trainSeconds = (performance.now() - t0) / 1000;
  if (SCORE_ONLY) {
    return {
      variant,
      target: name,
      n: first.training.n,
      numNeurons: first.training.numNeurons,
      ridgeRelative: first.training.ridgeRelative ?? null,
      weightedScoreError: target.mixture ? weightedError(score, scores[0]!.schedule, first, target) : null,
      trainModelSeconds: first.training.seconds,
      seconds: (performance.now() - t0) / 1000,
    };
  }
  const r = sample({
    model: score,
    schedule: scores[0]!.schedule,
    count: COUNT,
    steps: STEPS,
    t0: first.t0,
    correctorSteps: variant === 'corrector' ? 1 : 0,
    finalCorrectorSteps,
    denoiseFinal: DENOISE,
    seed: SAMPLE_SEED,
  });
  const weightedScoreError =
    target.mixture && (variant.startsWith('pairs') || sized)
      ? weightedError(score, scores[0]!.schedule, first, target)
      : null;
  const samples: Matrix = fromScaled(r.samples, first.normalization);
  const q = sampleQuality({ samples, reference: (n, rng) => target.sample(n, rng), seed: REF_SEED });
  const cov = target.mixture ? modeCoverage({ samples, mixture: target.mixture }) : null;
  return {
    variant,
    target: name,
    n: first.training.n,
    solver: first.training.solver ?? 'dual',
    finalCorrectorSteps,
    denoiseFinal: DENOISE,
    weightedScoreError,
    trainModelSeconds: first.training.seconds,
    energy: q.energy,
    energyFloor: q.energyFloor,
    ratio: q.energy / q.energyFloor,
    mmd2: q.mmd2,
    mmd2Floor: q.mmd2Floor,
    near: cov?.nearFraction ?? null,
    minShare: cov ? Math.min(...cov.shares) : null,
    covered: cov ? `${cov.covered}/${cov.components}` : null,
    trainSeed: first.seed,
    sampleSeed: SAMPLE_SEED,
    refSeed: REF_SEED,
    trainSeconds,
    seconds: (performance.now() - t0) / 1000,
  };
}

await initBackend();
const variants = process.argv.slice(2).length ? process.argv.slice(2) : ['default'];
const names = process.env['QUALITY_TARGETS']?.split(',') ?? Object.keys(TARGETS);
for (const variant of variants)
  for (const name of names) {
    const target = parseTarget(TARGETS[name]);
    const pairs = variant.startsWith('pairs') || /^n\d/.test(variant);
    if (!(pairs && SKIP_PLAIN)) console.log(JSON.stringify(await run(variant, name, target)));
    if (pairs && !SCORE_ONLY && !SKIP_FINAL) console.log(JSON.stringify(await run(variant, name, target, 50)));
  }
