/**
 * Samplers of the backward process (Eq. 4 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax", 2024, Section 6.1) with a model score
 * in place of $\nabla\log p_t$: the reverse SDE by Euler–Maruyama, the
 * probability-flow ODE by Heun or adaptive Dormand–Prince RK45, and an
 * optional Langevin corrector. Every step is one batched score call over all
 * samples; all randomness comes from the seeded generator.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import type { ScoreModel } from '../model/scoreModel';
import { DEFAULT_SAMPLING_T0 } from '../sde/defaultTimes';
import type { Schedule } from '../sde/schedule';
import {
  argumentError,
  checkNonNeg,
  checkNonNegInt,
  checkPositive,
  checkPositiveInt,
  checkTimes,
  show,
} from '../internal/validate';
import { dopri5 } from '../internal/dopri5';
import { posteriorDraw } from './posteriorStep';
import { checkFiniteResult } from '../metrics/nonFiniteResult';

/**
 * The samplers of the reverse process: `"sde"` (Euler–Maruyama on the reverse SDE, Eq. 4), `"heun"` and `"rk45"`
 * (the probability-flow ODE).
 */
export type SamplerName = 'sde' | 'heun' | 'rk45';
/** Every {@link SamplerName} that {@link sample} accepts, in the order the CLI lists them. */
export const SAMPLERS: readonly SamplerName[] = ['sde', 'heun', 'rk45'];

/** Options of {@link sample}. */
export interface SampleOptions {
  /** The score s(t, x) to integrate. */
  model: ScoreModel;
  /** The VP-SDE schedule of the model. */
  schedule: Schedule;
  /** Number of samples N. */
  count: number;
  /** `"sde"` (default; reverse SDE, Euler–Maruyama), `"heun"` (probability-flow ODE, Heun) or `"rk45"` (probability-flow ODE, adaptive Dormand–Prince). */
  sampler?: SamplerName;
  /** Steps of the fixed-step samplers (default 1000). */
  steps?: number;
  /** Stop time $T_0$ (default {@link DEFAULT_SAMPLING_T0} = 1e-3; give a trained model its own $T_0$). */
  t0?: number;
  /** Start time T (default schedule.T). */
  T?: number;
  /** Langevin corrector steps after each predictor step (default 0, none). */
  correctorSteps?: number;
  /** Signal-to-noise ratio r of the corrector step size $\varepsilon = 2(r\lVert z \rVert/\lVert s \rVert)^2$ (default 0.16). */
  snr?: number;
  /**
   * Langevin corrector steps at $T_0$ once the predictor has arrived there (default 0, none; beyond score_sde, whose
   * corrector runs only between predictor steps): K steps $x \leftarrow x + \varepsilon s(T_0, x) + \sqrt{2\varepsilon} z$ with the step size of
   * `snr`, before `denoiseFinal`. They move the stragglers that a learned score leaves between modes into the
   * modes of $p_{T_0}$ at the cost of K score evaluations; measured to help Gaussian mixtures and to hurt thin targets
   * such as two-moons (README "Modes: a final corrector at T₀").
   *
   * @example
   * ```ts
   * import { matrix } from '@softmax-ntk/linalg';
   * import { exactScore, makeSchedule, sample } from '@softmax-ntk/diffusion';
   *
   * // p₀ = ½N(−0.5, 0.1²) + ½N(0.5, 0.1²); 20 reverse-SDE steps are too few and leave samples between the modes
   * const schedule = makeSchedule({ spec: 'linear' });
   * const mixture = {
   *   weights: new Float64Array([0.5, 0.5]),
   *   means: matrix(2, 1, new Float64Array([-0.5, 0.5])),
   *   std: matrix(2, 1, new Float64Array([0.1, 0.1])),
   * };
   * const model = exactScore({ mixture, schedule });
   * const near = (r) => r.samples.data.filter((x) => Math.abs(Math.abs(x) - 0.5) < 0.3).length; // within 3 std
   * const a = sample({ model, schedule, count: 1000, steps: 20, t0: 0.01, seed: 1 });
   * const b = sample({ model, schedule, count: 1000, steps: 20, t0: 0.01, seed: 1, finalCorrectorSteps: 200 });
   * console.log(near(a), near(b)); // 749 998
   * ```
   */
  finalCorrectorSteps?: number;
  /** rk45 tolerances (default rtol 1e-4, atol 1e-5). */
  rtol?: number;
  /** rk45 absolute tolerance (default 1e-5). */
  atol?: number;
  /**
   * After reaching $T_0$, replace x by an estimate of x(0) (default false: return x(T₀) as score_sde's sampler
   * without noise removal does).
   * - `true` or `"mean"`: Tweedie's formula $\mathbb{E}[x(0) \mid x(T_0) = x] = (x + \sigma^2_{T_0} s(T_0, x))/\alpha_{T_0}$ — for the
   *   paper's parameterization exactly the network output $F(T_0, x)$ (the last step of [HJA20] likewise outputs the
   *   mean, and score_sde's `noise_removal`). It shrinks each mode: it maps onto the mean, not a sample.
   * - `"posterior"`: a draw from $\mathcal{N}(\mathbb{E}[x(0) \mid x], \operatorname{Cov}[x(0) \mid x])$ with Tweedie's second-order
   *   formula $\operatorname{Cov} = (\sigma^2_{T_0}/\alpha^2_{T_0})(I + \sigma^2_{T_0} \nabla_x s)$ (symmetrised, negative eigenvalues
   *   set to 0), $\nabla_x s$ from the model's `jvp` along the d coordinates (exact scores, model files, their clip and
   *   ensembles have it). For modes far apart on the scale of $\sigma_{T_0}$ this returns samples of $p_0$ where the
   *   mean would narrow them and x(T₀) widen them. Costs one model evaluation with d directional derivatives.
   */
  denoiseFinal?: boolean | 'mean' | 'posterior';
  /** A starting point $y(0)$ ($\mathrm{count} \times d$) instead of draws from $\mathcal{N}(0, I)$. */
  start?: Matrix;
  /** A generator for the noise (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Seed of the noise (used when `rng` is not given). */
  seed?: number | string;
  /** Called after each step with (t, steps done, steps planned); rk45 plans adaptively, so `total` is an estimate. */
  onProgress?: (p: { t: number; step: number; total: number }) => void;
}

/** What {@link sample} returns. */
export interface SampleResult {
  /** $\mathrm{count} \times d$, in the model's (scaled) units. */
  samples: Matrix;
  /** Score evaluations (each over the whole batch). */
  scoreEvaluations: number;
  /** Steps taken (rk45: accepted steps). */
  steps: number;
  /** rk45: rejected steps. */
  rejected: number;
}

/**
 * Draws N samples by integrating the backward process from T ($y(0) \sim \mathcal{N}(0, I)$) down to $T_0$.
 *
 * @param options - The score model, the schedule, the count, the sampler and its settings, and the generator or
 *   seed.
 *
 * @see Eq. 4 with $s_{\theta}$ for $\nabla\log p$: in forward time, over a step $t \to t - h$,
 *   sde:  $x \leftarrow x + h (\frac12 g(t) x + g(t) s(t, x)) + \sqrt{g(t) h} \, z$, $z \sim \mathcal{N}(0, I)$ (Euler–Maruyama);
 *   ode:  $dx/dt = -\frac12 g(t) (x + s(t, x))$ (the probability-flow ODE of [SSDK+21]), integrated backwards;
 *   corrector: $x \leftarrow x + \varepsilon s(t, x) + \sqrt{2\varepsilon} \, z$, $\varepsilon = 2(r \lVert z \rVert/\lVert s \rVert)^2$ (Langevin MCMC at fixed t); the final corrector
 *   is the same at $t = T_0$ after the last predictor step.
 * Draw order: the $N \cdot d$ normals of y(0), then per step the $N \cdot d$ normals of the predictor, then of each corrector step,
 * then of each final corrector step.
 * A non-finite sample throws `NonFiniteResultError` (field `samples`, with its row and column).
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { exactScore, makeSchedule, sample } from '@softmax-ntk/diffusion';
 *
 * // The reverse SDE (Eq. 4) with the exact score of p₀ = N((1, 0), 0.5²I), from N(0, I) at t = T:
 * // the samples' mean and standard deviation come out near (1, 0) and 0.5
 * const schedule = makeSchedule({ spec: 'linear' });
 * const mixture = {
 *   weights: new Float64Array([1]),
 *   means: matrix(1, 2, new Float64Array([1, 0])),
 *   std: matrix(1, 2, new Float64Array([0.5, 0.5])),
 * };
 * const model = exactScore({ mixture, schedule });
 * const { samples } = sample({ model, schedule, count: 4000, steps: 500, seed: 1 });
 * const col = (j) => Array.from({ length: samples.rows }, (_, i) => samples.data[2 * i + j]);
 * const mean = (v) => v.reduce((s, u) => s + u, 0) / v.length;
 * const std = (v) => Math.sqrt(mean(v.map((u) => (u - mean(v)) ** 2)));
 * console.log(mean(col(0)).toFixed(3), mean(col(1)).toFixed(3), std(col(0)).toFixed(3), std(col(1)).toFixed(3));
 * // → 1.002 -0.016 0.496 0.499
 * ```
 */
export function sample(options: SampleOptions): SampleResult {
  const { model, schedule } = options;
  const count = checkPositiveInt('count', options.count);
  const sampler = options.sampler ?? 'sde';
  if (!SAMPLERS.includes(sampler))
    throw argumentError('sampler', `must be one of ${SAMPLERS.join(', ')}, got ${show(sampler)}`);
  const steps = checkPositiveInt('steps', options.steps ?? 1000);
  const { t0, T } = checkTimes(options.t0 ?? DEFAULT_SAMPLING_T0, options.T ?? schedule.T);
  const corrector = checkNonNegInt('correctorSteps', options.correctorSteps ?? 0);
  const finalCorrector = checkNonNegInt('finalCorrectorSteps', options.finalCorrectorSteps ?? 0);
  const snr = checkPositive('snr', options.snr ?? 0.16);
  const rtol = checkPositive('rtol', options.rtol ?? 1e-4);
  const atol = checkNonNeg('atol', options.atol ?? 1e-5);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const d = model.dim;
  const denoiseFinal = options.denoiseFinal ?? false;
  if (![false, true, 'mean', 'posterior'].includes(denoiseFinal))
    throw argumentError('denoiseFinal', `must be true, false, "mean" or "posterior", got ${show(denoiseFinal)}`);
  const jvp = model.jvp?.bind(model);
  if (denoiseFinal === 'posterior' && !jvp)
    throw argumentError('denoiseFinal', '"posterior" needs a score model with `jvp` (its Jacobian); this one has none');
  let x: Float64Array;
  if (options.start) {
    if (options.start.rows !== count || options.start.cols !== d)
      throw argumentError(
        'start',
        `must be count × d = ${count} × ${d}, got ${options.start.rows} × ${options.start.cols}`,
      );
    x = options.start.data.slice();
  } else {
    x = rng.fillNormal(new Float64Array(count * d));
  }
  const z = new Float64Array(count * d);
  let nfe = 0;
  const score = (t: number, v: Float64Array): Float64Array => {
    // A state gone non-finite never reaches the model (its own input check would name its \`x\`, not the
    // samples): rk45 gets a derivative that is NaN at those entries, so it shrinks the step as for any failed
    // stage (and a state that stays non-finite keeps its NaN where it arose); the fixed-step samplers stop
    // here, naming the sample and the time.
    const k = v.findIndex((e) => !Number.isFinite(e));
    if (k >= 0) {
      if (sampler === 'rk45') return v.map((e) => (Number.isFinite(e) ? 0 : NaN));
      checkFiniteResult('samples', v, `${SAMPLES_CAUSE}; it left float64 range above t = ${t}`, d);
    }
    nfe++;
    return model.score(t, { rows: count, cols: d, data: v }).data;
  };
  const correct = (t: number, times = corrector) => {
    for (let c = 0; c < times; c++) {
      const s = score(t, x);
      rng.fillNormal(z);
      let sn = 0;
      let zn = 0;
      for (let i = 0; i < x.length; i++) {
        sn += (s[i] as number) ** 2;
        zn += (z[i] as number) ** 2;
      }
      if (!(sn > 0)) continue;
      const eps = 2 * ((snr * Math.sqrt(zn)) / Math.sqrt(sn)) ** 2;
      const noise = Math.sqrt(2 * eps);
      for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + eps * (s[i] as number) + noise * (z[i] as number);
    }
  };

  /** The final step at T₀: Tweedie's mean, or a draw from the posterior's Gaussian approximation. */
  const finish = (): void => {
    if (denoiseFinal === 'posterior') {
      checkFiniteResult('samples', x, SAMPLES_CAUSE, d);
      nfe += 1 + d; // the score and its d directional derivatives
      posteriorDraw(jvp as NonNullable<ScoreModel['jvp']>, schedule, t0, x, d, rng);
    } else if (denoiseFinal) denoise(schedule, t0, x, score(t0, x));
  };

  if (sampler === 'rk45') {
    const r = dopri5(
      x,
      T,
      t0,
      (t, v) => drift(schedule, t, v, score(t, v)),
      rtol,
      atol,
      (t, v, k) => {
        options.onProgress?.({ t, step: k, total: Math.max(k, 1) });
        if (!corrector) return false;
        x = v;
        correct(t);
        return true;
      },
    );
    x = r.x;
    correct(t0, finalCorrector);
    finish();
    checkFiniteResult('samples', x, SAMPLES_CAUSE, d);
    return {
      samples: { rows: count, cols: d, data: x },
      scoreEvaluations: nfe,
      steps: r.accepted,
      rejected: r.rejected,
    };
  }

  const h = (T - t0) / steps;
  for (let k = 0; k < steps; k++) {
    const t = T - k * h;
    const tn = k === steps - 1 ? t0 : T - (k + 1) * h;
    const hk = t - tn;
    if (sampler === 'sde') {
      const s = score(t, x);
      const g = schedule.g(t);
      rng.fillNormal(z);
      const noise = Math.sqrt(g * hk);
      for (let i = 0; i < x.length; i++) {
        const xi = x[i] as number;
        x[i] = xi + hk * (0.5 * g * xi + g * (s[i] as number)) + noise * (z[i] as number);
      }
    } else {
      // Heun: predictor with f(t, x), corrector with the average of f(t, x) and f(t − h, x̃); f = dx/dt.
      const f1 = drift(schedule, t, x, score(t, x));
      const xp = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) xp[i] = (x[i] as number) - hk * (f1[i] as number);
      const f2 = drift(schedule, tn, xp, score(tn, xp));
      for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.5 * hk * ((f1[i] as number) + (f2[i] as number));
    }
    if (corrector) correct(tn);
    options.onProgress?.({ t: tn, step: k + 1, total: steps });
  }
  correct(t0, finalCorrector);
  finish();
  checkFiniteResult('samples', x, SAMPLES_CAUSE, d);
  return { samples: { rows: count, cols: d, data: x }, scoreEvaluations: nfe, steps, rejected: 0 };
}

const SAMPLES_CAUSE =
  'the sampler diverged: the score model returned non-finite values, or the steps are too large for it (more steps, or rk45)';

/** In place: $x \leftarrow (x + \sigma_t^2 s)/\alpha_t$ (Tweedie). */
function denoise(schedule: Schedule, t: number, x: Float64Array, s: Float64Array): void {
  const a = schedule.alpha(t);
  const s2 = schedule.sigma2(t);
  for (let i = 0; i < x.length; i++) x[i] = ((x[i] as number) + s2 * (s[i] as number)) / a;
}

/** $dx/dt$ of the probability-flow ODE: $-\frac12 g(t) (x + s)$. */
function drift(schedule: Schedule, t: number, x: Float64Array, s: Float64Array): Float64Array {
  const g = schedule.g(t);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = -0.5 * g * ((x[i] as number) + (s[i] as number));
  return out;
}
