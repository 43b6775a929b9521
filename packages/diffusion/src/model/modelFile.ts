/** Model files: JSON, written atomically; read back with every field checked. */
import { fromRows, initBackend, type Matrix } from '@softmax-ntk/linalg';
import { forward, jacobianVector } from '@softmax-ntk/network';
import { softmaxInputJvp } from '../internal/softmaxInputJvp';
import { show } from '../internal/validate';
import { makeSchedule, type Schedule } from '../sde/schedule';
import type { DiffusionModel } from './model';
import { denoiserScore, type ScoreModel } from './scoreModel';
import { networkInput, PAPER_INPUT } from '../data/networkInput';
import { PARAMETERIZATIONS, type Parameterization } from '../data/denoisingData';

/** A malformed model file; `field` names the offending field. */
export class ModelError extends Error {
  override name = 'ModelError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** The model as JSON text (numbers round-trip exactly). */
export function serializeModel(model: DiffusionModel): string {
  return JSON.stringify(model) + '\n';
}

function matrixField(field: string, v: unknown, rows?: number, cols?: number): Matrix {
  if (!Array.isArray(v) || v.length === 0)
    throw new ModelError(field, `model: \`${field}\` must be a non-empty array of rows, got ${show(v)}`);
  // Strict: every row an array of the same length, every entry a finite JSON number (no null, no "0.2",
  // no nested arrays): nothing is coerced.
  const first = v[0] as unknown;
  const c = Array.isArray(first) ? first.length : -1;
  v.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== c || c === 0)
      throw new ModelError(
        field,
        `model: \`${field}[${i}]\` must be a row of ${c > 0 ? c : 'one or more'} numbers, got ${show(row)}`,
      );
    row.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new ModelError(field, `model: \`${field}[${i}][${j}]\` must be a finite number, got ${show(x)}`);
    });
  });
  const m = fromRows(v as number[][], field);
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    throw new ModelError(
      field,
      `model: \`${field}\` must be ${rows ?? '?'} × ${cols ?? '?'}, got ${m.rows} × ${m.cols}`,
    );
  }
  return m;
}

/** A finite number > 0 (the test of every positive scalar field). */
const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Check a parsed model file. */
export function parseModel(json: unknown): DiffusionModel {
  if (!json || typeof json !== 'object') throw new ModelError('json', 'model: expected a JSON object');
  const o = json as Partial<DiffusionModel> & Record<string, unknown>;
  if (o.format !== 'softmax-ntk/diffusion-model' || o.version !== 1)
    throw new ModelError(
      'format',
      `model: not a softmax-ntk diffusion model file (format ${show(o.format)}, version ${show(o.version)})`,
    );
  if (o.kind !== 'nn' && o.kind !== 'ntk')
    throw new ModelError('kind', `model: \`kind\` must be "nn" or "ntk", got ${show(o.kind)}`);
  if (!PARAMETERIZATIONS.includes(o.parameterization as Parameterization)) {
    throw new ModelError(
      'parameterization',
      `model: \`parameterization\` must be one of ${PARAMETERIZATIONS.map((p) => `"${p}"`).join(', ')}, got ${show(o.parameterization)}`,
    );
  }
  if (o.parameterization === 'residual' && !isPositive(o.skipSecondMoment)) {
    throw new ModelError(
      'skipSecondMoment',
      `model: \`skipSecondMoment\` must be a finite number > 0 for the residual parameterisation, got ${show(o.skipSecondMoment)}`,
    );
  }
  for (const k of ['t0', 'T', 'inputScale'] as const) {
    if (!isPositive(o[k])) throw new ModelError(k, `model: \`${k}\` must be a finite number > 0, got ${show(o[k])}`);
  }
  if ((o.t0 as number) >= (o.T as number))
    throw new ModelError('t0', `model: \`t0\` must be smaller than \`T\`, got ${o.t0} ≥ ${o.T}`);
  try {
    makeSchedule({ spec: o.schedule as never, T: o.T });
  } catch (e) {
    throw new ModelError('schedule', `model: ${(e as Error).message}`);
  }
  const nz = o.normalization;
  if (!nz || !Array.isArray(nz.shift) || nz.shift.length === 0 || !isPositive(nz.scale))
    throw new ModelError(
      'normalization',
      `model: \`normalization\` must be {shift: number[], scale: a finite number > 0}, got ${show(nz)}`,
    );
  (nz.shift as unknown[]).forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ModelError(
        'normalization.shift',
        `model: \`normalization.shift[${j}]\` must be a finite number, got ${show(v)}`,
      );
  });
  const d = nz.shift.length;
  const net = o.network;
  if (!net || typeof net !== 'object') throw new ModelError('network', 'model: `network` is missing');
  const w = matrixField('network.w', net.w, undefined, d + 1);
  matrixField('network.a', net.a, d, w.rows);
  if (o.kind === 'ntk') matrixField('network.u', net.u, w.rows, d + 1);
  if (!o.target || typeof o.target !== 'object') throw new ModelError('target', 'model: `target` is missing');
  if (o.input !== undefined) {
    const f = o.input as unknown as Record<string, unknown>;
    if (!f || typeof f !== 'object')
      throw new ModelError('input', `model: \`input\` must be {timeScale, secondMoment}, got ${show(o.input)}`);
    if (!isPositive(f.timeScale))
      throw new ModelError(
        'input.timeScale',
        `model: \`input.timeScale\` must be a finite number > 0, got ${show(f.timeScale)}`,
      );
    if (f.secondMoment !== null && !isPositive(f.secondMoment)) {
      throw new ModelError(
        'input.secondMoment',
        `model: \`input.secondMoment\` must be null or a finite number > 0, got ${show(f.secondMoment)}`,
      );
    }
  }
  // R is the largest input norm, and every input carries the time coordinate c_t·t/T ≥ c_t·t0/T: a smaller R
  // (e.g. 5e-324, found by the property test) makes the network's input overflow.
  const timeScale = (o.input as { timeScale?: number } | undefined)?.timeScale ?? 1;
  const minScale = (timeScale * (o.t0 as number)) / (o.T as number);
  if ((o.inputScale as number) < minScale)
    throw new ModelError(
      'inputScale',
      `model: \`inputScale\` (the largest input norm R) must be at least c_t·t0/T = ${minScale}, got ${o.inputScale}`,
    );
  return o as DiffusionModel;
}

/** Options of {@link createScoreModel}. */
export interface CreateScoreModelOptions {
  /** Default `"float32"` (tfjs; the backend is initialised here). */
  precision?: 'float32' | 'float64';
}

/**
 * The score s(t, x) (scaled units) of a trained model, its schedule, and the raw network output
 * F(t, x) (`predict`: x(0) or ε estimates, n × d, for the coupling gap of Claim G.1).
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
  const score = denoiserScore({
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
  return {
    score,
    schedule,
    predict: (t, x) => predict(networkInput(t, x, model.T, model.inputScale, features, schedule)),
  };
}
