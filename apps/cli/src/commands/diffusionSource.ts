/** What `diffusion sample` and `diffusion eval` sample from: a model file, or the exact score of a mixture target. */
import {
  affineMixture,
  createScoreModel,
  DEFAULT_SAMPLING_T0,
  exactScore,
  fitNormalization,
  makeSchedule,
  parseTarget,
  type Normalization,
  type Schedule,
  type ScoreModel,
  type Target,
} from '@softmax-ntk/diffusion';
import { readModelFile, readTargetData, readTargetFile } from '@softmax-ntk/diffusion/node';
import type { Command } from 'commander';
import { SAMPLERS, sample, type SamplerName } from '@softmax-ntk/diffusion';
import type { Matrix, Rng } from '@softmax-ntk/linalg';
import { startProgress } from '../internal/progress';
import { CliError, parseChoice, parseInteger, parseNumber } from '../internal/errors';
import type { Context } from '../internal/context';
import { parseTimes } from './diffusionTrain';

export interface Source {
  label: string;
  score: ScoreModel;
  schedule: Schedule;
  normalization: Normalization;
  target: Target | undefined;
  t0: number;
  T: number;
  /** The exact score in scaled units, when the target is a mixture. */
  exact: ScoreModel | undefined;
  /** A model file's raw output F(t, x) and parameterisation (undefined for --exact-score). */
  predict?: (t: number, x: Matrix) => Matrix;
  parameterization?: string;
  /**
   * Values the score holds per point (a model's m hidden units, or its n training pairs × d for an NTK
   * regression; a mixture's K components): the width of its hidden buffers, for the memory estimates.
   */
  width: number;
}

export interface SourceOpts {
  model?: string;
  exactScore?: boolean;
  target?: string;
  schedule: string;
  t0?: string;
  T: string;
  /** `--clip-radius`: a radius, or "none" for the raw score (default: the package's, see createScoreModel). */
  clipRadius?: string;
}

/** `--clip-radius r|none` → createScoreModel's `clipRadius` (undefined: its default). */
export function parseClipRadius(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  return parseNumber('--clip-radius', value, { exclusiveMin: 0 });
}

export async function loadSource(ctx: Context, o: SourceOpts): Promise<Source> {
  if (o.model && o.exactScore)
    throw new CliError('invalid options: give either --model M or --exact-score --target FILE, not both');
  if (o.model) {
    const model = readModelFile(o.model);
    let target: Target | undefined;
    try {
      target = parseTarget(model.target, { readData: readTargetData });
    } catch (e) {
      ctx.warn(
        `the model's target cannot be loaded (${(e as Error).message}); no target density or metrics against p₀`,
      );
    }
    const clipRadius = parseClipRadius(o.clipRadius);
    const { score, schedule, predict } = await createScoreModel(model, {
      precision: ctx.globals.precision ?? 'float32',
      ...(clipRadius !== undefined ? { clipRadius } : {}),
    });
    const normalization = model.normalization;
    return {
      label: `${model.kind === 'nn' ? 'softmax network (GD)' : 'NTK regression'}, ${model.parameterization}, m = ${model.training.numNeurons}, n = ${model.training.n}`,
      score,
      schedule,
      normalization,
      target,
      t0: model.t0,
      T: model.T,
      predict,
      parameterization: model.parameterization,
      width:
        model.kind === 'ntk'
          ? Math.max(model.training.numNeurons, model.training.n * score.dim)
          : model.training.numNeurons,
      exact: target?.mixture
        ? exactScore({
            mixture: affineMixture(target.mixture, Float64Array.from(normalization.shift), normalization.scale),
            schedule,
          })
        : undefined,
    };
  }
  if (!o.exactScore) throw new CliError('missing option: --model M, or --exact-score with --target FILE');
  if (!o.target) throw new CliError('missing option: --exact-score needs --target FILE');
  const { t0, T } = parseTimes(o.t0 ?? String(DEFAULT_SAMPLING_T0), o.T);
  const schedule = makeSchedule({ spec: o.schedule, T });
  const target = readTargetFile(o.target);
  if (!target.mixture)
    throw new CliError(`invalid option: --exact-score needs a Gaussian-mixture target, and ${target.name} is not one`);
  const normalization = fitNormalization(target);
  const exact = exactScore({
    mixture: affineMixture(target.mixture, Float64Array.from(normalization.shift), normalization.scale),
    schedule,
  });
  return {
    label: `exact score of ${target.name}`,
    score: exact,
    schedule,
    normalization,
    target,
    t0,
    T,
    exact,
    width: target.mixture.weights.length,
  };
}

/** The sampler options `diffusion sample` and `diffusion eval` share. */
export interface SamplerOpts {
  sampler: string;
  steps: string;
  corrector: string;
  finalCorrector: string;
  snr: string;
  /** `--denoise` alone: true; `--denoise mean|posterior`: the word. */
  denoise: boolean | string;
  /** `--clip-radius` (declared by {@link addClipOption}). */
  clipRadius?: string;
}

/** `--clip-radius r|none`, the one declaration `diffusion sample`, `eval` and `likelihood` share. */
export function addClipOption(cmd: Command): Command {
  return cmd.option(
    '--clip-radius <r>',
    "with --model: project the model's x(0) prediction onto the ball of radius r (default 1; 'none' gives the raw score, the default for a model trained with --paper-inputs)",
  );
}

export function addSamplerOptions(cmd: Command): Command {
  return addClipOption(cmd)
    .option(
      '--sampler <s>',
      'sde (reverse SDE, Euler–Maruyama) | heun (probability-flow ODE) | rk45 (probability-flow ODE, adaptive)',
      'sde',
    )
    .option('--steps <int>', 'steps of sde/heun', '1000')
    .option('--corrector <int>', 'Langevin corrector steps per step', '0')
    .option(
      '--final-corrector <int>',
      'Langevin corrector steps at T₀ after the last predictor step: moves stragglers between modes into them (helps mixture targets, hurts thin ones such as two-moons; beyond score_sde)',
      '0',
    )
    .option('--snr <r>', 'corrector signal-to-noise ratio', '0.16')
    .option(
      '--denoise [how]',
      "a final step at T₀ that returns x(0) instead of x(T₀): 'mean' (the default of --denoise: Tweedie's E[x(0) | x(T₀)], which maps samples onto F(T₀, ·) and narrows each mode) or 'posterior' (a draw from the Gaussian with Tweedie's mean and second-order covariance, from the score's Jacobian: keeps each mode's spread)",
      false,
    )
    .option('--schedule <g>', 'with --exact-score: the schedule', 'linear')
    .option('--t0 <T0>', `with --exact-score: stop time T₀ (default ${DEFAULT_SAMPLING_T0}, score_sde's)`)
    .option('--T <T>', 'with --exact-score: horizon T', '1');
}

/** The words `--denoise` takes. */
const DENOISE = ['mean', 'posterior'] as const;

export interface SamplerSettings {
  sampler: SamplerName;
  steps: number;
  correctorSteps: number;
  finalCorrectorSteps: number;
  snr: number;
  /** The final step at T₀ (`sample`'s `denoiseFinal`). */
  denoise: false | 'mean' | 'posterior';
}

export function parseSamplerOptions(o: SamplerOpts): SamplerSettings {
  return {
    sampler: parseChoice('--sampler', o.sampler, SAMPLERS),
    steps: parseInteger('--steps', o.steps, 1),
    correctorSteps: parseInteger('--corrector', o.corrector, 0),
    finalCorrectorSteps: parseInteger('--final-corrector', o.finalCorrector, 0),
    snr: parseNumber('--snr', o.snr, { exclusiveMin: 0 }),
    denoise: o.denoise === false ? false : o.denoise === true ? 'mean' : parseChoice('--denoise', o.denoise, DENOISE),
  };
}

/** Draw `count` samples from a source with a progress bar (in the source's scaled units). */
export function runSampler(
  ctx: Context,
  src: Source,
  count: number,
  s: SamplerSettings,
  rng: Rng,
): ReturnType<typeof sample> {
  const bar = startProgress(ctx, s.sampler === 'rk45' ? 1 : s.steps, `sample (${s.sampler})`);
  const res = sample({
    model: src.score,
    schedule: src.schedule,
    count,
    sampler: s.sampler,
    steps: s.steps,
    t0: src.t0,
    T: src.T,
    correctorSteps: s.correctorSteps,
    finalCorrectorSteps: s.finalCorrectorSteps,
    snr: s.snr,
    denoiseFinal: s.denoise,
    rng,
    onProgress: (p) => bar.update(s.sampler === 'rk45' ? Math.min(1, (src.T - p.t) / (src.T - src.t0)) : p.step),
  });
  bar.stop();
  return res;
}
