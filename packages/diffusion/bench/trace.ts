/**
 * The screening runs of the README's "The ensemble's escapes, the clip, and bagging": one target, a score model (one
 * seed, or `ensembleScore` of several), the reverse SDE by Euler–Maruyama written out so the largest |score| per
 * 50 steps is traced, then the energy distance over its floor, mode coverage for mixtures and the quantiles of the
 * final ‖y‖ (scaled units: p₀ has ‖y‖ ≤ 1). Never run by tests. Models are cached in MODEL_DIR (default
 * /tmp/diff-models) by target, TAG and seed.
 *
 * `T=two-moons SEEDS=0,1,2 CLIP=1 tsx bench/trace.ts`; env: T (a named target or `held-out`), SEEDS, COUNT (1000),
 * STEPS (500), CLIP (radius; 0 or unset: the raw score), OPTS (JSON `trainScoreModel` options, e.g.
 * `{"ensemble":3}`), TAG (cache name for OPTS), PREC (float32), T0 (the model's), DENOISE (1: a final Tweedie step;
 * λ in (0, 1): the DDIM step x̂₀ + λ(x − α x̂₀)), POST (1: a final draw from the posterior's Gaussian approximation,
 * `denoiseFinal: 'posterior'`, after the final corrector steps FINAL_CORR).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { initBackend, Rng, type Matrix } from '@softmax-ntk/linalg';
import {
  affineMixture,
  clipPrediction,
  exactScore,
  createScoreModel,
  ensembleScore,
  fromScaled,
  modeCoverage,
  parseTarget,
  sampleQuality,
  scoreError,
  toScaled,
  trainScoreModel,
  type DiffusionModel,
  type Schedule,
  type ScoreModel,
  type TrainScoreModelOptions,
} from '../src/index';
import { readModelFile, writeModelFile } from '../src/node';
import { HELD_OUT_MIXTURE } from './heldOut';
import { posteriorDraw } from '../src/sample/posteriorStep';

const name = process.env['T'] ?? 'two-moons';
const seeds = (process.env['SEEDS'] ?? '0').split(',').map(Number);
const COUNT = Number(process.env['COUNT'] ?? 1000);
const STEPS = Number(process.env['STEPS'] ?? 500);
const extra = JSON.parse(process.env['OPTS'] ?? '{}') as Partial<TrainScoreModelOptions>;
const tag = process.env['TAG'] ?? 'default';
const precision = (process.env['PREC'] ?? 'float32') as 'float32' | 'float64';
const clip = Number(process.env['CLIP'] ?? 0);
const dir = process.env['MODEL_DIR'] ?? '/tmp/diff-models';

await initBackend();
mkdirSync(dir, { recursive: true });
const target = parseTarget(name === 'held-out' ? HELD_OUT_MIXTURE : { type: 'named', name });
const models: DiffusionModel[] = [];
for (const seed of seeds) {
  const f = `${dir}/${name}-${tag}-${seed}.json`;
  if (existsSync(f)) models.push(readModelFile(f));
  else {
    const t = performance.now();
    const m = await trainScoreModel({ target, seed, ...extra });
    console.error(`trained ${f} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    writeModelFile(f, m);
    models.push(m);
  }
}
const scores: ScoreModel[] = [];
let schedule: Schedule | undefined;
for (const m of models) {
  const c = await createScoreModel(m, { precision, clipRadius: null });
  scores.push(c.score);
  schedule = c.schedule;
}
const sch = schedule as Schedule;
const first = models[0] as DiffusionModel;
const t0 = Number(process.env['T0'] ?? first.t0);
const exact = process.env['EXACT'] === '1' && target.mixture;
const mean = exact
  ? exactScore({
      mixture: affineMixture(target.mixture!, Float64Array.from(first.normalization.shift), first.normalization.scale),
      schedule: sch,
    })
  : scores.length > 1
    ? ensembleScore(scores)
    : (scores[0] as ScoreModel);
const model = clip > 0 ? clipPrediction({ model: mean, schedule: sch, radius: clip }) : mean;

// SCORE_ERR=1 (mixture targets): Theorem 6.5's weighted score error of the (clipped) model against the exact score on
// [T₀, T], 32 stratified times × 256 points, seed 3 — for an x(0) model E‖F − E[x(0) | x(t)]‖², the regression's
// excess risk, a far less noisy measure than the sample metrics.
let weightedScoreError: number | null = null;
if (process.env['SCORE_ERR'] === '1' && target.mixture) {
  const mix = affineMixture(target.mixture, Float64Array.from(first.normalization.shift), first.normalization.scale);
  const ex = exactScore({ mixture: mix, schedule: sch });
  weightedScoreError = scoreError({
    model,
    exact: ex,
    schedule: sch,
    sampleData: (n, g) => toScaled(target.sample(n, g), first.normalization),
    t0,
    times: 32,
    perTime: 256,
    seed: 3,
  }).weighted;
}

const rng = new Rng(1);
const d = target.dim;
const x = rng.fillNormal(new Float64Array(COUNT * d));
const z = new Float64Array(COUNT * d);
const h = (sch.T - t0) / STEPS;
const scoreMax: number[] = [];
let sm = 0;
for (let k = 0; k < STEPS; k++) {
  const t = sch.T - k * h;
  const tn = k === STEPS - 1 ? t0 : sch.T - (k + 1) * h;
  const hk = t - tn;
  const s = model.score(t, { rows: COUNT, cols: d, data: x }).data;
  const g = sch.g(t);
  rng.fillNormal(z);
  const noise = Math.sqrt(g * hk);
  for (let i = 0; i < x.length; i++) {
    const si = s[i] as number;
    sm = Math.max(sm, Math.abs(si));
    x[i] = (x[i] as number) + hk * (0.5 * g * (x[i] as number) + g * si) + noise * (z[i] as number);
  }
  if (k % 50 === 49 || k === STEPS - 1) {
    scoreMax.push(Number(tn.toFixed(3)), Number(sm.toPrecision(3)));
    sm = 0;
  }
}
const finalCorr = Number(process.env['FINAL_CORR'] ?? 0);
const snr = Number(process.env['SNR'] ?? 0.16);
for (let c = 0; c < finalCorr; c++) {
  const s = model.score(t0, { rows: COUNT, cols: d, data: x }).data;
  rng.fillNormal(z);
  let sn = 0;
  let zn = 0;
  for (let i = 0; i < x.length; i++) {
    sn += (s[i] as number) ** 2;
    zn += (z[i] as number) ** 2;
  }
  const eps = 2 * ((snr * Math.sqrt(zn)) / Math.sqrt(sn)) ** 2;
  for (let i = 0; i < x.length; i++)
    x[i] = (x[i] as number) + eps * (s[i] as number) + Math.sqrt(2 * eps) * (z[i] as number);
}
const lam = Number(process.env['DENOISE'] ?? 0);
if (lam > 0) {
  const s = model.score(t0, { rows: COUNT, cols: d, data: x }).data;
  const a = sch.alpha(t0);
  const s2 = sch.sigma2(t0);
  for (let i = 0; i < x.length; i++) {
    const x0 = ((x[i] as number) + s2 * (s[i] as number)) / a;
    x[i] = lam === 1 ? x0 : x0 + lam * ((x[i] as number) - a * x0);
  }
}
if (process.env['POST'] === '1') {
  // the library's final posterior draw (`sample({ denoiseFinal: 'posterior' })`)
  if (!model.jvp) throw new Error('POST=1 needs a score model with jvp');
  const clipped = posteriorDraw(model.jvp.bind(model), sch, t0, x, d, rng);
  console.error(`posterior step: ${clipped} of ${COUNT} covariances had a negative eigenvalue (set to 0)`);
}
const norms = Array.from({ length: COUNT }, (_, i) => Math.hypot(...x.subarray(i * d, (i + 1) * d))).sort(
  (p, q) => p - q,
);
const samples: Matrix = fromScaled({ rows: COUNT, cols: d, data: x }, first.normalization);
const cov = target.mixture ? modeCoverage({ samples, mixture: target.mixture }) : null;
const q = sampleQuality({ samples, reference: (n, g) => target.sample(n, g), seed: 2 });
console.log(
  JSON.stringify({
    target: name,
    weightedScoreError,
    seeds,
    tag,
    clip,
    t0,
    exact: Boolean(exact),
    denoise: process.env['DENOISE'] ?? null,
    post: process.env['POST'] ?? null,
    finalCorr,
    ratio: q.energy / q.energyFloor,
    mmdRatio: q.mmd2 / q.mmd2Floor,
    near: cov?.nearFraction ?? null,
    nearAt: target.mixture
      ? [1, 2, 4, 6].map((radius) => modeCoverage({ samples, mixture: target.mixture!, radius }).nearFraction)
      : null,
    minShare: cov ? Math.min(...cov.shares) : null,
    covered: cov?.covered ?? null,
    outsideUnitBall: norms.filter((r) => r > 1).length,
    normQuantiles: [0.5, 0.9, 0.99, 1].map((p) => norms[Math.min(COUNT - 1, Math.floor(p * COUNT))]),
    scoreMax,
  }),
);
