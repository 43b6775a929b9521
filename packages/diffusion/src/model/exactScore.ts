/**
 * The exact score ∇log p_t of a Gaussian-mixture target (the reference for
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
  schedule: Schedule;
}

/**
 * The exact score ∇log p_t(x) of a Gaussian-mixture target under the VP SDE, as a score model: the reference for
 * the samplers and for the score error of Theorem 6.5.
 *
 * @see target-file spec: component k of p_t is N(α_t μ_k, α_t² Σ_k + σ_t² I).
 */
export function exactScore(options: ExactScoreOptions): ScoreModel {
  const { mixture, schedule } = options;
  return {
    dim: mixture.means.cols,
    score: (t, x) => mixtureMarginal(mixture, schedule.alpha(t), schedule.sigma2(t), x).score,
    jvp: (t, x, directions) => mixtureScoreJvp(mixture, schedule.alpha(t), schedule.sigma2(t), x, directions),
  };
}
