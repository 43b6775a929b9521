/**
 * The weighted score error of Theorem 6.5 (its left side) of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024), by Monte Carlo.
 */
import type { ScoreModel } from '../model/scoreModel';
import { scoreWeight } from '../data/denoisingData';
import { forEachStratifiedTime, type StratifiedTimesOptions } from '../internal/stratifiedTimes';
import { checkFiniteResult } from './nonFiniteResult';

/** Options of {@link scoreError}. */
export interface ScoreErrorOptions extends StratifiedTimesOptions {
  /** The score model to measure. */
  model: ScoreModel;
  /** The reference score (e.g. {@link exactScore} of the target mixture). */
  exact: ScoreModel;
}

/**
 * What {@link scoreError} returns: the weighted score error of Theorem 6.5 with the toolkit's one $\lambda(t)$
 * ({@link scoreWeight}), and the plain mean squared score error beside it.
 */
export interface ScoreError {
  /** Unweighted: $\frac{1}{T - T_0} \int \mathbb{E} \lVert s - \nabla\log p_t \rVert^2 \, dt$ (no $\lambda$; large near $T_0$ where $\nabla\log p_t$ is steep). */
  uniform: number;
  /** $\lambda(t) = \sigma_t^4/\alpha_t^2$ ({@link scoreWeight}): for an $x(0)$ denoiser F, $\mathbb{E}\lVert F - \mathbb{E}[x(0) \mid x(t)] \rVert^2$ averaged over t. */
  weighted: number;
  /** Per time: t, $\mathbb{E}\lVert s - \nabla\log p_t \rVert^2$. */
  byTime: { t: number; error: number }[];
}

/**
 * $\frac{1}{T - T_0} \int_{T_0}^{T} \lambda(t) \, \mathbb{E} \lVert s(t, x(t)) - \nabla \log p_t(x(t)) \rVert^2 \, dt$
 * with $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$,
 * t stratified (one uniform draw in each of `times` equal strata), `perTime` draws per t.
 *
 * @param options - The model, the exact score, the data and the stratified times.
 *
 * @see Theorem 6.5 (left side) and Eq. (5); the range starts at $T_0$ where the model was trained.
 *
 * @example
 * ```ts
 * import { exactScore, makeSchedule, parseTarget, scoreError } from '@softmax-ntk/diffusion';
 *
 * // Theorem 6.5's weighted score error: 0 for the exact score, positive for the score of N(0, I) (s = −x)
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const schedule = makeSchedule({ spec: 'linear' });
 * const exact = exactScore({ mixture: target.mixture, schedule });
 * const gauss = { dim: 2, score: (t, x) => ({ ...x, data: x.data.map((v) => -v) }) };
 * const opts = { exact, schedule, sampleData: (n, rng) => target.sample(n, rng), times: 16, perTime: 64, seed: 1 };
 * const error = (model) => scoreError({ model, ...opts }).weighted;
 * console.log(error(exact), error(gauss).toFixed(3)); // 0 0.138
 * ```
 */
export function scoreError(options: ScoreErrorOptions): ScoreError {
  let u = 0;
  let w = 0;
  const byTime: { t: number; error: number }[] = [];
  forEachStratifiedTime(options, (t, X, _sigma2, K) => {
    const sm = options.model.score(t, X).data;
    const se = options.exact.score(t, X).data;
    let e = 0;
    for (let i = 0; i < sm.length; i++) e += ((sm[i] as number) - (se[i] as number)) ** 2;
    e /= X.rows;
    byTime.push({ t, error: e });
    u += e / K;
    w += (scoreWeight(options.schedule, t) * e) / K;
  });
  const cause = 'the model or the exact score returned non-finite values, or their squared difference overflows';
  checkFiniteResult('uniform', u, cause);
  checkFiniteResult('weighted', w, cause);
  return { uniform: u, weighted: w, byTime };
}
