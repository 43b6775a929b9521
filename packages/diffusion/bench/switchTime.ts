/**
 * Where in t a learned score loses the modes: the reverse SDE run with the learned score on one side of a switch
 * time t_s and a mixture's exact score on the other, for a model file of a mixture target. Rows: learned above t_s
 * (exact below) and learned below t_s (exact above), beside all-learned and all-exact. Never run by tests:
 * `SWITCH=0.03,0.1,0.3 tsx bench/switchTime.ts model.json` (2000 samples, 1000 steps, sample seed 1, reference seed 2,
 * the model's T₀, x(0) clipped as `createScoreModel`'s default).
 */
import { initBackend } from '@softmax-ntk/linalg';
import {
  affineMixture,
  createScoreModel,
  exactScore,
  fromScaled,
  modeCoverage,
  parseTarget,
  sample,
  sampleQuality,
  type ScoreModel,
} from '../src/index';
import { readModelFile } from '../src/node';

await initBackend();
const file = process.argv[2] as string;
const switches = (process.env['SWITCH'] ?? '0.03,0.1,0.3').split(',').map(Number);
const COUNT = Number(process.env['COUNT'] ?? 2000);
const model = readModelFile(file);
const target = parseTarget(model.target);
if (!target.mixture) throw new Error(`${file}: the target has no mixture (no exact score)`);
const { score: learned, schedule } = await createScoreModel(model);
const norm = model.normalization;
const exact = exactScore({
  mixture: affineMixture(target.mixture, Float64Array.from(norm.shift), norm.scale),
  schedule,
});

/** The learned score where `useLearned(t)`, the exact one elsewhere. */
const switched = (useLearned: (t: number) => boolean): ScoreModel => ({
  dim: learned.dim,
  score: (t, x) => (useLearned(t) ? learned : exact).score(t, x),
});

function run(label: string, score: ScoreModel): void {
  const t0 = performance.now();
  const r = sample({ model: score, schedule, count: COUNT, steps: 1000, t0: model.t0, seed: 1 });
  const samples = fromScaled(r.samples, norm);
  const q = sampleQuality({ samples, reference: (n, rng) => target.sample(n, rng), seed: 2 });
  const cov = modeCoverage({ samples, mixture: target.mixture! });
  console.log(
    JSON.stringify({
      label,
      ratio: +(q.energy / q.energyFloor).toFixed(3),
      near: cov.nearFraction,
      minShare: Math.min(...cov.shares),
      covered: `${cov.covered}/${cov.components}`,
      seconds: +((performance.now() - t0) / 1000).toFixed(1),
    }),
  );
}

run('all exact', exact);
run('all learned', learned);
for (const ts of switches) {
  run(
    `learned above ${ts}, exact below`,
    switched((t) => t > ts),
  );
  run(
    `exact above ${ts}, learned below`,
    switched((t) => t <= ts),
  );
}
