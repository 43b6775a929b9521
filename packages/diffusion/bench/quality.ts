/**
 * Sample quality of the learned score model (issue 19): energy distance against its noise floor and, for mixtures,
 * mode coverage, on every named 2-D target and on a held-out mixture; one line of JSON per (variant, target).
 * Never run by tests: `tsx bench/quality.ts [variant ...]` with QUALITY_TARGETS=comma,separated to select targets.
 *
 * Variants: `default` (the package's defaults, x(0) prediction clipped to the unit ball), `no-clip` (the raw score),
 * `corrector` (one Langevin step per predictor step), `ridge-1e-3`, `ridge-1e-5`, `ensemble-3` (`ensembleScore` of
 * three clipped models trained with seeds 0, 1, 2), `ensemble-3-no-clip` (the same unclipped: a few samples escape).
 * QUALITY_COUNT and QUALITY_STEPS (default 2000 and 1000) set the sample count and the reverse-SDE steps.
 */
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import {
  createScoreModel,
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

async function run(variant: string, name: string, target: Target): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const train: TrainScoreModelOptions = { target, seed: 0 };
  if (variant === 'ridge-1e-3') train.ridge = 1e-3;
  if (variant === 'ridge-1e-5') train.ridge = 1e-5;
  const seeds = variant.startsWith('ensemble-3') ? [0, 1, 2] : [0];
  const models = await Promise.all(seeds.map((seed) => trainScoreModel({ ...train, seed })));
  const first = models[0]!;
  const clipRadius = variant.endsWith('no-clip') ? null : undefined;
  const scores = await Promise.all(models.map((m) => createScoreModel(m, { clipRadius })));
  const score = scores.length > 1 ? ensembleScore(scores.map((s) => s.score)) : scores[0]!.score;
  const trainSeconds = (performance.now() - t0) / 1000;
  const r = sample({
    model: score,
    schedule: scores[0]!.schedule,
    count: COUNT,
    steps: STEPS,
    t0: first.t0,
    correctorSteps: variant === 'corrector' ? 1 : 0,
    seed: 1,
  });
  const samples: Matrix = fromScaled(r.samples, first.normalization);
  const q = sampleQuality({ samples, reference: (n, rng) => target.sample(n, rng), seed: 2 });
  const cov = target.mixture ? modeCoverage({ samples, mixture: target.mixture }) : null;
  return {
    variant,
    target: name,
    energy: q.energy,
    energyFloor: q.energyFloor,
    ratio: q.energy / q.energyFloor,
    mmd2: q.mmd2,
    mmd2Floor: q.mmd2Floor,
    near: cov?.nearFraction ?? null,
    minShare: cov ? Math.min(...cov.shares) : null,
    covered: cov ? `${cov.covered}/${cov.components}` : null,
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

    console.log(JSON.stringify(await run(variant, name, target)));
  }
