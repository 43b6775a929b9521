/**
 * Check `theorem-6.5`: score estimation with the two-layer softmax network
 * trained by gradient descent on denoising data (Section 6 of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024), Theorem 6.5 /
 * G.2), for a two-component Gaussian mixture $p_0$ in $R^2$, where the true score is
 * known in closed form.
 *
 * The network is trained through `trainScoreModel` of @softmax-ntk/diffusion,
 * the path the CLI's `diffusion train --model nn --paper-inputs` ships, with the
 * paper's Section 6.1 settings: uniform t, the paper input (t/T, x(t))/R of
 * `networkInput` (`PAPER_INPUT`, R the largest training-input norm), labels
 * x(0), plain GD with the trainer's automatic $\eta$. The same options give
 * `makeScoreTrainingSet`'s W(0) and pairs, from which the NTK regression of
 * Eq. 25 (@softmax-ntk/ntk) runs for the coupling gap. The exact mixture score
 * (`mixtureMarginal`), the one weighting $\lambda(t)$ (`scoreWeight`) and the sampler
 * (`createScoreModel`, `sample`) also come from @softmax-ntk/diffusion.
 *
 * Setting. VP-SDE (Eq. 3) with $g \equiv \beta$: $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$, $\alpha_t = e^{-\beta t/2}$,
 * $\sigma_t^2 = 1 - \alpha_t^2$. The score model is $s_W(t, x) = (\alpha_t F(W, (t, x)/R) - x)/\sigma_t^2$.
 * With the weighting $\lambda(t) = \sigma_t^4/\alpha_t^2$ (`scoreWeight`),
 * $\lambda(t)\lVert s_W - \nabla\log p_t \rVert^2 = \lVert F - \mathbb{E}[x(0) \mid x(t) = x] \rVert^2$, so the weighted score error
 * of Theorem 6.5 is the mean squared error of the denoiser against the exact
 * posterior mean, estimated on fresh draws.
 */
import { fromRows, Rng, type Matrix } from '@softmax-ntk/linalg';
import {
  createScoreModel,
  makeDenoisingData,
  makeSchedule,
  makeScoreTrainingSet,
  mixtureMarginal,
  networkInput,
  PAPER_INPUT,
  parseTarget,
  sample,
  scoreWeight,
  trainScoreModel,
  type DiffusionModel,
  type GaussianMixture,
  type Normalization,
  type Schedule,
  type ScheduleSpec,
  type Target,
  type TrainScoreModelOptions,
} from '@softmax-ntk/diffusion';
import { forward } from '@softmax-ntk/network';
import { gram, ntkDynamics } from '@softmax-ntk/ntk';
import { extremes, logLogSlope, seconds } from '../internal/experiment';
import { lineChart } from '../plot/lineChart';
import { scatterPlot } from '../plot/scatterPlot';
import type { CheckOptions, CheckResult, Figure, Value } from './types';

const BETA = 4; // g(t) ≡ β on [0, T]: bounded and continuous (Assumption 6.3)
const T = 1;
const T0 = 0.01;
const MEANS: [number, number][] = [
  [0.5, 0.3],
  [-0.5, -0.3],
];
const S = 0.12; // component standard deviation
const D = 2;
/** The check works in the target's own units: $p_0$ already lies in the unit ball up to its Gaussian tails. */
const NO_SCALING: Normalization = { shift: [0, 0], scale: 1 };
/** The same in d dimensions. */
const noScaling = (d: number): Normalization =>
  d === D ? NO_SCALING : { shift: new Array<number>(d).fill(0), scale: 1 };

const SCHEDULE: ScheduleSpec = { kind: 'constant', beta: BETA };
/** $\sigma$ of the symmetric initialisation $w_r \sim \mathcal{N}(0, \sigma^2 I)$ (Definition 3.7). */
const SIGMA = 1;

interface Setting {
  target: Target;
  mixture: GaussianMixture;
  schedule: Schedule;
  /** d. */
  dim: number;
}

function setting(): Setting {
  const target = parseTarget({ type: 'gaussian-mixture', weights: [0.5, 0.5], means: MEANS, std: [S, S] });
  return {
    target,
    mixture: target.mixture as GaussianMixture,
    schedule: makeSchedule({ spec: SCHEDULE, T }),
    dim: D,
  };
}

/** $\mathbb{E}[x(0) \mid x(t_i) = x_i]$ row by row, by Tweedie's formula $(x + \sigma_t^2\nabla\log p_t(x))/\alpha_t$ with the exact mixture score. */
function posteriorMean({ mixture, schedule, dim }: Setting, t: Float64Array, xt: Matrix): Matrix {
  const out = new Float64Array(xt.rows * dim);
  for (let i = 0; i < xt.rows; i++) {
    const ti = t[i] ?? NaN;
    const a = schedule.alpha(ti),
      s2 = schedule.sigma2(ti);
    const x = xt.data.subarray(i * dim, i * dim + dim);
    const score = mixtureMarginal(mixture, a, s2, { rows: 1, cols: dim, data: x }).score.data;
    for (let j = 0; j < dim; j++) out[i * dim + j] = ((x[j] ?? NaN) + s2 * (score[j] ?? NaN)) / a;
  }
  return { rows: xt.rows, cols: dim, data: out };
}

/** Fresh draws ($x(0) \sim p_0$, $t \sim U(T_0, T)$, $x(t) \sim p_{t \mid 0}$) and the exact $\mathbb{E}[x(0) \mid x(t)]$ at them. */
interface TestDraws {
  t: Float64Array;
  xt: Matrix;
  truth: Matrix;
}

function testDraws(st: Setting, n: number, seed: string): TestDraws {
  const data = makeDenoisingData({
    target: st.target,
    normalization: noScaling(st.dim),
    schedule: st.schedule,
    n,
    t0: T0,
    T,
    timeSampling: 'uniform',
    seed,
  });
  return { t: data.t, xt: data.xt, truth: posteriorMean(st, data.t, data.xt) };
}

/** The paper's network input (t/T, x(t))/R of the test draws, R the trained model's input scale. */
function testInputs(test: TestDraws, model: DiffusionModel): Matrix {
  return networkInput(test.t, test.xt, T, model.inputScale, PAPER_INPUT);
}

/**
 * The options of `trainScoreModel` for the check: GD on W (`kind: "nn"`), float64, the paper's Section 6.1 data
 * (uniform t, $c_t = 1$, no preconditioning: the CLI's `--paper-inputs`), labels x(0), the target in its own units.
 */
function trainOptions(st: Setting, n: number, m: number, steps: number, seed: number): TrainScoreModelOptions {
  return {
    target: st.target,
    kind: 'nn',
    parameterization: 'x0',
    schedule: SCHEDULE,
    t0: T0,
    T,
    n,
    numNeurons: m,
    sigma: SIGMA,
    steps,
    eta: 'auto',
    precision: 'float64',
    timeSampling: 'uniform',
    timeScale: PAPER_INPUT.timeScale,
    precondition: false,
    normalization: noScaling(st.dim),
    seed,
  };
}

/**
 * Theorem 6.5's left side on the test draws, with the one weighting $\lambda(t) = \sigma_t^4/\alpha_t^2$ (`scoreWeight`) and the score
 * $s = (\alpha_t F - x)/\sigma_t^2$ of the x(0) denoiser F: $(1/n)\sum_i \lambda(t_i)\lVert s_i - \nabla\log p_{t_i}(x_i) \rVert^2$, which equals
 * $(1/n)\sum_i\lVert F_i - \mathbb{E}[x(0) \mid x_i] \rVert^2$.
 */
function weightedScoreError(st: Setting, test: TestDraws, F: ArrayLike<number>): number {
  const d = st.dim;
  const n = test.t.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ti = test.t[i] ?? NaN;
    const a = st.schedule.alpha(ti),
      s2 = st.schedule.sigma2(ti);
    let e = 0;
    for (let j = 0; j < d; j++) {
      const x = test.xt.data[i * d + j] ?? NaN;
      const model = (a * (F[i * d + j] ?? NaN) - x) / s2;
      const truth = (a * (test.truth.data[i * d + j] ?? NaN) - x) / s2; // ∇log p_t by Tweedie
      e += (model - truth) ** 2;
    }
    s += scoreWeight(st.schedule, ti) * e;
  }
  return s / n;
}

function mse(F: ArrayLike<number>, truth: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let k = 0; k < F.length; k++) s += ((F[k] ?? NaN) - (truth[k] ?? NaN)) ** 2;
  return s / n;
}

/** Reverse-SDE samples (Euler–Maruyama on Eq. 4) with the trained model's score (`createScoreModel`), from N(0, I). */
async function sampleReverse(
  st: Setting,
  model: DiffusionModel,
  count: number,
  steps: number,
  rng: Rng,
): Promise<{ x: number[]; y: number[] }> {
  const { score } = await createScoreModel(model, { precision: 'float64' });
  const pts = sample({ model: score, schedule: st.schedule, count, sampler: 'sde', steps, t0: T0, T, rng }).samples
    .data;
  const xs: number[] = [],
    ys: number[] = [];
  for (let i = 0; i < count; i++) {
    xs.push(pts[i * D] ?? NaN);
    ys.push(pts[i * D + 1] ?? NaN);
  }
  return { x: xs, y: ys };
}

// Higher dimensions (issue 19): mixtures in d = 8 and d = 16 with known score.

/** Components of the d-dimensional mixtures: K = 4 means at radius 0.5 in seeded random directions, std 0.1. */
const HD_COMPONENTS = 4;
const HD_RADIUS = 0.5;
const HD_STD = 0.1;

function highDimSetting(d: number, seed: number): Setting {
  const rng = new Rng(`theorem-6.5/high-d/means/${d}/${seed}`);
  const means = Array.from({ length: HD_COMPONENTS }, () => Array.from(rng.sphere(d), (v) => HD_RADIUS * v));
  const target = parseTarget({
    type: 'gaussian-mixture',
    weights: new Array<number>(HD_COMPONENTS).fill(1 / HD_COMPONENTS),
    means,
    std: new Array<number>(HD_COMPONENTS).fill(HD_STD),
  });
  return {
    target,
    mixture: target.mixture as GaussianMixture,
    schedule: makeSchedule({ spec: SCHEDULE, T }),
    dim: d,
  };
}

interface HighDimResult {
  rows: Value[][];
  /** Per d: the fitted exponent of the score error in n (at the largest m) and in m (at the largest n). */
  exponents: Record<number, { n: number; m: number }>;
  /** Per d and m: the score errors over ns. */
  errors: Record<number, Record<number, number[]>>;
  /** Per d: the error of the constant predictor F ≡ E[x(0)] (the scale of the error). */
  baseline: Record<number, number>;
}

/**
 * The weighted score error ($\lambda(t) = \sigma_t^4/\alpha_t^2$, the denoiser's MSE against $\mathbb{E}[x(0) \mid x(t)]$) of the GD-trained network
 * for d = 8 and 16 over a grid of n and m, with log–log slopes: the exponent in n beside Theorem 6.5's
 * $O(1/(\lambda\sqrt n))$ coupling term ($n^{-1/2}$ at fixed $\lambda$), and the exponent in m (the theorem has no decay in m once m is
 * large enough: 0).
 */
async function highDimensions(
  dims: number[],
  ns: number[],
  ms: number[],
  steps: number,
  nTest: number,
  seed: number,
  onProgress?: (message: string) => void,
): Promise<HighDimResult> {
  const rows: Value[][] = [];
  const exponents: HighDimResult['exponents'] = {};
  const errors: HighDimResult['errors'] = {};
  const baseline: HighDimResult['baseline'] = {};
  for (const d of dims) {
    const st = highDimSetting(d, seed);
    const test = testDraws(st, nTest, `theorem-6.5/high-d/test/${d}/${seed}`);
    const mean = new Float64Array(d);
    for (let k = 0; k < HD_COMPONENTS; k++)
      for (let j = 0; j < d; j++)
        mean[j] = (mean[j] ?? NaN) + (st.mixture.means.data[k * d + j] ?? NaN) / HD_COMPONENTS;
    const constant = Float64Array.from({ length: nTest * d }, (_, i) => mean[i % d] ?? NaN);
    baseline[d] = mse(constant, test.truth.data, nTest);
    errors[d] = {};
    for (const m of ms) {
      errors[d][m] = [];
      for (const n of ns) {
        onProgress?.(`theorem-6.5: d = ${d}, n = ${n}, m = ${m}, ${steps} GD steps`);
        const model = await trainScoreModel(trainOptions(st, n, m, steps, seed));
        const w = fromRows(model.network.w);
        const a = fromRows(model.network.a);
        const err = weightedScoreError(st, test, forward({ w, a, x: testInputs(test, model) }).data);
        const tr = model.training;
        errors[d][m].push(err);
        rows.push([d, n, m, tr.steps ?? steps, (2 * tr.finalLoss) / n, err, baseline[d]]);
      }
    }
    const mTop = ms[ms.length - 1] ?? NaN;
    exponents[d] = {
      n: logLogSlope(ns, errors[d][mTop] as number[]),
      m: logLogSlope(
        ms,
        ms.map((m) => (errors[d]![m] as number[])[ns.length - 1] as number),
      ),
    };
  }
  return { rows, exponents, errors, baseline };
}

/** What the 2-D grid of (n, m) measures: the table's rows, the score errors per m, the coupling verdicts, the last model. */
interface Grid {
  rows: Value[][];
  errByM: Record<number, number[]>;
  couplingOk: boolean;
  lambdaZero: string[];
  gapBy: Record<string, number>;
  best: { model: DiffusionModel; n: number; m: number } | undefined;
}

/**
 * For each (n, m): the network trained through `trainScoreModel` (the CLI's path), its weighted score error, its NTK
 * regression's by Eq. (25) with the same η and steps from the same W(0), and the coupling gap between the two.
 */
async function scoreErrorGrid(
  st: Setting,
  test: TestDraws,
  ns: number[],
  ms: number[],
  steps: number,
  seed: number,
  onProgress?: (message: string) => void,
): Promise<Grid> {
  const nTest = test.truth.rows;
  const rows: Value[][] = [];
  const errByM: Record<number, number[]> = {};
  let couplingOk = true;
  const lambdaZero: string[] = [];
  const gapBy: Record<string, number> = {};
  let best: { model: DiffusionModel; n: number; m: number } | undefined;
  for (const m of ms) {
    errByM[m] = [];
    for (const n of ns) {
      onProgress?.(`theorem-6.5: score model n=${n}, m=${m}, ${steps} GD steps`);
      // The trained network: the CLI's path. W(0) and the pairs it started from: the same options, untrained.
      const options_ = trainOptions(st, n, m, steps, seed);
      const model = await trainScoreModel(options_);
      const { data, w, a } = makeScoreTrainingSet(options_);
      const tr = model.training;
      const eta = tr.eta ?? NaN;
      const trainedSteps = tr.steps ?? steps;
      const xTest = testInputs(test, model);
      const ext = extremes(gram({ w, a, x: data.x }));
      const lam = ext.lambdaMin;
      const Fnn = forward({ w: fromRows(model.network.w), a, x: xTest }).data;
      const scoreErr = weightedScoreError(st, test, Fnn);
      const dyn = ntkDynamics({
        w,
        a,
        x: data.x,
        y: data.y,
        xTest,
        eta,
        steps: trainedSteps,
        every: Math.max(trainedSteps, 1),
      });
      const Fntk = (dyn[dyn.length - 1]?.test as Matrix).data;
      let gap = 0;
      for (let i = 0; i < nTest; i++)
        gap = Math.max(
          gap,
          Math.hypot((Fntk[i * D] ?? NaN) - (Fnn[i * D] ?? NaN), (Fntk[i * D + 1] ?? NaN) - (Fnn[i * D + 1] ?? NaN)),
        );
      const ntkErr = weightedScoreError(st, test, Fntk);
      // Assumption 6.2 (λ > 0) holds numerically only when λ exceeds the eigensolver's error nd·u·λ_max.
      const lamOk = lam > n * D * 2 ** -52 * ext.lambdaMax;
      const couplingBound = lamOk ? 1 / (lam * Math.sqrt(n)) : null;
      if (couplingBound !== null) couplingOk &&= gap <= couplingBound;
      lambdaZero.push(`n=${n}, m=${m}`);
      if (lamOk) lambdaZero.pop();
      gapBy[`${n}/${m}`] = gap;
      errByM[m].push(scoreErr);
      rows.push([n, m, lam, eta, trainedSteps, (2 * tr.finalLoss) / n, scoreErr, ntkErr, gap, couplingBound]);
      best = { model, n, m };
    }
  }
  return { rows, errByM, couplingOk, lambdaZero, gapBy, best };
}

/** The higher-dimension runs as the check's measured values, and a note where the constant predictor was not beaten. */
function highDimMeasured(
  hd: HighDimResult,
  hdDims: number[],
  hdNs: number[],
  hdMs: number[],
  quick: boolean,
): { hdMeasured: Record<string, Value>; notBeatenNote: string } {
  const hdTop = hdMs[hdMs.length - 1] ?? NaN;
  const hdMeasured: Record<string, Value> = {};
  const notBeaten: number[] = [];
  for (const d of hdDims) {
    hdMeasured[`d = ${d}: weighted score error per n = ${hdNs.join(', ')} (m = ${hdTop})`] = hd.errors[d]![hdTop]!;
    hdMeasured[`d = ${d}: fitted exponent of the score error in n (theorem's coupling term: −0.5)`] =
      hd.exponents[d]!.n;
    hdMeasured[`d = ${d}: fitted exponent in m at n = ${hdNs[hdNs.length - 1]} (theorem: 0 once m is large enough)`] =
      hd.exponents[d]!.m;
    hdMeasured[`d = ${d}: error of the constant predictor F ≡ E[x(0)] (scale)`] = hd.baseline[d]!;
    const last = hd.errors[d]![hdTop]![hdNs.length - 1]!;
    hdMeasured[
      `d = ${d}: the learned score beats the constant predictor at n = ${hdNs[hdNs.length - 1]}, m = ${hdTop}`
    ] = last < hd.baseline[d]!;
    if (!(last < hd.baseline[d]!)) notBeaten.push(d);
  }
  // A reader sees "false" next to HELD: say why in the details rather than leave it unexplained.
  const notBeatenNote = notBeaten.length
    ? `In d = ${notBeaten.join(' and ')} the learned score does not beat the constant predictor F ≡ E[x(0)] at n = ${hdNs[hdNs.length - 1]}, m = ${hdTop}` +
      (quick
        ? ' (the quick sizes, n ≤ 64 pairs and 200 steps for inputs of dimension d + 1, are too few to learn the posterior mean; the full run uses n up to 256 and 1000 steps)'
        : '') +
      ': a measured finding, not part of holds. '
    : '';

  return { hdMeasured, notBeatenNote };
}

/** The check's figures: score error against n (d = 2, and d = 8 and 16), and reverse-SDE samples of the last model. */
async function theorem65Figures(
  st: Setting,
  grid: Grid,
  ns: number[],
  ms: number[],
  nTest: number,
  hd: HighDimResult,
  sizes: { hdDims: number[]; hdNs: number[]; hdMs: number[]; hdSteps: number; hdTest: number },
  quick: boolean,
  seed: number,
  onProgress?: (message: string) => void,
): Promise<Figure[]> {
  const { errByM, best } = grid;
  const { hdDims, hdNs, hdMs, hdSteps, hdTest } = sizes;
  const figures: Figure[] = [];
  figures.push({
    name: 'score-error',
    title: 'Weighted score error against n',
    caption: `E‖F(W(T̂), (t, x_t)) − E[x₀|x_t]‖² (= the λ(t)-weighted score error with λ(t) = σ_t⁴/α_t²) on ${nTest} fresh draws, against n, for each m.`,
    svg: lineChart({
      title: 'Theorem 6.5: weighted score error',
      xLabel: 'n (training pairs)',
      yLabel: 'weighted score error',
      xScale: 'log',
      yScale: 'log',
      series: ms.map((m) => ({ name: `m = ${m}`, x: ns, y: errByM[m] as number[] })),
    }).svg,
  });
  figures.push({
    name: 'score-error-high-d',
    title: 'Weighted score error against n in d = 8 and d = 16',
    caption: `The same weighted score error for mixtures of ${HD_COMPONENTS} Gaussians (std ${HD_STD}, means at radius ${HD_RADIUS}) in d = 8 and 16, ${hdSteps} GD steps, on ${hdTest} fresh draws, against n for each m; fitted exponents in the check's measured values.`,
    svg: lineChart({
      title: 'Theorem 6.5: weighted score error, d = 8 and 16',
      xLabel: 'n (training pairs)',
      yLabel: 'weighted score error',
      xScale: 'log',
      yScale: 'log',
      series: hdDims.flatMap((d) => hdMs.map((m) => ({ name: `d = ${d}, m = ${m}`, x: hdNs, y: hd.errors[d]![m]! }))),
    }).svg,
  });
  if (best) {
    onProgress?.('theorem-6.5: sampling with the learned score');
    const samples = await sampleReverse(
      st,
      best.model,
      quick ? 200 : 600,
      quick ? 100 : 300,
      new Rng(`theorem-6.5/sample/${seed}`),
    );
    const G = 80,
      lo = -1.2,
      hi = 1.2;
    const grid = new Float64Array(G * G * D);
    for (let j = 0; j < G; j++)
      for (let i = 0; i < G; i++) {
        grid[(j * G + i) * D] = lo + ((hi - lo) * (i + 0.5)) / G;
        grid[(j * G + i) * D + 1] = lo + ((hi - lo) * (j + 0.5)) / G;
      }
    // p₀ = p_t at α = 1, σ² = 0.
    const logp = mixtureMarginal(st.mixture, 1, 0, { rows: G * G, cols: D, data: grid }, false).logDensity;
    const values = Array.from({ length: G }, (_, j) =>
      Array.from({ length: G }, (_, i) => Math.exp(logp[j * G + i] ?? NaN)),
    );
    figures.push({
      name: 'samples',
      title: 'Samples with the learned score over the target density',
      caption: `Reverse-SDE samples (Euler–Maruyama, learned score of the n = ${best.n}, m = ${best.m} network) over the density of p₀, a mixture of two Gaussians (s = ${S}).`,
      svg: scatterPlot({
        title: 'Theorem 6.5: samples over p₀',
        xLabel: 'x₁',
        yLabel: 'x₂',
        series: [{ name: 'samples', x: samples.x, y: samples.y }],
        density: { xMin: lo, xMax: hi, yMin: lo, yMax: hi, values, name: 'p₀ density' },
        xDomain: [lo, hi],
        yDomain: [lo, hi],
      }).svg,
    });
  }
  return figures;
}

/**
 * Check `theorem-6.5`: the score error of the softmax network trained on denoising data, against n, and its
 * coupling gap to NTK regression.
 *
 * @param options - Quick sizes, the base seed and a progress hook.
 *
 * @see Theorem 6.5 / Theorem G.2
 *
 * @example
 * ```ts
 * import { checkTheorem65 } from '@softmax-ntk/verify';
 *
 * // Theorem 6.5: the GD-trained softmax score model's weighted score error falls as n grows (quick sizes)
 * const r = await checkTheorem65({ quick: true });
 * console.log(r.id, r.status); // theorem-6.5 held
 * console.log(r.measured['weighted score error per n (m = 256)'].map((e) => e.toFixed(3)).join(' > '));
 * // → 0.182 > 0.056
 * ```
 */
export async function checkTheorem65(options: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const quick = options.quick ?? false;
  const seed = options.seed ?? 0;
  const ns = quick ? [32, 64] : [64, 128, 256];
  const ms = quick ? [256] : [256, 1024];
  const steps = quick ? 200 : 1500;
  const nTest = quick ? 256 : 1024;
  const sigma = SIGMA;
  const st = setting();
  const test = testDraws(st, nTest, `theorem-6.5/test/${seed}`);
  const grid = await scoreErrorGrid(st, test, ns, ms, steps, seed, options.onProgress);
  const { rows, errByM, couplingOk, lambdaZero, gapBy } = grid;
  const mTop = ms[ms.length - 1] ?? NaN;
  const errs = errByM[mTop] as number[];
  const decreasing = (errs[errs.length - 1] ?? NaN) < (errs[0] ?? NaN);
  // The coupling improves with width at every n (the proof's gap is controlled through ε_H, ε_test, which shrink with m).
  const gapFalls = ms.length < 2 || ns.every((n) => (gapBy[`${n}/${mTop}`] ?? NaN) < (gapBy[`${n}/${ms[0]}`] ?? NaN));
  const holds = couplingOk && decreasing && gapFalls;
  const slopeN = logLogSlope(ns, errs);

  const hdDims = [8, 16];
  const hdNs = quick ? [32, 64] : [64, 128, 256];
  const hdMs = quick ? [64, 256] : [256, 1024];
  const hdSteps = quick ? 200 : 1000;
  const hdTest = quick ? 256 : 1024;
  const hd = await highDimensions(hdDims, hdNs, hdMs, hdSteps, hdTest, seed, options.onProgress);
  const { hdMeasured, notBeatenNote } = highDimMeasured(hd, hdDims, hdNs, hdMs, quick);
  const figures = await theorem65Figures(
    st,
    grid,
    ns,
    ms,
    nTest,
    hd,
    { hdDims, hdNs, hdMs, hdSteps, hdTest },
    quick,
    seed,
    options.onProgress,
  );
  return {
    id: 'theorem-6.5',
    claim:
      'Theorem 6.5: with m = Ω(λ⁻²n³d³exp(18B)log²(nd/δ)) and η = 0.1λ/(mn²d²exp(16B)), the GD-trained softmax score model has weighted score error (1/T)∫λ(t)E‖s_W(T̂)(t, x(t)) − ∇log p_t‖²dt ≤ O(1/(λ√n) + ε(n, T̂) + approximation terms); the coupling gap to its NTK regression is O(1/(λ√n)).',
    measured: {
      [`weighted score error per n (m = ${mTop})`]: errs,
      'slope of the score error against n': slopeN,
      'max coupling gap ‖F_ntk − F_nn‖₂ over test points, per (n, m)': rows.map((r) => r[8] as number),
      'score error decreases from the smallest to the largest n': decreasing,
      'coupling gap decreases with m at every n': gapFalls,
      'cases where λ_min(H*) is numerically 0 (Assumption 6.2 not met)': lambdaZero.length ? lambdaZero : 'none',
      ...hdMeasured,
      'higher dimensions, per run: [d, n, m, steps, ‖F − Y‖²/n, score error, constant-predictor error]': hd.rows.map(
        (r) => r.join(' '),
      ),
    },
    bound: {
      'coupling bound 1/(λ√n) (constant 1), per (n, m)': rows.map((r) => r[9] as number),
    },
    holds,
    status: holds ? 'held' : 'failed',
    details:
      `Target p₀ = ½N((0.5, 0.3), ${S}²I) + ½N((−0.5, −0.3), ${S}²I) in R²; VP-SDE with g ≡ ${BETA} on [0, ${T}], t ~ U(${T0}, ${T}) (Section 6.1's Unif(0, T) from T₀ > 0); trained through trainScoreModel (the CLI's \`diffusion train --model nn --paper-inputs\` path) on the paper's input (t/T, x(t))/R, R the largest training-input norm, labels x(0); ${steps} GD steps with the trainer's automatic η (early stopping, Assumption G.3), symmetric initialisation σ = ${sigma}. ` +
      "Premise not met: the theorem's m and η are astronomically far from feasible; its approximation and label-mismatch terms (A(R_H), Γ_δ) involve unknown constants and are not evaluated. " +
      "Measured: the weighted score error (with λ(t) = σ_t⁴/α_t² it equals the denoiser's mean squared error against the exact posterior mean E[x₀|x_t] = (x_t + σ_t²∇log p_t(x_t))/α_t by Tweedie's formula, ∇log p_t known in closed form for a mixture) on fresh draws, and the coupling gap ‖F_ntk − F_nn‖₂ at the end of training to the NTK regression run by Eq. (25) with the same η and steps — the term of the proof bounded by O(1/(λ√n)) (taken with constant 1, λ measured). " +
      "With three input coordinates the NTK of n ≳ 100 pairs is numerically singular: where λ_min(H*) is below the eigensolver's error nd·u·λ_max, Assumption 6.2 is not met numerically, the bound 1/(λ√n) is undefined (listed as —) and only the measured gap is reported. " +
      `Higher dimensions: the same measurement for K = ${HD_COMPONENTS} Gaussians in d = 8 and 16 (means at radius ${HD_RADIUS} in seeded random directions, std ${HD_STD}; the same paper input (t/T, x)/R of dimension d + 1), n = ${hdNs.join(', ')} and m = ${hdMs.join(', ')}, ${hdSteps} GD steps; the exponents are least-squares slopes in log–log, beside the theorem's n^(−1/2) (its coupling term at fixed λ; λ itself falls with n, so the theorem's rate in n is slower than that) and no dependence on m beyond the width requirement. They are reported, not part of holds. ${notBeatenNote}` +
      'holds = the coupling gap is within 1/(λ√n) wherever λ > 0 numerically, the gap decreases with m at every n, and the score error at the largest m decreases from the smallest to the largest n. Labels may exceed norm 1 with probability ≈ 10⁻⁴ (untruncated mixture).',
    setup: {
      n: ns,
      m: ms,
      steps,
      'test draws': nTest,
      beta: BETA,
      T,
      T0,
      sigma,
      seed,
      'higher d': hdDims,
      'higher d: n': hdNs,
      'higher d: m': hdMs,
      'higher d: steps': hdSteps,
    },
    table: {
      columns: [
        'n',
        'm',
        'λ',
        'η',
        'steps',
        '‖F − Y‖²/n (train)',
        'score error (NN)',
        'score error (NTK regression)',
        'coupling gap',
        '1/(λ√n)',
      ],
      rows,
    },
    figures,
    seconds: seconds(t0),
  };
}
