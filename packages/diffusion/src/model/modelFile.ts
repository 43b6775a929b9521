/** Model files: JSON, written atomically; read back with every field checked. */
import { ValidationError, fromRows, initBackend, parseWithSchema, type Matrix } from '@softmax-ntk/linalg';
import { forward, jacobianVector } from '@softmax-ntk/network';
import { softmaxInputJvp } from '../internal/softmaxInputJvp';
import { makeSchedule, type Schedule } from '../sde/schedule';
import type { DiffusionModel } from './model';
import { denoiserScore, type ScoreModel } from './scoreModel';
import { isPaperInput, networkInput, PAPER_INPUT } from '../data/networkInput';
import { modelFileSchema } from './modelSchema';
import { clipPrediction, DEFAULT_CLIP_RADIUS } from './clipPrediction';

/**
 * A malformed model file: linalg's `ValidationError` (message `<path>: <detail>`), kept as its own class so that
 * `instanceof ModelError` goes on working; `field` names the offending field (`network.w`, `input.timeScale`, …).
 *
 * @example
 * ```ts
 * import { ModelError, parseModel } from '@softmax-ntk/diffusion';
 *
 * // A model file with a defect: the error names the field
 * try {
 *   parseModel({ format: 'softmax-ntk/diffusion-model', version: 2 });
 * } catch (e) {
 *   console.log(e instanceof ModelError, e.message.split('\n')[0]); // true version: expected 1, got 2
 * }
 * ```
 */
export class ModelError extends ValidationError {
  /** The class name that messages and `error.name` show. */
  override name = 'ModelError';
}

/**
 * The model as JSON text (numbers round-trip exactly).
 *
 * @param model - The model to write.
 *
 * @example
 * ```ts
 * import { parseModel, parseTarget, serializeModel, trainScoreModel } from '@softmax-ntk/diffusion';
 *
 * // A model file's text; numbers round-trip exactly
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const model = await trainScoreModel({ target, n: 20, numNeurons: 8, seed: 0 });
 * const text = serializeModel(model);
 * const back = parseModel(JSON.parse(text));
 * console.log(text.endsWith('\n'), back.kind, back.network.w.flat().every((v, k) => v === model.network.w.flat()[k]));
 * // → true ntk true
 * ```
 */
export function serializeModel(model: DiffusionModel): string {
  return JSON.stringify(model) + '\n';
}

/** Rows (types checked by the schema) of one length, `rows` $\times$ `cols` when given. */
function checkRows(field: string, v: number[][], rows?: number, cols?: number): void {
  const c = (v[0] as number[]).length;
  v.forEach((row, i) => {
    if (row.length !== c)
      throw new ModelError(`${field}[${i}]`, `expected ${c} numbers (as row 0 has), got ${row.length}`);
  });
  if ((rows !== undefined && v.length !== rows) || (cols !== undefined && c !== cols))
    throw new ModelError(field, `expected ${rows ?? v.length} × ${cols ?? c}, got ${v.length} × ${c}`);
}

/**
 * Check a parsed model file: first the types of the schema (`modelFileSchema`, nothing coerced), then what JSON
 * Schema cannot say. The first defect is one `ModelError` line naming its field path
 * (`network.w[0][1]: expected a finite number, got "0.2"`).
 *
 * @param json - The model file's parsed JSON.
 *
 * @example
 * ```ts
 * import { ModelError, parseModel } from '@softmax-ntk/diffusion';
 *
 * // Every field is checked: a defect is a ModelError naming the field
 * try {
 *   parseModel({ format: 'softmax-ntk/diffusion-model' });
 * } catch (e) {
 *   console.log(e instanceof ModelError, e.message.split('\n')[0]); // true version: expected 1, got nothing
 * }
 * ```
 */
export function parseModel(json: unknown): DiffusionModel {
  const error = (path: string, detail: string) => new ModelError(path, detail);
  const o = parseWithSchema(modelFileSchema(), json, { error });
  if (o.parameterization === 'residual' && o.skipSecondMoment === undefined)
    throw new ModelError(
      'skipSecondMoment',
      'missing (expected a finite number > 0 for the residual parameterisation)',
    );
  if (o.t0 >= o.T) throw new ModelError('t0', `expected a number smaller than T = ${o.T}, got ${o.t0}`);
  try {
    makeSchedule({ spec: o.schedule as never, T: o.T });
  } catch (e) {
    throw new ModelError('schedule', (e as Error).message);
  }
  const d = o.normalization.shift.length;
  const width = o.input?.bias ? d + 2 : d + 1;
  const shape = width === d + 1 ? 'm × (d+1)' : 'm × (d+2)';
  checkRows('network.w', o.network.w, undefined, width);
  const m = o.network.w.length;
  checkRows('network.a', o.network.a, d, m);
  if (o.kind === 'ntk') {
    if (!o.network.u) throw new ModelError('network.u', `missing (expected an ${shape} array for an ntk model)`);
    checkRows('network.u', o.network.u, m, width);
  }
  // R is the largest input norm, and every input carries the time coordinate c_t·t/T ≥ c_t·t0/T: a smaller R
  // (e.g. 5e-324, found by the property test) makes the network's input overflow.
  const minScale = ((o.input?.timeScale ?? 1) * o.t0) / o.T;
  if (o.inputScale < minScale)
    throw new ModelError(
      'inputScale',
      `expected the largest input norm R to be at least c_t·t0/T = ${minScale}, got ${o.inputScale}`,
    );
  return o as unknown as DiffusionModel;
}

/** Options of {@link createScoreModel}. */
export interface CreateScoreModelOptions {
  /** Default `"float32"` (tfjs; the backend is initialised here). */
  precision?: 'float32' | 'float64';
  /**
   * The radius of the ball onto which the score's x(0) prediction is projected ({@link clipPrediction}; default
   * {@link DEFAULT_CLIP_RADIUS} = 1, the ball of Assumption 6.1 that holds the scaled $p_0$); `null` turns clipping
   * off (the raw score of the network or NTK predictor, as in the paper). A model trained on the paper's inputs
   * ({@link PAPER_INPUT}: `--paper-inputs`) defaults to `null`, so the paper's setup stays one flag away.
   */
  clipRadius?: number | null;
}

/**
 * The score s(t, x) (scaled units) of a trained model, its schedule, and the raw network output
 * F(t, x) (`predict`: x(0) or $\varepsilon$ estimates, $n \times d$, for the coupling gap of Claim G.1).
 *
 * @param model - The model file's content.
 * @param options - The precision (default float32).
 *
 * @see Claim G.1
 *
 * @example
 * ```ts
 * import { createScoreModel, parseTarget, trainScoreModel } from '@softmax-ntk/diffusion';
 *
 * // A model file's score s(t, x) and raw output F(t, x) (here the x(0) estimate), in float64
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const model = await trainScoreModel({ target, n: 50, numNeurons: 32, seed: 0 });
 * const { score, schedule, predict } = await createScoreModel(model, { precision: 'float64' });
 * const x = { rows: 1, cols: 2, data: new Float64Array([0.3, -0.2]) };
 * const show = (m) => Array.from(m.data, (v) => v.toFixed(4)).join(' ');
 * console.log(score.dim, schedule.T, show(predict(0.5, x)), show(score.score(0.5, x)));
 * // → 2 1 0.4902 -0.9197 -0.1822 -0.0523
 * ```
 */
export async function createScoreModel(
  model: DiffusionModel,
  options: CreateScoreModelOptions = {},
): Promise<{ score: ScoreModel; schedule: Schedule; predict: (t: number, x: Matrix) => Matrix }> {
  const precision = options.precision ?? 'float32';
  if (precision === 'float32') await initBackend();
  const schedule = makeSchedule({ spec: model.schedule, T: model.T });
  const w = fromRows(model.network.w);
  const a = fromRows(model.network.a);
  const u = model.network.u ? fromRows(model.network.u) : undefined;
  const predict =
    model.kind === 'nn'
      ? (x: Matrix) => forward({ w, a, x, precision })
      : (x: Matrix) => jacobianVector({ w, a, x, u: u as Matrix, precision });
  const features = model.input ?? PAPER_INPUT;
  const raw = denoiserScore({
    dim: a.rows,
    predict,
    schedule,
    T: model.T,
    inputScale: model.inputScale,
    features,
    parameterization: model.parameterization,
    ...(model.skipSecondMoment !== undefined ? { skipSecondMoment: model.skipSecondMoment } : {}),
    predictJvp: (x, directions) => softmaxInputJvp({ w, a, x, directions, ...(u ? { u } : {}) }),
  });
  const radius =
    options.clipRadius === undefined ? (isPaperInput(features) ? null : DEFAULT_CLIP_RADIUS) : options.clipRadius;
  const score = radius === null ? raw : clipPrediction({ model: raw, schedule, radius });
  return {
    score,
    schedule,
    predict: (t, x) => predict(networkInput(t, x, model.T, model.inputScale, features, schedule)),
  };
}
