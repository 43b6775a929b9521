/**
 * The issue-19 measurement of the learned score, written once: train the default score model on a target, sample it
 * (2000 samples, 1000 reverse-SDE steps unless told), and measure the samples against fresh true samples (energy
 * distance and its noise floor) and, for a mixture, against its modes. Used by the learned-score acceptance tests
 * (test/acceptance.test.ts) and by `bench/acceptance2.ts`, which prints what those tests assert.
 */
import { Rng } from '@softmax-ntk/linalg';
import {
  createScoreModel,
  fromScaled,
  modeCoverage,
  parseTarget,
  sample,
  sampleQuality,
  trainScoreModel,
  type ModeCoverage,
  type SampleOptions,
  type SampleQuality,
  type TrainScoreModelOptions,
} from '../src/index';

export interface LearnedQualityOptions {
  /** The target, as a target file holds it (`{ type: 'named', name }` or a mixture). */
  target: unknown;
  /** trainScoreModel's options beside the target (its seed among them). */
  train: Omit<TrainScoreModelOptions, 'target'>;
  /** sample's options beside the model, schedule and T₀; count 2000 and steps 1000 unless given. */
  sample: Partial<Omit<SampleOptions, 'model' | 'schedule' | 't0'>>;
  /** The seed of the true samples the quality is measured against. */
  qualitySeed: number;
}

export interface LearnedQuality {
  quality: SampleQuality;
  /** energy / energyFloor */
  ratio: number;
  /** Mode coverage, for a mixture target; undefined otherwise. */
  coverage: ModeCoverage | undefined;
  trainSeconds: number;
  seconds: number;
}

const done = new Map<string, Promise<LearnedQuality>>();

/**
 * The measurement, computed once per process for the same options (tests that assert different numbers of one run
 * share it); a failed run is not kept.
 */
export function learnedQuality(options: LearnedQualityOptions): Promise<LearnedQuality> {
  const key = JSON.stringify(options);
  let run = done.get(key);
  if (!run) {
    run = measure(options);
    done.set(key, run);
    run.catch(() => done.delete(key));
  }
  return run;
}

async function measure(options: LearnedQualityOptions): Promise<LearnedQuality> {
  const started = performance.now();
  const target = parseTarget(options.target);
  const model = await trainScoreModel({ ...options.train, target });
  const trained = performance.now();
  const { score, schedule } = await createScoreModel(model);
  const r = sample({ count: 2000, steps: 1000, ...options.sample, model: score, schedule, t0: model.t0 });
  const samples = fromScaled(r.samples, model.normalization);
  const quality = sampleQuality({
    samples,
    reference: (n, g) => target.sample(n, g),
    rng: new Rng(options.qualitySeed),
  });
  const coverage = target.mixture ? modeCoverage({ samples, mixture: target.mixture }) : undefined;
  return {
    quality,
    ratio: quality.energy / quality.energyFloor,
    coverage,
    trainSeconds: (trained - started) / 1000,
    seconds: (performance.now() - started) / 1000,
  };
}
