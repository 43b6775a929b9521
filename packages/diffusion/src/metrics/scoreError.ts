/**
 * The weighted score error of Theorem 6.5 (its left side) of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024), by Monte Carlo.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import type { ScoreModel } from '../model/scoreModel';
import type { Schedule } from '../sde/schedule';
import { checkPositiveInt, checkTimes } from '../internal/validate';

export interface ScoreErrorOptions {
  model: ScoreModel;
  exact: ScoreModel;
  schedule: Schedule;
  /** Draws of p₀ in the model's (scaled) units. */
  sampleData: (n: number, rng: Rng) => Matrix;
  /** Integration range [T₀, T] (default 1e-3, schedule.T). */
  t0?: number;
  T?: number;
  /** Stratified times (default 64) and points per time (default 256). */
  times?: number;
  perTime?: number;
  rng?: Rng;
  seed?: number | string;
}

export interface ScoreError {
  /** λ(t) = 1. */
  uniform: number;
  /** λ(t) = σ_t² (the denoising weighting). */
  sigma2Weighted: number;
  /** Per time: t, E‖s − ∇log p_t‖². */
  byTime: { t: number; error: number }[];
}

/**
 * (1/(T − T₀)) ∫_{T₀}^{T} λ(t) E‖s(t, x(t)) − ∇log p_t(x(t))‖² dt with x(t) = α_t x(0) + σ_t ε,
 * t stratified (one uniform draw in each of `times` equal strata), `perTime` draws per t.
 *
 * @see Theorem 6.5 (left side) and Eq. (5); the range starts at T₀ where the model was trained.
 */
export function scoreError(options: ScoreErrorOptions): ScoreError {
  const { t0, T } = checkTimes(options.t0 ?? 1e-3, options.T ?? options.schedule.T);
  const K = checkPositiveInt('times', options.times ?? 64);
  const P = checkPositiveInt('perTime', options.perTime ?? 256);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const { schedule } = options;
  let u = 0;
  let w = 0;
  const byTime: { t: number; error: number }[] = [];
  for (let k = 0; k < K; k++) {
    const t = t0 + ((k + rng.uniform()) / K) * (T - t0);
    const x0 = options.sampleData(P, rng);
    const a = schedule.alpha(t);
    const s = Math.sqrt(schedule.sigma2(t));
    const xt = new Float64Array(x0.data.length);
    for (let i = 0; i < xt.length; i++) xt[i] = a * (x0.data[i] as number) + s * rng.normal();
    const X: Matrix = { rows: P, cols: x0.cols, data: xt };
    const sm = options.model.score(t, X).data;
    const se = options.exact.score(t, X).data;
    let e = 0;
    for (let i = 0; i < xt.length; i++) e += ((sm[i] as number) - (se[i] as number)) ** 2;
    e /= P;
    byTime.push({ t, error: e });
    u += e / K;
    w += (s * s * e) / K;
  }
  return { uniform: u, sigma2Weighted: w, byTime };
}
