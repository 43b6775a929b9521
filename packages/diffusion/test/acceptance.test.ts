/**
 * Acceptance (issue 5): sampling a 2-D 8-component mixture with its exact score, 1,000 reverse-SDE
 * steps, 2,000 samples, gives MMD² within 3× the noise floor (two independent true-sample sets of
 * the same size).
 */
import { Rng } from '@softmax-ntk/linalg';
import {
  affineMixture,
  exactScore,
  fitNormalization,
  fromScaled,
  makeSchedule,
  parseTarget,
  sample,
  sampleQuality,
} from '../src/index';
import { HELD_OUT_MIXTURE, HELD_OUT_MIXTURE_2 } from '../bench/heldOut';
import { learnedQuality, type LearnedQuality } from '../bench/learnedQuality';

describe('Section 6.1 sampling with the exact score (acceptance)', () => {
  it('8-gaussians: reverse SDE, 1000 steps, 2000 samples → MMD² ≤ 3× noise floor', () => {
    const target = parseTarget({ type: 'named', name: '8-gaussians' });
    const norm = fitNormalization(target);
    const schedule = makeSchedule({ spec: 'linear' });
    const score = exactScore({
      mixture: affineMixture(target.mixture!, Float64Array.from(norm.shift), norm.scale),
      schedule,
    });
    const r = sample({ model: score, schedule, count: 2000, steps: 1000, sampler: 'sde', seed: 1 });
    const q = sampleQuality({
      samples: fromScaled(r.samples, norm),
      reference: (n, g) => target.sample(n, g),
      rng: new Rng(2),
    });
    expect(q.mmd2).toBeLessThan(3 * q.mmd2Floor);
    expect(q.energy).toBeLessThan(3 * q.energyFloor);
    // and the metric can fail: N(0, I) draws are far outside it
    const prior = { rows: 2000, cols: 2, data: new Rng(3).fillNormal(new Float64Array(4000)) as Float64Array };
    const qp = sampleQuality({
      samples: fromScaled(prior, norm),
      reference: (n, g) => target.sample(n, g),
      rng: new Rng(2),
    });
    expect(qp.mmd2).toBeGreaterThan(10 * qp.mmd2Floor);
  });
});

// The default model trains n = 10,000 pairs in the primal (349 s of training and 460 s in all for the second held-out
// mixture at load 8–15 on the 2-core machine): near the preset's 10-minute hang timeout on a busy machine, so these
// tests get 30 minutes.
const LONG = 30 * 60 * 1000;

describe('the learned score with default settings (acceptance)', () => {
  it(
    "8-gaussians: NTK-regression score model → energy ≪ N(0, I)'s, all 8 modes covered, most samples within 3 std of a mode",
    async () => {
      const { trainScoreModel, createScoreModel, modeCoverage } = await import('../src/index');
      const target = parseTarget({ type: 'named', name: '8-gaussians' });
      const norm = fitNormalization(target);
      const model = await trainScoreModel({ target, seed: 0 }); // the defaults of `softmax-ntk diffusion train`
      const { score, schedule } = await createScoreModel(model);
      const r = sample({ model: score, schedule, count: 1000, steps: 500, t0: model.t0, seed: 1 });
      const samples = fromScaled(r.samples, norm);
      const reference = (n: number, g: Rng) => target.sample(n, g);
      const q = sampleQuality({ samples, reference, rng: new Rng(2), floorPairs: 2 });
      const prior = { rows: 1000, cols: 2, data: new Rng(3).fillNormal(new Float64Array(2000)) as Float64Array };
      const qp = sampleQuality({ samples: fromScaled(prior, norm), reference, rng: new Rng(2), floorPairs: 2 });
      const cov = modeCoverage({ samples, mixture: target.mixture! });
      // Measured at seed 0 with n = 2000 (README): energy ≈ 0.006 vs N(0, I)'s 0.31; 88 % near a mode (p₀: 98.9 %), 8 of 8
      // covered; the default is now n = 10,000 (primal solve), measured at 2000 samples: energy 2.3× its floor, 82 % near.
      // The paper's inputs (t ~ U, raw (t, x)) gave 0.034 and 36 % near a mode: these bounds separate the two.
      expect(q.energy).toBeLessThan(0.1 * qp.energy);
      expect(cov.covered).toBe(8);
      expect(cov.nearFraction).toBeGreaterThan(0.7);
    },
    LONG,
  );
});

describe('the learned score on a held-out mixture (issue 19)', () => {
  // Neither this mixture nor these seeds were used while the defaults were chosen (they were tuned on 8-gaussians,
  // seed 0); the README's quality table measures the same mixture at seed 0.
  it(
    '5 unequal components: energy within 3× its noise floor, every mode holding at least half its share',
    async () => {
      const { ratio, coverage } = await learnedQuality({
        target: HELD_OUT_MIXTURE,
        train: { seed: 3 },
        sample: { seed: 4 },
        qualitySeed: 5,
      });
      expect(ratio).toBeLessThan(3);
      expect(Math.min(...coverage!.shares)).toBeGreaterThan(0.5);
      expect(coverage!.covered).toBe(5);
    },
    LONG,
  );
});

describe('the bagged NTK score (ensemble: 3) on two-moons (issue 19)', () => {
  // Seeds 3 (training) and 4 (sampling) were not used while the option was measured (README: seed 0, sample seed 1).
  it('two-moons: energy within 3× its noise floor (2000 samples, 1000 reverse-SDE steps, x(0) clipped to the ball)', async () => {
    // n = 2000 per regression, as the option was measured (the default n is now 10,000)
    const { ratio } = await learnedQuality({
      target: { type: 'named', name: 'two-moons' },
      train: { seed: 3, ensemble: 3, n: 2000 },
      sample: { seed: 4 },
      qualitySeed: 5,
    });
    expect(ratio).toBeLessThan(3);
  });
});

describe('the named targets with n = 20,000 pairs (`--n 20000`), seeds not used while choosing it (issue 19)', () => {
  // n = 20,000 was measured on training seed 0 and sample seed 1 (README "Twenty thousand pairs (sixth round)"); these
  // runs use training seed 3, sample seed 4 and reference seed 5. Measured with the same computation (`ACC_TARGET=<name>
  // OPTS='{"n":20000}' FINAL_CORR=0 tsx bench/acceptance2.ts`, 2026-12-07 04:40–05:35 UTC, load 6–12): checkerboard
  // 1.20×, swiss-roll 2.69×, rings 1.44×, two-moons 1.42× the energy floor. At the default n = 10,000 two-moons is at
  // 3.70× (seed 0); 8-gaussians and the held-out mixtures have their own tests. 25-gaussians is not asserted: 1.66× on
  // these seeds (2026-12-07, README "Twenty-five gaussians: width, ridge, seeds (seventh round)") but 3.02×, 4.64× and
  // 3.41× with training seeds 0, 1 and 2 at the same n — a bound met by one training seed of four is luck, not a result.
  it.each(['checkerboard', 'swiss-roll', 'rings', 'two-moons'])(
    '%s: energy within 3× its noise floor (2000 samples, 1000 reverse-SDE steps)',
    async (name) => {
      const { ratio } = await learnedQuality({
        target: { type: 'named', name },
        train: { seed: 3, n: 20000 },
        sample: { seed: 4 },
        qualitySeed: 5,
      });
      if (process.env['ACCEPTANCE_REPORT']) console.log(JSON.stringify({ name, ratio }));
      expect(ratio).toBeLessThan(3);
    },
    LONG,
  );
});

/** The three numbers of issue 19 for a mixture: energy within 3× its floor, ≥ 95 % near a mode, every share ≥ half. */
function expectIssue19Numbers(r: LearnedQuality, modes: number): void {
  const cov = r.coverage!;
  if (process.env['ACCEPTANCE_REPORT'])
    console.log(JSON.stringify({ ratio: r.ratio, near: cov.nearFraction, shares: cov.shares }));
  expect(r.ratio).toBeLessThan(3);
  expect(cov.nearFraction).toBeGreaterThanOrEqual(0.95);
  expect(Math.min(...cov.shares)).toBeGreaterThanOrEqual(0.5);
  expect(cov.covered).toBe(modes);
}

describe('the issue-19 numbers on a second held-out mixture (the default NTK score, 50 final Langevin steps at T₀)', () => {
  // Never used while the options were screened (README "Modes: a final corrector at T₀"): neither this mixture nor the
  // seeds (train 3, sample 4). Every std ≥ 0.2 in data units, so p_{T₀} itself (T₀ = 0.01 leaves noise of std
  // ≈ 0.11 here) has ≥ 96.8 % of its mass within 3 std of a mode: the ≥ 95 % of the issue is attainable at this T₀.
  // MET by the default model since the default became n = 10,000 pairs (the primal solve; README "More pairs: the
  // primal solve"), chosen on 8-gaussians and the first held-out mixture, not on this one: measured with the same
  // computation (`OPTS='{"n":10000}' tsx bench/acceptance2.ts`, 2026-12-06 23:04–23:12 UTC, load 8–15) energy 1.82× its
  // floor, 97.95 % near, every share ≥ 0.745, 6 of 6. Before (bagged n = 2000 ×3): 4.42×, 96.0 % near — the test was
  // `it.failing` then.
  it(
    '6 unequal components: energy within 3× its floor, ≥ 95 % of samples within 3 std of a mode, every mode ≥ half its share',
    async () => {
      const r = await learnedQuality({
        target: HELD_OUT_MIXTURE_2,
        train: { seed: 3 },
        sample: { finalCorrectorSteps: 50, seed: 4 },
        qualitySeed: 5,
      });
      expectIssue19Numbers(r, 6);
    },
    LONG,
  );
});

describe('the issue-19 numbers on 8-gaussians with unseen seeds (the default NTK score, 50 final Langevin steps, the posterior draw at T₀)', () => {
  // The sampler setting (`finalCorrectorSteps: 50, denoiseFinal: 'posterior'`) was chosen on 8-gaussians with training
  // seed 0 and sample seed 1 (README "Modes: a posterior draw at T₀": 1.96×, 96.05 %); these seeds (train 3, sample 4)
  // were not used while choosing. Measured with the same computation (`ACC_TARGET=8-gaussians DENOISE=posterior tsx
  // bench/acceptance2.ts`, 2026-12-07 02:25–02:29 UTC, load ~10): energy 1.75× its floor, 95.25 % near (1905 of 2000:
  // one binomial standard error, 0.5 %, above the bound), every share ≥ 0.80, 8 of 8. Without the posterior draw the
  // same model and seeds stay under 95 % near (the exact score's own cap at T₀ = 0.01 is 93.7 %).
  it(
    '8 components: energy within 3× its floor, ≥ 95 % of samples within 3 std of a mode, every mode ≥ half its share',
    async () => {
      const r = await learnedQuality({
        target: { type: 'named', name: '8-gaussians' },
        train: { seed: 3 },
        sample: { finalCorrectorSteps: 50, denoiseFinal: 'posterior', seed: 4 },
        qualitySeed: 5,
      });
      expectIssue19Numbers(r, 8);
    },
    LONG,
  );
});

describe('neurons centred on the data (`dataCentres: 1`, issue 19, eleventh round), unseen seeds, the posterior draw at T₀', () => {
  // `dataCentres` and its σ′ = 400 were chosen on 25-gaussians with training seed 0 (README "Neurons centred on the
  // data (eleventh round)"); these seeds (train 3, sample 4, quality 5) were not used while choosing. Measured with
  // the same computation (`MODEL_DIR=… QUALITY_SKIP_FINAL=1 QUALITY_DENOISE=posterior QUALITY_TRAIN_SEED=3
  // QUALITY_SAMPLE_SEED=4 QUALITY_REF_SEED=5 tsx bench/quality.ts n10000-c1`, 2026-12-08, load 2–3): 8-gaussians 2.29×
  // its floor, 98.4 % near, every share ≥ 0.78; 25-gaussians 0.96×, 81.6 % near, every share ≥ 0.54, 25 of 25 (the
  // Gaussian W(0) on the same seeds, at n = 20,000: 36.75 % near, 19 of 25 modes).
  it(
    '8-gaussians: energy within 3× its floor, ≥ 95 % of samples within 3 std of a mode, every mode ≥ half its share',
    async () => {
      const r = await learnedQuality({
        target: { type: 'named', name: '8-gaussians' },
        train: { seed: 3, dataCentres: 1 },
        sample: { denoiseFinal: 'posterior', seed: 4 },
        qualitySeed: 5,
      });
      expectIssue19Numbers(r, 8);
    },
    LONG,
  );

  it(
    '25-gaussians: energy within 3× its floor and every mode covered (≥ 95 % near a mode is not met: the exact score with the posterior draw reaches 94.6 % at T₀ = 0.01)',
    async () => {
      const r = await learnedQuality({
        target: { type: 'named', name: '25-gaussians' },
        train: { seed: 3, dataCentres: 1 },
        sample: { denoiseFinal: 'posterior', seed: 4 },
        qualitySeed: 5,
      });
      const cov = r.coverage!;
      if (process.env['ACCEPTANCE_REPORT'])
        console.log(JSON.stringify({ ratio: r.ratio, near: cov.nearFraction, shares: cov.shares }));
      expect(r.ratio).toBeLessThan(3);
      expect(cov.covered).toBe(25);
      // a guard on the gain, not the issue's bound: the Gaussian W(0) gives 36–39 % here
      expect(cov.nearFraction).toBeGreaterThanOrEqual(0.7);
    },
    LONG,
  );
});
