/**
 * Exact likelihoods of a score model through the probability-flow ODE of [SSDK+21] (Song et al. 2021, Section
 * 4.3 and Appendix D.2), for the VP SDE of Eq. 3 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024) with a score model of Section 6.1 in place of $\nabla\log p_t$. The same defaults as score_sde's
 * `likelihood.py`: RK45 with rtol = atol = 1e-5 from $\varepsilon = 10^{-5}$ to T, prior $\mathcal{N}(0, I)$ at T.
 */
import { Rng, argumentError, checkFiniteMatrix, checkOneOf, type Matrix } from '@softmax-ntk/linalg';
import { dopri5 } from '../internal/dopri5';
import { checkFiniteResult } from '../metrics/nonFiniteResult';
import { checkMatrix, checkNonNeg, checkPositive, checkPositiveInt, checkTimes, show } from '../internal/validate';
import type { ScoreModel } from '../model/scoreModel';
import { DEFAULT_LIKELIHOOD_EPS } from '../sde/defaultTimes';
import type { Schedule } from '../sde/schedule';
import { toScaled, type Normalization } from '../target/normalization';

/**
 * How {@link likelihood} computes the divergence of the probability-flow drift: `"exact"` (d Jacobian-vector
 * products) or `"hutchinson"` (a random-probe estimate).
 */
export type LikelihoodMethod = 'exact' | 'hutchinson';
/** Every {@link LikelihoodMethod}, in the order the CLI lists them. */
export const LIKELIHOOD_METHODS: readonly LikelihoodMethod[] = ['exact', 'hutchinson'];
/** The random probes of Hutchinson's trace estimator: Rademacher (±1) or standard Gaussian entries. */
export type ProbeKind = 'rademacher' | 'gaussian';
/** Every {@link ProbeKind}, in the order the CLI lists them. */
export const PROBE_KINDS: readonly ProbeKind[] = ['rademacher', 'gaussian'];

/**
 * Options of {@link likelihood}: the score model, the schedule, the points, and the trace method of the
 * probability-flow ODE.
 */
export interface LikelihoodOptions {
  /** A score model with `jvp` (the exact score of a mixture, or `createScoreModel` of a model file). */
  score: ScoreModel;
  /** The VP-SDE schedule of the model. */
  schedule: Schedule;
  /** Points $x$ ($n \times d$): in the model's (scaled) units, or in data units when `normalization` is given. */
  data: Matrix;
  /** $y = (x - \mathrm{shift})/\mathrm{scale}$: `data` is then in data units and the NLL includes $d \cdot \log(\mathrm{scale})$. */
  normalization?: Normalization;
  /** `"exact"`: the divergence as the trace of d Jacobian-vector products; `"hutchinson"`: $\mathbb{E}[v^\top Jv]$ over probes. Default exact when $d \le 16$. */
  method?: LikelihoodMethod;
  /** Hutchinson probes per point, fixed along the trajectory (default 4; $\ge 2$ gives a standard error). */
  probes?: number;
  /** Default `"rademacher"`. */
  probeKind?: ProbeKind;
  /** RK45 tolerances (default 1e-5 each, as score_sde). */
  rtol?: number;
  /** RK45 absolute tolerance (default 1e-5). */
  atol?: number;
  /** Start time $\varepsilon$ of the ODE (default {@link DEFAULT_LIKELIHOOD_EPS} = 1e-5, as score_sde): the density computed is $p_\varepsilon \approx p_0$. */
  eps?: number;
  /** End time (default schedule.T), where the prior is N(0, I). */
  T?: number;
  /** Probes' generator (default seed 0). */
  seed?: number | string;
  /** A generator for the probes (advanced by the call), instead of `seed`. */
  rng?: Rng;
}

/** What {@link likelihood} returns: the mean negative log-likelihood in nats, in bits per dimension, and per point. */
export interface LikelihoodResult {
  /** Mean negative log-likelihood, nats per sample. */
  nll: number;
  /** nll / $(d \cdot \ln 2)$. */
  bitsPerDim: number;
  /** $-\log p(x_i)$ per point, nats. */
  perSample: Float64Array;
  /** How the divergence was computed: `exact` or `hutchinson`. */
  method: LikelihoodMethod;
  /** Hutchinson: the standard error of `nll` from the probes ($\sqrt{\sum_i}$ Var_k/K)/n); exact: 0; one probe: null. */
  stdError: number | null;
  /** Hutchinson: per-point standard errors (null otherwise or with one probe). */
  perSampleStdError: Float64Array | null;
  /** $\log \mathcal{N}(x_T; 0, I)$ per point (nats): the prior term. */
  priorLogp: Float64Array;
  /** Accepted / rejected RK45 steps, and batched score + Jacobian evaluations. */
  steps: number;
  /** Rejected RK45 steps. */
  rejected: number;
  /** Batched evaluations of the score and its Jacobian-vector products. */
  evaluations: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * $-\log p_0(x)$ by the instantaneous change of variables along the probability-flow ODE (forward time):
 *
 * $$
 * \frac{dx}{dt} = \tilde f(t, x) = -\tfrac12 g(t)\,(x + s(t, x)), \qquad
 * \nabla \cdot \tilde f = -\tfrac12 g(t)\,(d + \nabla \cdot s(t, x)),
 * $$
 *
 * $$
 * \frac{d}{dt} \log p_t(x_t) = -\nabla \cdot \tilde f(t, x_t), \quad \text{so} \quad
 * \log p_\epsilon(x) = \log \mathcal{N}(x_T; 0, I) + \int_\epsilon^T \nabla \cdot \tilde f(t, x_t)\, dt,
 * $$
 *
 * with $x_\epsilon = x$. The integral $\Delta$ is integrated beside $x$ as one RK45 system (error control on both, as
 * scipy's solve_ivp in score_sde). $\nabla \cdot s = \operatorname{tr}(\partial s/\partial x) = \sum_j e_j^\top (\partial s/\partial x) e_j$
 * (exact) or $\frac1K \sum_k v_k^\top (\partial s/\partial x) v_k$ (Hutchinson, $E[v v^\top] = I$, one $\Delta$ per probe so
 * the probes' spread gives the standard error).
 *
 * A non-finite NLL throws `NonFiniteResultError` (field `perSample` with the point's row, or `nll`).
 *
 * @param options - The score model with `jvp`, the schedule, the points, their normalisation, the divergence method
 *   and the ODE's tolerances and times.
 *
 * @see [SSDK+21] Eq. 39–40; Eq. 3–4 of the paper for the VP SDE.
 *
 * @example
 * ```ts
 * import { matrix } from '@softmax-ntk/linalg';
 * import { exactScore, likelihood, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // The probability-flow ODE's negative log-likelihood of p₀ = N(0, 0.5²I) at two points, beside the closed form
 * // −log p₀(x) = ‖x‖²/(2·0.25) + log(2π·0.25)
 * const schedule = makeSchedule({ spec: 'linear' });
 * const mixture = {
 *   weights: new Float64Array([1]),
 *   means: matrix(1, 2, new Float64Array([0, 0])),
 *   std: matrix(1, 2, new Float64Array([0.5, 0.5])),
 * };
 * const data = matrix(2, 2, new Float64Array([0.3, -0.2, 0.5, 0.5]));
 * const r = likelihood({ score: exactScore({ mixture, schedule }), schedule, data });
 * const exact = [0.13, 0.5].map((r2) => r2 / 0.5 + Math.log(2 * Math.PI * 0.25));
 * console.log(Array.from(r.perSample, (v) => v.toFixed(3)).join(' '), exact.map((v) => v.toFixed(3)).join(' '));
 * // → 0.712 1.452 0.712 1.452
 * ```
 */
export function likelihood(options: LikelihoodOptions): LikelihoodResult {
  const { score, schedule } = options;
  if (!score || typeof score.jvp !== 'function')
    throw argumentError(
      'score',
      `expected a score model with Jacobian-vector products (\`jvp\`: exactScore or createScoreModel), got ${show(score)}`,
    );
  const d = score.dim;
  const raw = checkMatrix('data', options.data, d);
  if (raw.rows === 0) throw argumentError('data', 'expected at least one row, got none');
  checkFiniteMatrix('data', raw);
  const method = checkOneOf('method', options.method, LIKELIHOOD_METHODS, d <= 16 ? 'exact' : 'hutchinson');
  const K = method === 'exact' ? d : checkPositiveInt('probes', options.probes ?? 4);
  const probeKind = checkOneOf('probeKind', options.probeKind, PROBE_KINDS, 'rademacher');
  const rtol = checkPositive('rtol', options.rtol ?? 1e-5);
  const atol = checkNonNeg('atol', options.atol ?? 1e-5);
  const { t0: eps, T } = checkTimes(options.eps ?? DEFAULT_LIKELIHOOD_EPS, options.T ?? schedule.T);

  const norm = options.normalization;
  const x = norm ? toScaled(raw, norm) : { rows: raw.rows, cols: d, data: raw.data.slice() };
  const n = x.rows;
  const nd = n * d;

  // Directions: the basis e_j (exact) or K probes per point, fixed along the trajectory.
  const directions: Matrix[] = [];
  if (method === 'exact') {
    for (let j = 0; j < d; j++) {
      const v = new Float64Array(nd);
      for (let i = 0; i < n; i++) v[i * d + j] = 1;
      directions.push({ rows: n, cols: d, data: v });
    }
  } else {
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    for (let k = 0; k < K; k++) {
      const v = new Float64Array(nd);
      if (probeKind === 'rademacher') rng.fillRademacher(v);
      else rng.fillNormal(v);
      directions.push({ rows: n, cols: d, data: v });
    }
  }
  // State: x (n·d), then Δ_k per point (exact: one column; Hutchinson: K columns).
  const C = method === 'exact' ? 1 : K;
  const state = new Float64Array(nd + n * C);
  state.set(x.data, 0);
  let evaluations = 0;
  const f = (t: number, y: Float64Array): Float64Array => {
    // A stage gone non-finite (a step too large for the score) never reaches the model: a derivative that is
    // NaN at those entries makes RK45 shrink the step, and a path that stays non-finite keeps its NaN in its
    // own point, named by the check of \`perSample\` below.
    if (!y.every(Number.isFinite)) return y.map((e) => (Number.isFinite(e) ? 0 : NaN));
    evaluations++;
    const xt: Matrix = { rows: n, cols: d, data: y.subarray(0, nd) };
    const r = (score.jvp as NonNullable<ScoreModel['jvp']>)(t, xt, directions);
    const g = schedule.g(t);
    const out = new Float64Array(y.length);
    for (let i = 0; i < nd; i++) out[i] = -0.5 * g * ((y[i] as number) + (r.score.data[i] as number));
    for (let i = 0; i < n; i++) {
      if (method === 'exact') {
        let tr = 0;
        for (let j = 0; j < d; j++) tr += (r.jvp[j] as Matrix).data[i * d + j] as number;
        out[nd + i] = -0.5 * g * (d + tr);
      } else {
        for (let k = 0; k < K; k++) {
          const V = (directions[k] as Matrix).data;
          const JV = (r.jvp[k] as Matrix).data;
          let q = 0;
          for (let j = 0; j < d; j++) q += (V[i * d + j] as number) * (JV[i * d + j] as number);
          out[nd + i * C + k] = -0.5 * g * (d + q);
        }
      }
    }
    return out;
  };
  const sol = dopri5(state, eps, T, f, rtol, atol);
  const y = sol.x;
  const logScale = norm ? d * Math.log(norm.scale) : 0;
  const perSample = new Float64Array(n);
  const priorLogp = new Float64Array(n);
  const perSampleStdError = method === 'hutchinson' && K > 1 ? new Float64Array(n) : null;
  let varSum = 0;
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let j = 0; j < d; j++) q += (y[i * d + j] as number) ** 2;
    const prior = -0.5 * (q + d * LOG_2PI);
    priorLogp[i] = prior;
    let mean = 0;
    for (let k = 0; k < C; k++) mean += (y[nd + i * C + k] as number) / C;
    perSample[i] = -(prior + mean) + logScale;
    if (perSampleStdError) {
      let v = 0;
      for (let k = 0; k < C; k++) v += ((y[nd + i * C + k] as number) - mean) ** 2 / (C - 1);
      perSampleStdError[i] = Math.sqrt(v / C);
      varSum += v / C;
    }
  }
  checkFiniteResult(
    'perSample',
    perSample,
    'the probability-flow ODE diverged: the score or its Jacobian is non-finite along the path, or the point is beyond float64 range',
  );
  let nll = 0;
  for (let i = 0; i < n; i++) nll += (perSample[i] as number) / n;
  checkFiniteResult('nll', nll, 'the mean of finite per-point NLLs overflows float64');
  return {
    nll,
    bitsPerDim: nll / (d * Math.LN2),
    perSample,
    method,
    stdError: method === 'exact' ? 0 : perSampleStdError ? Math.sqrt(varSum) / n : null,
    perSampleStdError,
    priorLogp,
    steps: sol.accepted,
    rejected: sol.rejected,
    evaluations,
  };
}
