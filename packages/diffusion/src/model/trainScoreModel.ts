/**
 * Fitting a score model on the denoising data of Section 6.1 of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024): the
 * two-layer softmax network trained by gradient descent on W (Definition 3.5,
 * a fixed), or the NTK regression predictor of Definition F.1 on the same data.
 */
import {
  NotPositiveDefiniteError,
  Rng,
  choleskyFactor,
  toRows,
  unvecOutputMajor,
  vecOutputMajor,
  type Matrix,
} from '@softmax-ntk/linalg';
import { initWeights, jacobianTransposeVector, jacobianVector, train } from '@softmax-ntk/network';
import { gram } from '@softmax-ntk/ntk';
import { DEFAULT_T0 } from '../sde/defaultTimes';
import {
  makeDenoisingData,
  skipScale,
  type DenoisingData,
  type Parameterization,
  type TimeSampling,
} from '../data/denoisingData';
import { argumentError, checkNonNeg, checkPositive, checkPositiveInt, show } from '../internal/validate';
import { makeSchedule, type Schedule, type ScheduleSpec } from '../sde/schedule';
import { mixtureMarginal, affineMixture } from '../target/mixture';
import { fitNormalization, type Normalization } from '../target/normalization';
import type { Target } from '../target/target';
import type { DiffusionModel, ModelKind } from './model';
import { ScoreTrainingError } from './scoreTrainingError';
import { centreNeurons, DEFAULT_CENTRE_SCALE } from './dataCentres';
import { primalNormalEquations, solvePrimal } from '../internal/primalNtk';

/** Options of {@link trainScoreModel}. */
export interface TrainScoreModelOptions {
  /** The target distribution $p_0$ to learn the score of. */
  target: Target;
  /** `"ntk"` (default): the closed-form NTK regression (Definition F.1) at W(0); `"nn"`: GD on W (README: why ntk is the default). */
  kind?: ModelKind;
  /** Default `"linear"` ($\beta_{\min} = 0.1$, $\beta_{\max} = 20$). */
  schedule?: ScheduleSpec | string;
  /** $T_0$ (default {@link DEFAULT_T0} = 0.01; README "Defaults and the trade-off") and $T$ (default 1). */
  t0?: number;
  /** T, the time horizon (default 1). */
  T?: number;
  /**
   * Denoising pairs $n$ (default {@link DEFAULT_PAIRS}: 10,000 for `"ntk"`, solved in the primal; 2000 for `"nn"`,
   * whose GD steps cost $O(nm)$ each). README "More pairs: the primal solve".
   */
  n?: number;
  /** Hidden neurons $m$ (default 2048, even). */
  numNeurons?: number;
  /** $\sigma$ of the symmetric initialisation $w_r \sim \mathcal{N}(0, \sigma^2 I)$ (default 10; see README for why not 1). */
  sigma?: number;
  /** GD steps (default 1000). */
  steps?: number;
  /** GD step size, or `"auto"` (default): $\eta = \mathrm{etaScale} / \lambda_{\max}(J J^\top)$. */
  eta?: number | 'auto';
  /** $c$ in $\eta = c / \lambda_{\max}$ (default 1). */
  etaScale?: number;
  /** Heavy-ball momentum $\mu \in [0, 1)$ of the GD trainer — beyond the paper; default 0 (plain GD, Definition 3.5). */
  momentum?: number;
  /**
   * ntk: the ridge $\rho$ added to $H^*$ itself, absolute (as `ntkRegression` of @softmax-ntk/ntk and the model file's
   * `training.ridge`). Give this or `relativeRidge`, not both.
   */
  ridge?: number;
  /** ntk: the ridge relative to the mean diagonal of $H^*$ (default 1e-4 when `ridge` is not given): $\rho = c \operatorname{tr}(H^*)/(nd)$. */
  relativeRidge?: number;
  /** How $p_0$ is mapped into the unit ball (default `fitNormalization(target)`). */
  normalization?: Normalization;
  /** Default `"x0"` (the paper's); `"eps"` and `"residual"` are beyond the paper. */
  parameterization?: Parameterization;
  /** Default `"log-uniform"` (beyond the paper; `"uniform"` is $t \sim U(T_0, T)$, the paper's $\mathrm{Unif}(0, T)$ but for $T_0$). */
  timeSampling?: TimeSampling;
  /** $c_t$ of the input $(c_t t/T, c_\text{in} x)/R$: default 3 (1 is the paper's $(t, x)$). */
  timeScale?: number;
  /** Input preconditioning $c_\text{in}(t) = 1/\sqrt{\alpha_t^2 v + \sigma_t^2}$ (default true; false is the paper's raw $x(t)$). */
  precondition?: boolean;
  /**
   * $c_b$ of a constant input coordinate appended to $(c_t t/T, c_\text{in}(t) x)$ (`InputFeatures.bias`; beyond the
   * paper): each neuron's logit gains an offset, so the softmax can separate points on one ray from the origin.
   * Default 0 (none, the paper's input), or 1 when `dataCentres` > 0, which needs it.
   */
  inputBias?: number;
  /**
   * The fraction $f \in [0, 1]$ of neuron pairs of W(0) centred on training inputs (default 0: every $w_r \sim
   * \mathcal{N}(0, \sigma^2 I)$, Definition 3.7). Pair r takes a training input $\tilde x_i$ (i uniform, from
   * `Rng("<seed>/centres")`) and $w_r = \sigma'(\tilde x_i$ with its constant coordinate c replaced by
   * $(c^2 - \lVert\tilde x_i\rVert^2/2)/c)$, so $\langle w_r, \tilde x\rangle = \sigma'(\langle\tilde x_i, \tilde x\rangle -
   * \lVert\tilde x_i\rVert^2/2)$ and the softmax weighs the neurons by $\exp(-\sigma'\lVert\tilde x - \tilde x_i\rVert^2/2)$:
   * cells around the data at every t instead of cones from the origin. Needs the constant coordinate (`inputBias`
   * > 0). Beyond the paper; README "Neurons centred on the data (eleventh round)".
   */
  dataCentres?: number;
  /** $\sigma'$ of the centred neurons (`dataCentres`; default 400): the softmax's inverse squared bandwidth. */
  centreScale?: number;
  /**
   * ntk only: k NTK regressions from the same W(0), each on its own n denoising pairs, averaged (bagging; default
   * 1): $F = J(x) \frac1k \sum_j U_j$, one predictor of the same size and cost as $k = 1$, $k$ times the training
   * time and $kn$ pairs seen. Beyond the paper; README "Sample quality on every named target".
   */
  ensemble?: number;
  /**
   * ntk only: how the regression is solved (default `"auto"`, the cheaper of the two by flop count). `"dual"`: the
   * $nd \times nd$ system $(H^* + \rho I)c = \operatorname{vec}(Y)$ of Definition F.1; `"primal"`: the
   * $p \times p$ system $(J^\top J + m\rho I)U = J^\top \operatorname{vec}(Y)$, $p = m(d+1)$, whose cost grows
   * linearly in $n$ and whose memory does not grow with $n$ — the route for many pairs. Both give the same $U$.
   */
  solver?: NtkSolver;
  /** Default `"float32"` for GD (network's float32 softmax steps: linalg's fused float32 kernel); the NTK solve is always float64. */
  precision?: 'float32' | 'float64';
  /** Seed of the denoising data and W(0) (default 0). */
  seed?: number;
  /**
   * ntk only: the power $\gamma \ge 0$ of the loss weight of each pair (default 0: the paper's unweighted loss
   * $\frac12\sum_i\lVert F(x_i) - y_i\rVert^2$). With $\gamma > 0$ the regression minimises
   * $\frac12\sum_i w_i\lVert F(x_i) - y_i\rVert^2$ plus the ridge, $w_i \propto \lambda(t_i)^\gamma$ scaled to mean 1,
   * where $\lambda(t) = (\alpha_t^2 v + \sigma_t^2)/(v\sigma_t^2)$ is the inverse of the posterior variance of $x(0)$
   * given $x(t)$ for a Gaussian $p_0$ of second moment v (EDM's loss weight, Karras et al. 2022): it weighs the small
   * times, whose labels are the least noisy, up. Beyond the paper; README "A loss weighted towards small t (ninth
   * round)" (0.5 measured best there).
   */
  lossWeightPower?: number;
  /** Called during GD with (step, steps, loss). */
  onProgress?: (p: { step: number; steps: number; loss: number }) => void;
}

/**
 * The default number of denoising pairs of {@link trainScoreModel} per kind: 10,000 for the NTK regression (the primal
 * solve makes many pairs affordable; its weighted score error is 4–5× lower than at 2000 on every mixture measured),
 * 2000 for GD on W. README "More pairs: the primal solve".
 *
 * @example
 * ```ts
 * import { DEFAULT_PAIRS } from '@softmax-ntk/diffusion';
 *
 * console.log(DEFAULT_PAIRS.ntk, DEFAULT_PAIRS.nn); // 10000 2000
 * ```
 */
export const DEFAULT_PAIRS: Readonly<Record<ModelKind, number>> = Object.freeze({ ntk: 10000, nn: 2000 });

/** How {@link trainScoreModel} solves the NTK regression: `"auto"`, `"dual"` or `"primal"`. */
export type NtkSolver = 'auto' | 'dual' | 'primal';

/**
 * The solver `"auto"` picks for n pairs in d dimensions and m neurons: the one with fewer flops — dual
 * $\approx N^2 m/2 + N^3/3$ (the Gram matrix and its Cholesky factor, $N = nd$), primal $\approx N p^2/2 + p^3/3$
 * ($J^\top J$ and its factor, $p = m(d+1)$).
 *
 * @param n - Denoising pairs per regression.
 * @param d - The data dimension (outputs of the network; inputs are $d + 1$).
 * @param m - Hidden neurons.
 * @param inputs - The network's input width (default $d + 1$; $d + 2$ with the constant coordinate `inputBias`).
 *
 * @see Definition F.1 (the dual form) and README "Sample quality on every named target" (the primal form).
 *
 * @example
 * ```ts
 * import { chooseNtkSolver } from '@softmax-ntk/diffusion';
 *
 * // m = 2048 in d = 2 (p = 6144): 2000 pairs (nd = 4000 < p) the dual; the default 10,000 pairs, the primal
 * console.log(chooseNtkSolver(2000, 2, 2048), chooseNtkSolver(10000, 2, 2048)); // dual primal
 * ```
 */
export function chooseNtkSolver(n: number, d: number, m: number, inputs = d + 1): 'dual' | 'primal' {
  const N = n * d;
  const p = m * inputs;
  return N * p * p * 0.5 + (p * p * p) / 3 < N * N * m * 0.5 + (N * N * N) / 3 ? 'primal' : 'dual';
}

/** Rows of x times c (a copy). */
function scaleRows(x: Matrix, c: number): Matrix {
  return { rows: x.rows, cols: x.cols, data: x.data.map((v) => v * c) };
}

/** Points of the stored loss curve (at most). */
const LOSS_POINTS = 500;

/** What {@link makeScoreTrainingSet} returns: everything {@link trainScoreModel} trains on, before training. */
export interface ScoreTrainingSet {
  /** The denoising pairs (network inputs, labels, draws). */
  data: DenoisingData;
  /** W(0), $m \times (d+1)$, symmetric initialisation (Definition 3.7). */
  w: Matrix;
  /** a, $d \times m$. */
  a: Matrix;
  /** The VP-SDE schedule g(t) on [0, T]. */
  schedule: Schedule;
  /** How $p_0$ was mapped into the unit ball (the model's scaled units). */
  normalization: Normalization;
  /** The options with every default filled in. */
  settings: {
    kind: ModelKind;
    parameterization: Parameterization;
    t0: number;
    T: number;
    n: number;
    numNeurons: number;
    sigma: number;
    timeSampling: TimeSampling;
    steps: number;
    etaScale: number;
    /** Absolute `ridge` when given, else null (then `relativeRidge` applies). */
    ridge: number | null;
    relativeRidge: number;
    precision: 'float32' | 'float64';
    seed: number;
    /** `dataCentres` and `centreScale` (f = 0: no centred neurons). */
    dataCentres: number;
    centreScale: number;
  };
}

/**
 * The training set and initial network of {@link trainScoreModel} for the same options, without training: the
 * denoising pairs of Section 6.1 (drawn first from `new Rng(seed)`), then W(0), a by symmetric initialisation
 * (Definition 3.7) from the same generator. Lets a caller (verify's theorem-6.5 check) run NTK regression from the
 * exact W(0) and data the trained model started from.
 *
 * @param options - The same options as {@link trainScoreModel}.
 *
 * @see Section 6.1, Definition 3.7.
 *
 * @example
 * ```ts
 * import { makeScoreTrainingSet, parseTarget } from '@softmax-ntk/diffusion';
 *
 * // What trainScoreModel would train on: n pairs with inputs in R^{d+1}, W(0) m × (d+1), a d × m (Definition 3.7)
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const set = makeScoreTrainingSet({ target, n: 50, numNeurons: 16, seed: 0 });
 * console.log(set.data.x.rows, set.data.x.cols, set.w.rows, set.w.cols, set.a.rows, set.a.cols, set.settings.kind);
 * // → 50 3 16 3 2 16 ntk
 * ```
 */
export function makeScoreTrainingSet(options: TrainScoreModelOptions): ScoreTrainingSet {
  const { target } = options;
  const kind = options.kind ?? 'ntk';
  if (kind !== 'nn' && kind !== 'ntk') throw argumentError('kind', `must be "nn" or "ntk", got ${show(kind)}`);
  const parameterization = options.parameterization ?? 'x0';
  const T = options.T ?? 1;
  const schedule = makeSchedule({ spec: options.schedule ?? 'linear', T });
  const t0 = options.t0 ?? DEFAULT_T0;
  const n = checkPositiveInt('n', options.n ?? DEFAULT_PAIRS[kind]);
  const m = checkPositiveInt('numNeurons', options.numNeurons ?? 2048);
  if (m % 2 !== 0) throw argumentError('numNeurons', `must be even for symmetric initialisation, got ${m}`);
  const sigma = checkNonNeg('sigma', options.sigma ?? 10);
  const timeSampling = options.timeSampling ?? 'log-uniform';
  const steps = checkPositiveInt('steps', options.steps ?? 1000);
  const etaScale = checkPositive('etaScale', options.etaScale ?? 1);
  if (options.ridge !== undefined && options.relativeRidge !== undefined)
    throw argumentError('ridge', 'excludes `relativeRidge` (an absolute ridge or a relative one): give one, got both');
  const ridge = options.ridge === undefined ? null : checkNonNeg('ridge', options.ridge);
  const relativeRidge = checkNonNeg('relativeRidge', options.relativeRidge ?? 1e-4);
  const precision = options.precision ?? 'float32';
  const seed = options.seed ?? 0;
  const rng = new Rng(seed);
  const dataCentres = checkNonNeg('dataCentres', options.dataCentres ?? 0);
  if (dataCentres > 1) throw argumentError('dataCentres', `must be a fraction in [0, 1], got ${dataCentres}`);
  const centreScale = checkPositive('centreScale', options.centreScale ?? DEFAULT_CENTRE_SCALE);
  const inputBias = checkNonNeg('inputBias', options.inputBias ?? (dataCentres > 0 ? 1 : 0));
  if (dataCentres > 0 && inputBias === 0)
    throw argumentError('inputBias', 'must be > 0 when dataCentres > 0 (centred neurons need the constant coordinate)');
  const normalization = options.normalization ?? fitNormalization(target);
  const data = makeDenoisingData({
    target,
    normalization,
    schedule,
    n,
    t0,
    T,
    parameterization,
    rng,
    timeSampling,
    timeScale: options.timeScale ?? 3,
    precondition: options.precondition ?? true,
    bias: inputBias,
  });
  const d = target.dim;
  const { w, a } = initWeights({ numNeurons: m, dIn: data.x.cols, dOut: d, sigma, rng });
  if (dataCentres > 0) centreNeurons(w, data.x, dataCentres, centreScale, new Rng(`${seed}/centres`));
  return {
    data,
    w,
    a,
    schedule,
    normalization,
    settings: {
      kind,
      parameterization,
      t0,
      T,
      n,
      numNeurons: m,
      sigma,
      timeSampling,
      steps,
      etaScale,
      ridge,
      relativeRidge,
      precision,
      seed,
      dataCentres,
      centreScale,
    },
  };
}

/**
 * $\frac12\sum_i\lVert \mathbb{E}[y \mid x(t_i)] - y_i \rVert^2$ over the pairs, the loss no predictor can beat, by
 * Tweedie's formula on the exact score of a mixture target: $\mathbb{E}[x_0 \mid x_t] = (x_t + \sigma_t^2\nabla\log
 * p_t)/\alpha_t$, $\mathbb{E}[\varepsilon \mid x_t] = -\sigma_t\nabla\log p_t$. Null for a target without a mixture.
 */
function posteriorLossFloor(target: Target, set: ScoreTrainingSet): number | null {
  if (!target.mixture) return null;
  const { data, schedule, normalization } = set;
  const { n, parameterization } = set.settings;
  const d = target.dim;
  const mix = affineMixture(target.mixture, Float64Array.from(normalization.shift), normalization.scale);
  let floor = 0;
  for (let i = 0; i < n; i++) {
    const ti = data.t[i] ?? NaN;
    const al = schedule.alpha(ti);
    const s2 = schedule.sigma2(ti);
    const xi: Matrix = { rows: 1, cols: d, data: data.xt.data.subarray(i * d, (i + 1) * d) };
    const sc = mixtureMarginal(mix, al, s2, xi).score.data;
    for (let j = 0; j < d; j++) {
      // Tweedie: E[x0|xt] = (xt + σ²∇log p_t)/α; E[ε|xt] = −σ∇log p_t.
      const mean = ((xi.data[j] ?? NaN) + s2 * (sc[j] ?? NaN)) / al;
      const post =
        parameterization === 'x0'
          ? mean
          : parameterization === 'residual'
            ? mean - skipScale(schedule, ti, data.secondMoment) * (xi.data[j] ?? NaN)
            : -Math.sqrt(s2) * (sc[j] ?? NaN);
      floor += 0.5 * (post - (data.y.data[i * d + j] ?? NaN)) ** 2;
    }
  }
  return floor;
}

/** The training record's `dataCentres` and `centreScale`, present only when neurons were centred. */
function centreRecord(set: ScoreTrainingSet): { dataCentres?: number; centreScale?: number } {
  const { dataCentres, centreScale } = set.settings;
  return dataCentres > 0 ? { dataCentres, centreScale } : {};
}

/** What a model record holds besides its network and training record (the same for both kinds). */
type ModelHeader = Omit<DiffusionModel, 'network' | 'training'>;

/** The model record's fields that say how to sample again: format, kind, schedule, times, target, scalings, seed. */
function modelHeader(target: Target, set: ScoreTrainingSet): ModelHeader {
  const { data, schedule, normalization } = set;
  const { kind, parameterization, t0, T, seed } = set.settings;
  return {
    format: 'softmax-ntk/diffusion-model',
    version: 1,
    kind,
    parameterization,
    schedule: schedule.spec,
    t0,
    T,
    target: target.spec,
    normalization,
    inputScale: data.inputScale,
    input: data.features,
    ...(parameterization === 'residual' ? { skipSecondMoment: data.secondMoment } : {}),
    seed,
  };
}

/**
 * `kind: "nn"`: W trained by gradient descent from W(0) (Definition 3.5), the loss curve kept every
 * $\lceil \mathrm{steps}/500 \rceil$ steps and at the last; a diverged run is a {@link ScoreTrainingError} naming
 * `eta` or `etaScale`.
 */
async function fitNetwork(
  options: TrainScoreModelOptions,
  set: ScoreTrainingSet,
  header: ModelHeader,
  lossFloor: number | null,
  started: number,
): Promise<DiffusionModel> {
  const { data, w, a } = set;
  const { n, numNeurons: m, sigma, timeSampling, steps, etaScale, precision, seed } = set.settings;
  // train() initialises the tfjs backend itself for float32
  const every = Math.max(1, Math.ceil(steps / LOSS_POINTS));
  const result = await train({
    problem: { activation: 'softmax', x: data.x, y: data.y, w, a },
    precision,
    steps,
    eta: options.eta ?? 'auto',
    etaScale,
    momentum: options.momentum ?? 0,
    seed,
    ...(options.onProgress
      ? {
          onProgress: (p: { step: number; steps: number; loss: number }) =>
            options.onProgress?.({ step: p.step, steps: p.steps, loss: p.loss }),
        }
      : {}),
  });
  if (result.status === 'diverged') {
    const eta = options.eta ?? 'auto';
    const detail = `training diverged: ${result.message.replace(/^diverged: /, '')}`;
    throw eta === 'auto'
      ? new ScoreTrainingError('etaScale', etaScale, detail)
      : new ScoreTrainingError('eta', eta, detail);
  }
  const loss = result.history.loss.filter((_, k) => k % every === 0 || k === result.history.loss.length - 1);
  return {
    ...header,
    network: { activation: 'softmax', w: toRows(result.w), a: toRows(a) },
    training: {
      n,
      timeSampling,
      numNeurons: m,
      sigma,
      ...centreRecord(set),
      steps: result.steps,
      eta: result.eta,
      momentum: options.momentum ?? 0,
      lambdaMax: result.lambdaMax ?? null,
      lossEvery: every,
      loss,
      finalLoss: result.loss,
      lossFloor,
      precision,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

/**
 * The k denoising sets of an ensemble: the training set's own pairs, then pairs drawn from `Rng("<seed>/ensemble/<j>")`
 * for j = 1 … k − 1 with the same settings and input features.
 */
function ensembleMembers(options: TrainScoreModelOptions, set: ScoreTrainingSet, k: number): DenoisingData[] {
  const { data, schedule, normalization } = set;
  const { n, t0, T, parameterization, timeSampling, seed } = set.settings;
  const members: DenoisingData[] = [data];
  for (let j = 1; j < k; j++)
    members.push(
      makeDenoisingData({
        target: options.target,
        normalization,
        schedule,
        n,
        t0,
        T,
        parameterization,
        rng: new Rng(`${seed}/ensemble/${j}`),
        timeSampling,
        timeScale: data.features.timeScale,
        precondition: data.features.secondMoment !== null,
        bias: data.features.bias ?? 0,
      }),
    );
  return members;
}

/** The solver option checked, `"auto"` resolved by {@link chooseNtkSolver}. */
function resolveNtkSolver(
  option: NtkSolver | undefined,
  n: number,
  d: number,
  m: number,
  inputs: number,
): 'dual' | 'primal' {
  const solverOption = option ?? 'auto';
  if (solverOption !== 'auto' && solverOption !== 'dual' && solverOption !== 'primal')
    throw argumentError('solver', `must be "auto", "dual" or "primal", got ${show(solverOption)}`);
  return solverOption === 'auto' ? chooseNtkSolver(n, d, m, inputs) : solverOption;
}

/**
 * The pair weights of `lossWeightPower` $\gamma$: $\lambda(t_i)^\gamma$ with $\lambda(t) = (\alpha_t^2 v + \sigma_t^2)/(v\sigma_t^2)$,
 * v the pairs' second moment, scaled to mean 1.
 */
function lossWeights(schedule: Schedule, md: DenoisingData, gamma: number): Float64Array {
  const v = md.secondMoment;
  const out = md.t.map((t) => {
    const s2 = schedule.sigma2(t);
    return ((schedule.alpha(t) ** 2 * v + s2) / (v * s2)) ** gamma;
  });
  let mean = 0;
  for (const x of out) mean += x;
  mean /= out.length;
  return out.map((x) => x / mean);
}

/** One member's regression: its $U/k$ (so that the members' sum is their mean), the ridge $\rho$ and $\operatorname{tr}(H^*)$. */
interface MemberFit {
  u: Matrix;
  rho: number;
  tr: number;
}

/** The refusal of a ridge that leaves the system not positive definite, naming the option $\rho$ came from. */
function ridgeError(
  settings: ScoreTrainingSet['settings'],
  rho: number,
  e: NotPositiveDefiniteError,
  what: string,
  shifted: string,
): ScoreTrainingError {
  const detail = `leaves ${what} not numerically positive definite (ρ = ${rho}: pivot ${e.pivot} of ${shifted} is ${e.value})`;
  return settings.ridge === null
    ? new ScoreTrainingError('relativeRidge', settings.relativeRidge, detail)
    : new ScoreTrainingError('ridge', settings.ridge, detail);
}

/**
 * One NTK regression (Definition F.1) on inputs x and labels y from W(0), divided by k: in the primal,
 * $(J^\top J + m\rho I)U = J^\top\operatorname{vec}(Y)$; in the dual, $U = J^\top(H^* + \rho I)^{-1}\operatorname{vec}(Y)/m$.
 * $\rho$ is the absolute ridge, or the relative one times the mean diagonal $\operatorname{tr}(H^*)/(nd)$.
 */
function fitMember(
  set: ScoreTrainingSet,
  solver: 'dual' | 'primal',
  x: Matrix,
  y: Matrix,
  d: number,
  k: number,
  weights?: Float64Array,
): MemberFit {
  const { w, a, settings } = set;
  const { n, numNeurons: m } = settings;
  if (solver === 'primal') {
    const eq = primalNormalEquations(w, a, x, y, undefined, weights);
    const tr = eq.trace / m;
    const rho = settings.ridge ?? (settings.relativeRidge * tr) / (n * d);
    let u: Matrix;
    try {
      u = solvePrimal(eq, m, x.cols, rho);
    } catch (e) {
      if (!(e instanceof NotPositiveDefiniteError)) throw e;
      throw ridgeError(settings, rho, e, 'JᵀJ', 'JᵀJ + mρI');
    }
    for (let i = 0; i < u.data.length; i++) u.data[i] = (u.data[i] as number) / k;
    return { u, rho, tr };
  }
  const H = gram({ w, a, x });
  // weighted: D^{1/2} H D^{1/2} (rows ℓ·n + i carry pair i's weight), D^{1/2} vec(Y), and U = Jᵀ D^{1/2} c / m
  const sw = weights ? Float64Array.from({ length: H.rows }, (_, r) => Math.sqrt(weights[r % n] as number)) : null;
  if (sw)
    for (let r = 0; r < H.rows; r++)
      for (let c = 0; c < H.cols; c++)
        H.data[r * H.cols + c] = (H.data[r * H.cols + c] as number) * (sw[r] as number) * (sw[c] as number);
  let tr = 0;
  for (let i = 0; i < H.rows; i++) tr += H.data[i * H.cols + i] ?? 0;
  const rho = settings.ridge ?? (settings.relativeRidge * tr) / H.rows;
  let factor: ReturnType<typeof choleskyFactor>;
  try {
    factor = choleskyFactor({ a: H, jitter: rho });
  } catch (e) {
    if (!(e instanceof NotPositiveDefiniteError)) throw e;
    throw ridgeError(settings, rho, e, 'H*', 'H* + ρI');
  }
  let coef: Float64Array;
  try {
    const vy = vecOutputMajor(y);
    if (sw) for (let r = 0; r < vy.length; r++) vy[r] = (vy[r] as number) * (sw[r] as number);
    coef = factor.solve(vy);
  } finally {
    factor.dispose();
  }
  for (let i = 0; i < coef.length; i++) coef[i] = ((coef[i] ?? NaN) * (sw ? (sw[i] as number) : 1)) / (m * k);
  return { u: jacobianTransposeVector({ w, a, x, v: unvecOutputMajor(coef, n, d) }), rho, tr };
}

/**
 * `kind: "ntk"`: the NTK regression at W(0), float64; with `ensemble` k > 1, k regressions from the same W(0) on k
 * sets of pairs under one input scale (the largest), U averaged. The record's ridge and relative ridge are the last
 * member's; its final loss is the predictor's on the first member's pairs (those the loss floor is computed on).
 */
function fitNtk(
  options: TrainScoreModelOptions,
  set: ScoreTrainingSet,
  header: ModelHeader,
  lossFloor: number | null,
  started: number,
): DiffusionModel {
  const { data, w, a, settings } = set;
  const { n, numNeurons: m, sigma, timeSampling } = settings;
  const d = options.target.dim;
  const k = checkPositiveInt('ensemble', options.ensemble ?? 1);
  const members = ensembleMembers(options, set, k);
  // One input scale R for all members (the largest), so every member's inputs have norm ≤ 1 under the one R.
  const inputScale = Math.max(...members.map((md) => md.inputScale));
  const solver = resolveNtkSolver(options.solver, n, d, m, data.x.cols);
  let u: Matrix | null = null;
  let last: MemberFit | null = null;
  const gamma = checkNonNeg('lossWeightPower', options.lossWeightPower ?? 0);
  for (const md of members) {
    const x = md.inputScale === inputScale ? md.x : scaleRows(md.x, md.inputScale / inputScale);
    last = fitMember(set, solver, x, md.y, d, k, gamma === 0 ? undefined : lossWeights(set.schedule, md, gamma));
    if (u === null) u = last.u;
    else for (let i = 0; i < u.data.length; i++) u.data[i] = (u.data[i] as number) + (last.u.data[i] as number);
  }
  const { rho, tr } = last as MemberFit;
  const x0 = inputScale === data.inputScale ? data.x : scaleRows(data.x, data.inputScale / inputScale);
  const fit = jacobianVector({ w, a, x: x0, u: u as Matrix });
  let finalLoss = 0;
  for (let i = 0; i < fit.data.length; i++) finalLoss += 0.5 * ((fit.data[i] ?? NaN) - (data.y.data[i] ?? NaN)) ** 2;
  return {
    ...header,
    inputScale,
    network: { activation: 'softmax', w: toRows(w), a: toRows(a), u: toRows(u as Matrix) },
    training: {
      n,
      ...(k > 1 ? { ensemble: k } : {}),
      timeSampling,
      numNeurons: m,
      sigma,
      ...centreRecord(set),
      finalLoss,
      lossFloor,
      ridge: rho,
      ridgeRelative: settings.ridge === null ? settings.relativeRidge : (rho * n * d) / tr,
      solver,
      ...(gamma > 0 ? { lossWeightPower: gamma } : {}),
      precision: 'float64',
      seconds: (performance.now() - started) / 1000,
    },
  };
}

/**
 * Fits a score model on the denoising data of Section 6.1: the NTK regression predictor of Definition F.1 (`kind:
 * 'ntk'`, the default) or the two-layer softmax network trained by gradient descent on W (`kind: 'nn'`).
 *
 * @param options - The target, the kind (ntk or nn), the schedule, the sizes, the training settings and the seed.
 *
 * @see Section 6.1 (data), Definition 3.7 (symmetric init: $F(W(0), \cdot) = 0$), Definition 3.5 (GD on W),
 * Definition F.1 / Eq. (23): $F_\text{ntk}(x) = K^*(x)(H^* + \rho I)^{-1}\operatorname{vec}(Y) = J(x) \cdot U$ with $U = J^\top(H^* + \rho I)^{-1}\operatorname{vec}(Y)/m$,
 * since $J J^\top = m \cdot H^*$ (so predictions cost one Jacobian–vector product, not a kernel row per training point).
 *
 * @see Theorem 6.5 / Theorem G.2
 *
 * @example
 * ```ts
 * import { createScoreModel, parseTarget, trainScoreModel } from '@softmax-ntk/diffusion';
 *
 * // NTK regression (the default kind) on 200 denoising pairs of the 8-Gaussians target, m = 256 neurons
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const model = await trainScoreModel({ target, n: 200, numNeurons: 256, seed: 0 });
 * console.log(model.kind, model.training.n, model.network.w.length, model.network.u.length); // ntk 200 256 256
 * // its score s(t, x) at t = 0.5 and one point (scaled units)
 * const { score } = await createScoreModel(model, { precision: 'float64' });
 * const s = score.score(0.5, { rows: 1, cols: 2, data: new Float64Array([0.3, -0.2]) });
 * console.log(Array.from(s.data, (v) => v.toFixed(4)).join(' ')); // -0.3088 0.2001
 * ```
 */
export async function trainScoreModel(options: TrainScoreModelOptions): Promise<DiffusionModel> {
  const { target } = options;
  const set = makeScoreTrainingSet(options);
  const lossFloor = posteriorLossFloor(target, set);
  if (set.settings.kind === 'nn' && (options.ensemble ?? 1) !== 1)
    throw argumentError(
      'ensemble',
      `applies to kind "ntk" (NTK regressions averaged), got ${show(options.ensemble)} with kind "nn"`,
    );
  if (set.settings.kind === 'nn' && (options.lossWeightPower ?? 0) !== 0)
    throw argumentError(
      'lossWeightPower',
      `applies to kind "ntk" (a weighted NTK regression), got ${show(options.lossWeightPower)} with kind "nn"`,
    );
  const started = performance.now();
  const header = modelHeader(target, set);
  return set.settings.kind === 'nn'
    ? fitNetwork(options, set, header, lossFloor, started)
    : fitNtk(options, set, header, lossFloor, started);
}
