/** What `diffusion sample` and `diffusion eval` sample from: a model file, or the exact score of a mixture target. */
import { affineMixture, createScoreModel, exactScore, fitNormalization, makeSchedule, parseTarget, readModelFile, readTargetFile, type Normalization, type Schedule, type ScoreModel, type Target } from '@softmax-ntk/diffusion';
import type { Matrix } from '@softmax-ntk/linalg';
import { CliError } from '../internal/errors';
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
}

export interface SourceOpts {
  model?: string;
  exactScore?: boolean;
  target?: string;
  schedule: string;
  t0?: string;
  T: string;
}

export async function loadSource(ctx: Context, o: SourceOpts): Promise<Source> {
  if (o.model && o.exactScore) throw new CliError('invalid options: give either --model M or --exact-score --target FILE, not both');
  if (o.model) {
    const model = readModelFile(o.model);
    let target: Target | undefined;
    try {
      target = parseTarget(model.target);
    } catch (e) {
      ctx.warn(`the model's target cannot be loaded (${(e as Error).message}); no target density or metrics against p₀`);
    }
    const { score, schedule, predict } = await createScoreModel(model, { precision: ctx.globals.precision ?? 'float32' });
    const normalization = model.normalization;
    return {
      label: `${model.kind === 'nn' ? 'softmax network (GD)' : 'NTK regression'}, ${model.parameterization}, m = ${model.training.numNeurons}, n = ${model.training.n}`,
      score, schedule, normalization, target, t0: model.t0, T: model.T, predict, parameterization: model.parameterization,
      exact: target?.mixture ? exactScore({ mixture: affineMixture(target.mixture, Float64Array.from(normalization.shift), normalization.scale), schedule }) : undefined,
    };
  }
  if (!o.exactScore) throw new CliError('missing option: --model M, or --exact-score with --target FILE');
  if (!o.target) throw new CliError('missing option: --exact-score needs --target FILE');
  const { t0, T } = parseTimes(o.t0 ?? '0.001', o.T);
  const schedule = makeSchedule({ spec: o.schedule, T });
  const target = readTargetFile(o.target);
  if (!target.mixture) throw new CliError(`invalid option: --exact-score needs a Gaussian-mixture target, and ${target.name} is not one`);
  const normalization = fitNormalization(target);
  const exact = exactScore({ mixture: affineMixture(target.mixture, Float64Array.from(normalization.shift), normalization.scale), schedule });
  return { label: `exact score of ${target.name}`, score: exact, schedule, normalization, target, t0, T, exact };
}
