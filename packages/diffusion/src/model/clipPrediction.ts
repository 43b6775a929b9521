/**
 * Clipping the x(0) prediction of a score model to the ball that holds $p_0$ (Assumption 6.1 of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024): the scaled data have $\lVert y \rVert \le 1$), the analogue of
 * diffusers' `clip_sample`, and the mean of several score models (an ensemble over seeds).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { argumentError, checkPositive, fail } from '../internal/validate';
import type { Schedule } from '../sde/schedule';
import type { ScoreModel } from './scoreModel';

/**
 * The default radius of {@link clipPrediction} in `createScoreModel`: 1, the ball into which `fitNormalization`
 * maps $p_0$ (exactly for data targets; for mixtures every mean plus $\sqrt d + 3$ standard deviations).
 */
export const DEFAULT_CLIP_RADIUS = 1;

/** Options of {@link clipPrediction}. */
export interface ClipPredictionOptions {
  /** The score model whose x(0) prediction is clipped. */
  model: ScoreModel;
  /** The schedule the model's score belongs to ($\alpha_t, \sigma_t^2$ of Tweedie's formula). */
  schedule: Schedule;
  /** The radius $\rho$ of the ball (scaled units; default {@link DEFAULT_CLIP_RADIUS}). */
  radius?: number;
}

/**
 * A score model whose $x(0)$ prediction $\hat x_0 = (x + \sigma_t^2 s(t, x))/\alpha_t$ (Tweedie) is projected onto the
 * ball $\lVert \hat x_0 \rVert \le \rho$ before it is turned back into a score
 * $s = (\alpha_t P(\hat x_0) - x)/\sigma_t^2$.
 *
 * Why: $\mathbb{E}[x(0) \mid x(t)]$ lies in the convex hull of $p_0$'s support, inside the ball when $p_0$ is (Assumption 6.1), and
 * projecting onto a convex set that holds the true value never moves an estimate away from it
 * ($\lVert P(F) - E \rVert \le \lVert F - E \rVert$), so the weighted score error of Theorem 6.5 can only shrink. What it removes: a learned F that
 * extrapolates far outside the data (a softmax network's NTK predictor $J(x) \cdot U$ grows linearly in $\lVert x \rVert$ between
 * neurons' regions) sends a sample far away in one step at small t, where the x(0) score multiplies F by
 * $\alpha_t/\sigma_t^2$ (README "Sample quality on every named target"). A prediction inside the ball is unchanged.
 * The Jacobian-vector products (for `likelihood`) are those of the projection, in closed form.
 *
 * @param options - The score model, its schedule and the ball's radius $\rho$ (default {@link DEFAULT_CLIP_RADIUS}).
 * @see diffusers' `clip_sample` (DDPMScheduler), which clips $\hat x_0$ coordinate-wise to [−1, 1].
 *
 * @see Assumption 6.1
 *
 * @example
 * ```ts
 * import { clipPrediction, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // A model whose x(0) prediction is 5 (outside the unit ball): clipped to 1 before Tweedie's s = (α_t x̂₀ − x)/σ_t²
 * const schedule = makeSchedule({ spec: 'linear' });
 * const a = schedule.alpha(0.5), s2 = schedule.sigma2(0.5);
 * const wild = { dim: 1, score: (t, x) => ({ ...x, data: x.data.map((v) => (a * 5 - v) / s2) }) };
 * const clipped = clipPrediction({ model: wild, schedule });
 * const x = { rows: 1, cols: 1, data: new Float64Array([0.2]) };
 * console.log(clipped.score(0.5, x).data[0].toFixed(6), ((a * 1 - 0.2) / s2).toFixed(6)); // 0.088153 0.088153
 * ```
 */
export function clipPrediction(options: ClipPredictionOptions): ScoreModel {
  const { model, schedule } = options;
  const radius = checkPositive('radius', options.radius ?? DEFAULT_CLIP_RADIUS);
  const d = model.dim;
  /** In place on s (and on each jvp row): the clipped score and its derivative along the given directions. */
  const apply = (t: number, x: Matrix, s: Float64Array, dirs: Matrix[] = [], js: Float64Array[] = []): void => {
    const a = schedule.alpha(t);
    const s2 = schedule.sigma2(t);
    const z = new Float64Array(d);
    for (let i = 0; i < x.rows; i++) {
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const zj = ((x.data[i * d + j] as number) + s2 * (s[i * d + j] as number)) / a;
        z[j] = zj;
        r2 += zj * zj;
      }
      const r = Math.sqrt(r2);
      if (!(r > radius)) continue;
      const c = radius / r;
      for (let j = 0; j < d; j++) s[i * d + j] = (a * c * (z[j] as number) - (x.data[i * d + j] as number)) / s2;
      for (let k = 0; k < js.length; k++) {
        const v = (dirs[k] as Matrix).data;
        const J = js[k] as Float64Array;
        // ∂x̂₀·v = (v + σ²∂s·v)/α; ∂P·w = (ρ/r)(w − ẑ⟨ẑ, w⟩); ∂s·v = (α ∂P·(∂x̂₀·v) − v)/σ².
        let dot = 0;
        const w = new Float64Array(d);
        for (let j = 0; j < d; j++) {
          w[j] = ((v[i * d + j] as number) + s2 * (J[i * d + j] as number)) / a;
          dot += ((z[j] as number) / r) * (w[j] as number);
        }
        for (let j = 0; j < d; j++) {
          const pw = c * ((w[j] as number) - ((z[j] as number) / r) * dot);
          J[i * d + j] = (a * pw - (v[i * d + j] as number)) / s2;
        }
      }
    }
  };
  const clipped: ScoreModel = {
    dim: d,
    score(t, x) {
      const s = model.score(t, x);
      const out = Float64Array.from(s.data);
      apply(t, x, out);
      return { rows: s.rows, cols: s.cols, data: out };
    },
  };
  const jvp = model.jvp?.bind(model);
  if (jvp)
    clipped.jvp = (t, x, directions) => {
      const r = jvp(t, x, directions);
      const out = Float64Array.from(r.score.data);
      const js = r.jvp.map((J) => Float64Array.from(J.data));
      apply(t, x, out, directions, js);
      return {
        score: { rows: x.rows, cols: d, data: out },
        jvp: js.map((data) => ({ rows: x.rows, cols: d, data })),
      };
    };
  return clipped;
}

/**
 * The mean score $\frac1k \sum_j s_j(t, x)$ of $k$ score models of the same dimension — an ensemble over seeds: each
 * model trained with its own denoising pairs and W(0) (`trainScoreModel({ …, seed: j })`), so their errors partly
 * average out. With every member's `jvp` the ensemble has one too (the mean of theirs), so `likelihood` takes it.
 * Clip the members (the default of `createScoreModel`): one member's far extrapolation otherwise moves the mean.
 *
 * @param models - The $k \ge 1$ score models, all of one dimension.
 *
 * @example
 * ```ts
 * import { ensembleScore } from '@softmax-ntk/diffusion';
 *
 * // The mean of k scores: here of s₁(t, x) = −x and s₂(t, x) = 1 − x
 * const shifted = (c) => ({ dim: 1, score: (t, x) => ({ ...x, data: x.data.map((v) => c - v) }) });
 * const ens = ensembleScore([shifted(0), shifted(1)]);
 * console.log(ens.dim, ens.score(0.5, { rows: 1, cols: 1, data: new Float64Array([2]) }).data[0]); // 1 -1.5
 * ```
 */
export function ensembleScore(models: readonly ScoreModel[]): ScoreModel {
  const list: unknown = models;
  if (!Array.isArray(list) || list.length === 0)
    throw argumentError('models', 'must be a non-empty array of score models');
  const d = (models[0] as ScoreModel).dim;
  models.forEach((m, k) => {
    if (m.dim !== d) fail(`\`models[${k}].dim\` must be ${d} like models[0], got ${m.dim}`);
  });
  const k = models.length;
  const mean = (parts: Float64Array[], length: number): Float64Array => {
    const out = new Float64Array(length);
    for (const p of parts) for (let i = 0; i < length; i++) out[i] = (out[i] as number) + (p[i] as number) / k;
    return out;
  };
  const ens: ScoreModel = {
    dim: d,
    score(t, x) {
      return {
        rows: x.rows,
        cols: d,
        data: mean(
          models.map((m) => m.score(t, x).data),
          x.data.length,
        ),
      };
    },
  };
  if (models.every((m) => typeof m.jvp === 'function'))
    ens.jvp = (t, x, directions) => {
      const rs = models.map((m) => (m.jvp as NonNullable<ScoreModel['jvp']>)(t, x, directions));
      return {
        score: {
          rows: x.rows,
          cols: d,
          data: mean(
            rs.map((r) => r.score.data),
            x.data.length,
          ),
        },
        jvp: directions.map((_, q) => ({
          rows: x.rows,
          cols: d,
          data: mean(
            rs.map((r) => (r.jvp[q] as Matrix).data),
            x.data.length,
          ),
        })),
      };
    };
  return ens;
}
