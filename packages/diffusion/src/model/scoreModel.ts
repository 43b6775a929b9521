/**
 * Score models: one interface $s(t, x) \approx \nabla\log p_t(x)$ for the samplers and
 * metrics, and the denoiser-to-score map of Section 6.1 of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { networkInput, PAPER_INPUT, type InputFeatures } from '../data/networkInput';
import type { Parameterization } from '../data/denoisingData';
import type { Schedule } from '../sde/schedule';

/**
 * A score function $s(t, x) \approx \nabla\log p_t(x)$ in scaled units, the form the samplers take ({@link createScoreModel},
 * {@link exactScore}).
 */
export interface ScoreModel {
  /** d. */
  readonly dim: number;
  /**
   * $s(t, x)$ for every row of $x$ ($n \times d$, scaled units) at one time t; $n \times d$.
   *
   * @param t - The time t.
   * @param x - The points, $n \times d$ (scaled units).
   */
  score(t: number, x: Matrix): Matrix;
  /**
   * The score and its input Jacobian along directions: for each direction $V_k$ ($n \times d$, row i a direction at $x_i$)
   * the rows $\partial s(t, x_i)/\partial x \cdot v_{k,i}$, in closed form (no finite differences), float64. Present for the exact
   * score of a mixture and for model files; the likelihood's divergence needs it.
   *
   * @param t - The time t.
   * @param x - The points, $n \times d$ (scaled units).
   * @param directions - The directions $V_k$, each $n \times d$.
   */
  jvp?(t: number, x: Matrix, directions: Matrix[]): { score: Matrix; jvp: Matrix[] };
}

/** Options of {@link denoiserScore}. */
export interface DenoiserScoreOptions {
  /** d, the data dimension. */
  dim: number;
  /** The trained map from network inputs ($n \times (d+1)$) to outputs ($n \times d$). */
  predict: (input: Matrix) => Matrix;
  /** The VP-SDE schedule $(\alpha_t, \sigma_t^2)$ that turns the prediction into a score. */
  schedule: Schedule;
  /** T used in the input normalisation (t/T, x)/R. */
  T: number;
  /** R. */
  inputScale: number;
  /** $c_t$ and $c_\text{in}$ of the input (default: the paper's (t/T, x)). */
  features?: InputFeatures;
  /** `"x0"`: $F \approx \mathbb{E}[x(0) \mid x(t)]$; `"eps"`: $F \approx \mathbb{E}[\varepsilon \mid x(t)]$; `"residual"`: $F \approx \mathbb{E}[x(0) \mid x(t)] - c_\text{skip}(t)x(t)$. */
  parameterization: Parameterization;
  /** `"residual"`: v in $c_\text{skip}$. */
  skipSecondMoment?: number;
  /**
   * F and its Jacobian-vector products w.r.t. the network input along input directions ($n \times (d+1)$ each), in
   * float64; when given the score model gets `jvp`.
   */
  predictJvp?: (input: Matrix, directions: Matrix[]) => { F: Matrix; jvp: Matrix[] };
}

/**
 * The score of a denoiser F(t, x):
 * - x0 (the paper's): $\nabla \log p_t(x) = (\alpha_t \mathbb{E}[x(0) \mid x(t) = x] - x)/\sigma_t^2$ (Tweedie), so
 *   $s = (\alpha_t F - x)/\sigma_t^2$; an error in $F$ is amplified by $\alpha_t/\sigma_t^2$ as $t \to T_0$;
 * - eps (beyond the paper): $\nabla \log p_t(x) = -\mathbb{E}[\varepsilon \mid x(t) = x]/\sigma_t$, so
 *   $s = -F/\sigma_t$ (amplified by $1/\sigma_t$);
 * - residual (beyond the paper): $s = (\alpha_t (c_\text{skip}(t) x + F) - x)/\sigma_t^2$ — $F = 0$ is the score of a
 *   Gaussian with $p_0$'s second moment, so an under-fitted F falls back to that Gaussian instead of pulling every x to 0.
 *
 * @param options - The predictor, the schedule, the input normalisation and the parameterisation.
 *
 * @see Section 6.1 (Assumptions 6.1–6.2)
 *
 * @example
 * ```ts
 * import { denoiserScore, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // Tweedie: a denoiser F ≈ E[x(0) | x(t)] gives the score s = (α_t F − x)/σ_t²; here F ≡ 0 (p₀'s mean is 0)
 * const schedule = makeSchedule({ spec: 'linear' });
 * const predict = (input) => ({ rows: input.rows, cols: 1, data: new Float64Array(input.rows) });
 * const model = denoiserScore({ dim: 1, predict, schedule, T: 1, inputScale: 1, parameterization: 'x0' });
 * const s = model.score(0.5, { rows: 1, cols: 1, data: new Float64Array([0.3]) });
 * console.log(s.data[0].toFixed(6), (-0.3 / schedule.sigma2(0.5)).toFixed(6)); // -0.325755 -0.325755
 * ```
 */
export function denoiserScore(options: DenoiserScoreOptions): ScoreModel {
  const { predict, schedule, T, inputScale, parameterization, dim } = options;
  const features = options.features ?? PAPER_INPUT;
  const skipSecondMoment = options.skipSecondMoment ?? 0;
  if (parameterization === 'residual' && !(skipSecondMoment > 0))
    throw new Error('denoiserScore: the residual parameterisation needs skipSecondMoment > 0');
  /** $s = \mathrm{cF} \cdot F + \mathrm{cx} \cdot x$, so $\partial s/\partial x \cdot v = \mathrm{cF} \cdot (\partial F/\partial x) v + \mathrm{cx} \cdot v$. */
  const coefficients = (t: number): { cF: number; cx: number } => {
    const s2 = schedule.sigma2(t);
    const a = schedule.alpha(t);
    if (parameterization === 'residual')
      // α c_skip − 1 = −σ²/(α²v + σ²), written without the cancellation: s = αF/σ² − x/(α²v + σ²)
      return { cF: a / s2, cx: -1 / (a * a * skipSecondMoment + s2) };
    if (parameterization === 'x0') return { cF: a / s2, cx: -1 / s2 };
    return { cF: -1 / Math.sqrt(s2), cx: 0 };
  };
  const combine = (F: Float64Array, x: Float64Array, cF: number, cx: number): Float64Array => {
    const out = new Float64Array(x.length);
    for (let i = 0; i < out.length; i++) out[i] = cF * (F[i] as number) + cx * (x[i] as number);
    return out;
  };
  const model: ScoreModel = {
    dim,
    score(t, x) {
      const F = predict(networkInput(t, x, T, inputScale, features, schedule));
      const { cF, cx } = coefficients(t);
      return { rows: x.rows, cols: x.cols, data: combine(F.data, x.data, cF, cx) };
    },
  };
  const predictJvp = options.predictJvp;
  if (predictJvp) {
    model.jvp = (t, x, directions) => {
      const input = networkInput(t, x, T, inputScale, features, schedule);
      // ∂input/∂x = (c_in(t)/R)·I on the x coordinates; the time coordinate and the constant one do not move.
      const dInputs = directions.map((v) => {
        const di = networkInput(t, v, T, inputScale, features, schedule);
        const dc = di.cols;
        for (let i = 0; i < di.rows; i++) {
          di.data[i * dc] = 0;
          if (dc > v.cols + 1) di.data[i * dc + v.cols + 1] = 0;
        }
        return di;
      });
      const r = predictJvp(input, dInputs);
      const { cF, cx } = coefficients(t);
      return {
        score: { rows: x.rows, cols: x.cols, data: combine(r.F.data, x.data, cF, cx) },
        jvp: r.jvp.map((J, k) => ({
          rows: x.rows,
          cols: x.cols,
          data: combine(J.data, (directions[k] as Matrix).data, cF, cx),
        })),
      };
    };
  }
  return model;
}
