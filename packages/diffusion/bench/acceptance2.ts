/**
 * The computation of the acceptance test "the issue-19 numbers on a second held-out mixture", printed instead of
 * asserted (for a run under load, where jest's timeout stops the test): `tsx bench/acceptance2.ts`. Never run by tests.
 */
import { initBackend, Rng } from '@softmax-ntk/linalg';
import {
  createScoreModel,
  fromScaled,
  modeCoverage,
  parseTarget,
  sample,
  sampleQuality,
  trainScoreModel,
} from '../src/index';
import { HELD_OUT_MIXTURE_2 } from './heldOut';

await initBackend();
const started = performance.now();
const target = parseTarget(HELD_OUT_MIXTURE_2);
// OPTS: JSON trainScoreModel options beside the test's defaults (e.g. '{"ensemble":3,"n":2000}', what was measured before)
const model = await trainScoreModel({ target, seed: 3, ...(JSON.parse(process.env['OPTS'] ?? '{}') as object) });
const trained = performance.now();
const { score, schedule } = await createScoreModel(model);
const K = Number(process.env['FINAL_CORR'] ?? 50);
const r = sample({ model: score, schedule, count: 2000, steps: 1000, t0: model.t0, finalCorrectorSteps: K, seed: 4 });
const samples = fromScaled(r.samples, model.normalization);
const q = sampleQuality({ samples, reference: (n, g) => target.sample(n, g), rng: new Rng(5) });
const cov = modeCoverage({ samples, mixture: target.mixture! });
console.log(
  JSON.stringify({
    finalCorrectorSteps: K,
    energy: q.energy,
    energyFloor: q.energyFloor,
    ratio: q.energy / q.energyFloor,
    near: cov.nearFraction,
    shares: cov.shares,
    covered: cov.covered,
    trainSeconds: (trained - started) / 1000,
    seconds: (performance.now() - started) / 1000,
  }),
);
