/**
 * The default end times of the diffusion toolkit, in one place, each with one role (README "Where this package
 * departs from Section 6.1"). Section 6 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" trains
 * on $t \sim \mathrm{Unif}(0, T)$ (Eq. 5) or on $[T_0, T]$ (Eq. 6, with $T_0$ left free) and does not sample; score_sde (Song et al.
 * 2021), whose VP-SDE it uses, stops sampling at $\varepsilon = 10^{-3}$ and starts its likelihood ODE at $\varepsilon = 10^{-5}$. A learned
 * score is defined only where it was trained, so a model always samples to, and is evaluated from, its own $T_0$
 * (the model file's `t0`); the sampling and likelihood defaults below apply where no training $T_0$ exists (an exact
 * score, or a bare score function given to `sample`).
 */

/**
 * $T_0$ of training, Eq. (6)'s lower limit: 0.01, the smallest time in the denoising data (`makeDenoisingData`,
 * `trainScoreModel`, the CLI's `diffusion train --t0`). The paper's Eq. (5) integrates from 0; the
 * x(0)-parameterised score amplifies the denoiser's error by $\alpha_t/\sigma_t^2 \approx 1/(g(0) \cdot t)$ near t = 0, so $T_0 > 0$ is
 * needed, and 0.01 is where the measured sample quality of the defaults peaks (README "Defaults and the
 * trade-off": 1e-3 amplifies errors tenfold more, 0.05 blurs the modes). A trained model samples to this $T_0$.
 */
export const DEFAULT_T0 = 0.01;

/**
 * The end time of sampling and of the time-integrated metrics when no training $T_0$ applies: 1e-3, score_sde's
 * sampling $\varepsilon$. The default `t0` of `sample`, `createScheduler`, `scoreError` and `couplingGap` (which take bare
 * score functions; the CLI passes a model's own $T_0$) and of the CLI's `--exact-score --t0`.
 */
export const DEFAULT_SAMPLING_T0 = 1e-3;

/**
 * The start time $\varepsilon$ of the probability-flow ODE of `likelihood`: 1e-5, score_sde's (the density computed is
 * $p_\varepsilon \approx p_0$). Used with an exact score; the CLI's `--model` likelihood starts at the model's $T_0$ instead.
 */
export const DEFAULT_LIKELIHOOD_EPS = 1e-5;
