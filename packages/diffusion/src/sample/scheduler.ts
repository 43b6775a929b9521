/**
 * A scheduler in the shape of diffusers' (`set_timesteps`, `step(model_output, t, sample)` →
 * `prev_sample`, `pred_original_sample`) for the VP SDE of Eq. 3 of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024): the reverse SDE of Eq. 4 by Euler–Maruyama (diffusers' `ScoreSdeVpScheduler`),
 * and the deterministic DDIM step (Song, Meng, Ermon 2021, $\eta = 0$; diffusers' `DDIMScheduler`) on the same
 * continuous-time schedule. The caller owns the loop and the model call, as in diffusers.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { argumentError, checkMatrix, checkPositiveInt, checkTimes, fail, show } from '../internal/validate';
import { DEFAULT_SAMPLING_T0 } from '../sde/defaultTimes';
import type { Schedule } from '../sde/schedule';

/**
 * The step rule of a {@link Scheduler}: `"sde"` (reverse SDE, Euler–Maruyama, Eq. 4) or `"ddim"` (deterministic
 * DDIM).
 */
export type SchedulerKind = 'sde' | 'ddim';
/** Every {@link SchedulerKind}, in the order the CLI lists them. */
export const SCHEDULER_KINDS: readonly SchedulerKind[] = ['sde', 'ddim'];
/** What the model output is: the score s(t, x) (this package's score models), the noise $\varepsilon$, or x(0). */
export type PredictionType = 'score' | 'epsilon' | 'sample';
/** Every {@link PredictionType}, in the order the CLI lists them. */
export const PREDICTION_TYPES: readonly PredictionType[] = ['score', 'epsilon', 'sample'];

/**
 * Options of {@link createScheduler}: the schedule, the kind (reverse SDE or DDIM) and what the model output
 * predicts.
 */
export interface SchedulerOptions {
  /** The VP-SDE schedule of the model. */
  schedule: Schedule;
  /** `"sde"`: reverse SDE, Euler–Maruyama (stochastic); `"ddim"`: deterministic DDIM ($\eta = 0$). Default `"sde"`. */
  kind?: SchedulerKind;
  /** Default `"score"`; diffusers' `prediction_type` `"epsilon"` and `"sample"` are converted to a score. */
  predictionType?: PredictionType;
  /** Last time $T_0$ (default {@link DEFAULT_SAMPLING_T0} = 1e-3, as `sample`) and first time T (default schedule.T). */
  t0?: number;
  /** The first time T (default schedule.T). */
  T?: number;
  /** The noise generator (`"sde"` steps and `initNoise`); default seed 0. */
  seed?: number | string;
  /** A generator for the noise, instead of `seed`. */
  rng?: Rng;
}

/** What one {@link Scheduler} step returns: x at the next (smaller) time and Tweedie's estimate of x(0). */
export interface SchedulerStep {
  /** x at the next (smaller) time. */
  prevSample: Matrix;
  /** Tweedie's estimate $\mathbb{E}[x(0) \mid x(t) = x] = (x + \sigma_t^2 s)/\alpha_t$. */
  predOriginalSample: Matrix;
}

/**
 * A diffusers-style step-by-step sampler (made by {@link createScheduler}): `setTimesteps`, then `step` from t = T
 * down to $T_0$.
 */
export interface Scheduler {
  /** `sde` (reverse SDE, Euler–Maruyama) or `ddim`. */
  readonly kind: SchedulerKind;
  /** The times of the steps, from T down ($t_k = T$ − k(T − $T_0)/n$); empty until `setTimesteps`. */
  readonly timesteps: Float64Array;
  /** The start's standard deviation (1: x(T) ~ N(0, I)), diffusers' `init_noise_sigma`. */
  readonly initNoiseSigma: number;
  /**
   * n equal steps from T to $T_0$.
   *
   * @param n - The number of steps.
   */
  setTimesteps(n: number): void;
  /**
   * $\mathrm{rows} \times \mathrm{cols}$ draws of $\mathcal{N}(0, I)$ from the scheduler's generator (the first draws, as `sample` makes them).
   *
   * @param rows - The number of samples.
   * @param cols - The data dimension d.
   */
  initNoise(rows: number, cols: number): Matrix;
  /**
   * One step from t (one of `timesteps`) to the next time, or to $T_0$ after the last.
   *
   * @param modelOutput - The model's output at (t, x): a score, $\varepsilon$ or x(0) by `predictionType`.
   * @param t - The current time (one of `timesteps`).
   * @param x - The samples at t.
   */
  step(modelOutput: Matrix, t: number, x: Matrix): SchedulerStep;
}

/**
 * A diffusers-style scheduler for the VP SDE: `setTimesteps`, then `step` from the model's output at t to the sample at
 * the next time — the reverse SDE of Eq. 4 by Euler–Maruyama (`sde`) or the deterministic DDIM step (`ddim`).
 *
 * @param options - The schedule, the kind, the prediction type, the times and the generator or seed.
 *
 * @see Eq. 4, in forward time over a step t → t' = t − h, with s the model's score:
 *   sde:  $x' = x + h(\frac12 g(t) x + g(t) s) + \sqrt{g(t) h} \, z$, $z \sim \mathcal{N}(0, I)$ (the `sde` sampler of `sample`);
 *   ddim: $\hat x_0 = (x + \sigma_t^2 s)/\alpha_t$,  $\hat{\varepsilon} = -\sigma_t s$,  $x' = \alpha_{t'} \hat x_0 + \sigma_{t'} \hat{\varepsilon}$.
 * Model outputs: $\varepsilon \to s = -\varepsilon/\sigma_t$; $x(0) \to s = (\alpha_t x_0 - x)/\sigma_t^2$.
 *
 * @example
 * ```ts
 * import { createScheduler, exactScore, makeSchedule } from '@softmax-ntk/diffusion';
 * import { matrix } from '@softmax-ntk/linalg';
 *
 * // The diffusers-style loop: setTimesteps, then step(model output, t, x) — DDIM with the exact score of N(0, 0.5²):
 * // 2000 samples from N(0, 1) at t = T end with a standard deviation near 0.5
 * const schedule = makeSchedule({ spec: 'linear' });
 * const one = (v) => matrix(1, 1, new Float64Array([v]));
 * const exact = exactScore({ mixture: { weights: new Float64Array([1]), means: one(0), std: one(0.5) }, schedule });
 * const sch = createScheduler({ schedule, kind: 'ddim', seed: 1 });
 * sch.setTimesteps(50);
 * let x = sch.initNoise(2000, 1);
 * for (const t of sch.timesteps) x = sch.step(exact.score(t, x), t, x).prevSample;
 * console.log(sch.timesteps.length, Math.sqrt(x.data.reduce((s, v) => s + v * v, 0) / x.rows).toFixed(2)); // 50 0.47
 * ```
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { schedule } = options;
  const kind = options.kind ?? 'sde';
  if (!SCHEDULER_KINDS.includes(kind))
    throw argumentError('kind', `must be one of ${SCHEDULER_KINDS.join(', ')}, got ${show(kind)}`);
  const predictionType = options.predictionType ?? 'score';
  if (!PREDICTION_TYPES.includes(predictionType))
    throw argumentError('predictionType', `must be one of ${PREDICTION_TYPES.join(', ')}, got ${show(predictionType)}`);
  const { t0, T } = checkTimes(options.t0 ?? DEFAULT_SAMPLING_T0, options.T ?? schedule.T);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  let timesteps = new Float64Array(0);
  let h = 0;

  const toScore = (out: Float64Array, x: Float64Array, t: number): Float64Array => {
    if (predictionType === 'score') return out;
    const s2 = schedule.sigma2(t);
    if (predictionType === 'epsilon') {
      const c = -1 / Math.sqrt(s2);
      return out.map((v) => c * v);
    }
    const a = schedule.alpha(t);
    return out.map((v, i) => (a * v - (x[i] as number)) / s2);
  };

  return {
    kind,
    initNoiseSigma: 1,
    get timesteps() {
      return timesteps;
    },
    setTimesteps(n: number) {
      checkPositiveInt('n', n);
      h = (T - t0) / n;
      timesteps = Float64Array.from({ length: n }, (_, k) => T - k * h);
    },
    initNoise(rows: number, cols: number) {
      return { rows, cols, data: rng.fillNormal(new Float64Array(rows * cols)) };
    },
    step(modelOutput: Matrix, t: number, x: Matrix): SchedulerStep {
      const n = timesteps.length;
      if (n === 0) fail('call `setTimesteps(n)` before `step`');
      checkMatrix('x', x);
      checkMatrix('modelOutput', modelOutput);
      if (modelOutput.rows !== x.rows || modelOutput.cols !== x.cols)
        throw argumentError(
          'modelOutput',
          `must be ${x.rows} × ${x.cols} like \`x\`, got ${modelOutput.rows} × ${modelOutput.cols}`,
        );
      const k = timesteps.indexOf(t);
      if (k < 0) throw argumentError('t', `must be one of \`timesteps\`, got ${show(t)}`);
      const tn = k === n - 1 ? t0 : T - (k + 1) * h;
      const hk = t - tn;
      const s = toScore(modelOutput.data, x.data, t);
      const a = schedule.alpha(t);
      const s2 = schedule.sigma2(t);
      const x0 = new Float64Array(x.data.length);
      for (let i = 0; i < x0.length; i++) x0[i] = ((x.data[i] as number) + s2 * (s[i] as number)) / a;
      const prev = new Float64Array(x.data.length);
      if (kind === 'sde') {
        const g = schedule.g(t);
        const z = rng.fillNormal(new Float64Array(x.data.length));
        const noise = Math.sqrt(g * hk);
        for (let i = 0; i < prev.length; i++) {
          const xi = x.data[i] as number;
          prev[i] = xi + hk * (0.5 * g * xi + g * (s[i] as number)) + noise * (z[i] as number);
        }
      } else {
        const an = schedule.alpha(tn);
        const sn = Math.sqrt(schedule.sigma2(tn));
        const sigma = Math.sqrt(s2);
        for (let i = 0; i < prev.length; i++) prev[i] = an * (x0[i] as number) - sn * sigma * (s[i] as number);
      }
      return {
        prevSample: { rows: x.rows, cols: x.cols, data: prev },
        predOriginalSample: { rows: x.rows, cols: x.cols, data: x0 },
      };
    },
  };
}
