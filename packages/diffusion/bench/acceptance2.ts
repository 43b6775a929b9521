/**
 * The computation of the acceptance test "the issue-19 numbers on a second held-out mixture", printed instead of
 * asserted (for a run under load, where jest's timeout stops the test): `tsx bench/acceptance2.ts`. Never run by tests.
 * Env: OPTS (trainScoreModel options), FINAL_CORR (final Langevin steps, default 50), DENOISE (`mean` | `posterior`),
 * ACC_TARGET (a named target in place of the held-out mixture, or `held-out-1` for the first held-out mixture, with the
 * same unseen seeds: training 3, sampling 4).
 */
import { initBackend } from '@softmax-ntk/linalg';
import { HELD_OUT_MIXTURE, HELD_OUT_MIXTURE_2 } from './heldOut';
import { learnedQuality } from './learnedQuality';

await initBackend();
// ACC_TARGET: a named target instead of the second held-out mixture (e.g. 8-gaussians with these unseen seeds)
const named = process.env['ACC_TARGET'];
const K = Number(process.env['FINAL_CORR'] ?? 50);
// DENOISE: the final step at T₀ (`denoiseFinal`: unset = none, `mean`, `posterior`)
const denoiseFinal = (process.env['DENOISE'] || false) as false | 'mean' | 'posterior';
const r = await learnedQuality({
  target:
    named === 'held-out-1'
      ? HELD_OUT_MIXTURE
      : named && named !== 'held-out-2'
        ? { type: 'named', name: named }
        : HELD_OUT_MIXTURE_2,
  // OPTS: JSON trainScoreModel options beside the test's (e.g. '{"ensemble":3,"n":2000}', what was measured before)
  train: { seed: 3, ...(JSON.parse(process.env['OPTS'] ?? '{}') as object) },
  sample: { finalCorrectorSteps: K, denoiseFinal, seed: 4 },
  qualitySeed: 5,
});
console.log(
  JSON.stringify({
    target: named ?? 'held-out-2',
    finalCorrectorSteps: K,
    denoiseFinal,
    energy: r.quality.energy,
    energyFloor: r.quality.energyFloor,
    ratio: r.ratio,
    near: r.coverage?.nearFraction,
    shares: r.coverage?.shares,
    covered: r.coverage?.covered,
    trainSeconds: r.trainSeconds,
    seconds: r.seconds,
  }),
);
