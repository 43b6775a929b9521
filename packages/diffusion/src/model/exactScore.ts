/**
 * The exact score $\nabla\log p_t$ of a Gaussian-mixture target (the reference for
 * the samplers and for the score error of Theorem 6.5, Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax", 2024).
 */
import { mixtureMarginal } from '../target/mixture';
import { mixtureScoreJvp } from '../internal/mixtureScoreJvp';
import type { GaussianMixture } from '../target/target';
import type { Schedule } from '../sde/schedule';
import type { ScoreModel } from './scoreModel';

/** Options of {@link exactScore}. */
export interface ExactScoreOptions {
  /** The mixture in the units the sampler works in (scaled: `affineMixture(target.mixture, shift, scale)`). */
  mixture: GaussianMixture;
  /** The VP-SDE schedule $(\alpha_t, \sigma_t^2)$ of the marginals $p_t$. */
  schedule: Schedule;
}

/**
 * The exact score $\nabla \log p_t(x)$ of a Gaussian-mixture target under the VP SDE, as a score model: the reference
 * for the samplers and for the score error of Theorem 6.5.
 *
 * @param options - The mixture and the schedule.
 *
 * @see target-file spec: component k of $p_t$ is $\mathcal{N}(\alpha_t \mu_k, \alpha_t^2 \Sigma_k + \sigma_t^2 I)$.
 *
 * @see Theorem 6.5 / Theorem G.2
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { exactScore, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // p₀ = N(μ, s²I): p_t = N(α_t μ, (α_t² s² + σ_t²) I),
 * // so ∇log p_t(x) = −(x − α_t μ)/(α_t² s² + σ_t²)
 * const schedule = makeSchedule({ spec: 'linear' });
 * const mixture = {
 *   weights: new Float64Array([1]),
 *   means: matrix(1, 2, new Float64Array([1, 0])),
 *   std: matrix(1, 2, new Float64Array([0.5, 0.5])),
 * };
 * const s = exactScore({ mixture, schedule }).score(0.3, matrix(1, 2, new Float64Array([0, 1])));
 * const at = schedule.alpha(0.3);
 * const v = at * at * 0.25 + schedule.sigma2(0.3);
 * console.log(s.data[0].toFixed(8), (at / v).toFixed(8), s.data[1].toFixed(8), (-1 / v).toFixed(8));
 * // → 0.89583766 0.89583766 -1.42298095 -1.42298095
 * ```
 */
export function exactScore(options: ExactScoreOptions): ScoreModel {
  const { mixture, schedule } = options;
  return {
    dim: mixture.means.cols,
    score: (t, x) => mixtureMarginal(mixture, schedule.alpha(t), schedule.sigma2(t), x).score,
    jvp: (t, x, directions) => mixtureScoreJvp(mixture, schedule.alpha(t), schedule.sigma2(t), x, directions),
  };
}
