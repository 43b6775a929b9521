/**
 * Check `lemma-5.3`: the induction of Lemma 5.3 measured along real gradient
 * descent runs — weights near initialisation, the loss contracting by
 * $(1 - m\eta\lambda/2)$ per step, $\eta\lVert \Delta w_r \rVert_2 \le 0.01$ — with Lemma D.1's gradient bound and
 * Claim E.5's $\lambda_{\min}(H(\tau)) \ge \lambda/2$. Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024), Lemma 5.3, Appendix C–E.
 */
import { train } from '@softmax-ntk/network';
import { theoryConstants } from '../constants/theoryConstants';
import { formatLog10 } from '../internal/bigNumber';
import { gdRun, logLogSlope, seconds, type GdRun } from '../internal/experiment';
import { lineChart } from '../plot/lineChart';
import type { CheckOptions, CheckResult, Figure, Value } from './types';

export interface GdSizes {
  n: number;
  d: number;
  ms: number[];
  sigma: number;
  steps: number;
  epsilon: number;
  every: number;
  nTest: number;
}

/** The GD runs shared by lemma-5.3 and theorem-f.2 (the same runs, measured for both claims). */
export function gdSizes(quick: boolean): GdSizes {
  return quick
    ? { n: 8, d: 8, ms: [256, 1024], sigma: 1, steps: 1000, epsilon: 1e-3, every: 10, nTest: 4 }
    : { n: 16, d: 8, ms: [256, 1024, 4096], sigma: 1, steps: 3000, epsilon: 1e-3, every: 20, nTest: 8 };
}

export async function gdRuns(options: CheckOptions, tag: string): Promise<{ sizes: GdSizes; runs: GdRun[] }> {
  const sizes = gdSizes(options.quick ?? false);
  const runs: GdRun[] = [];
  for (const m of sizes.ms) {
    options.onProgress?.(`${tag}: GD run n=${sizes.n}, d=${sizes.d}, m=${m} (up to ${sizes.steps} steps)`);
    runs.push(
      await gdRun({
        n: sizes.n,
        d: sizes.d,
        m,
        sigma: sizes.sigma,
        seed: options.seed ?? 0,
        steps: sizes.steps,
        epsilon: sizes.epsilon,
        every: sizes.every,
        nTest: sizes.nTest,
      }),
    );
  }
  return { sizes, runs };
}

type Series = { name: string; x: number[]; y: number[]; dash?: string; color?: string };

/** What Lemma 5.3's properties measure on the runs: the table's rows, each property's verdict and extreme, the curves. */
interface Lemma53Measures {
  rows: Value[][];
  lossOk: boolean;
  gradOk: boolean;
  e5Ok: boolean;
  d1Ok: boolean;
  weightsVsD: boolean;
  worstLossRatio: number;
  worstStep: number;
  minLamRatio: number;
  maxGradConst: number;
  /** The theory constants at the first (smallest) width. */
  constants: ReturnType<typeof theoryConstants>;
  lossSeries: Series[];
  lamSeries: Series[];
  driftSeries: Series[];
}

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2'];

/** Each run measured against the loss, gradient, Claim E.5, Lemma D.1 and weight properties. */
function measureRuns(runs: GdRun[], sizes: GdSizes): Lemma53Measures {
  const { n, d } = sizes;
  const nd = n * d;
  const out: Lemma53Measures = {
    rows: [],
    lossOk: true,
    gradOk: true,
    e5Ok: true,
    d1Ok: true,
    weightsVsD: true,
    worstLossRatio: 0,
    worstStep: 0,
    minLamRatio: Infinity,
    maxGradConst: 0,
    constants: theoryConstants({ n, d, lambda: runs[0]!.H0.lambdaMin, sigma: sizes.sigma }),
    lossSeries: [],
    lamSeries: [],
    driftSeries: [],
  };
  runs.forEach((run, k) => {
    const m = run.options.m;
    const lambda = run.H0.lambdaMin;
    const c = theoryConstants({
      n,
      d,
      lambda,
      sigma: sizes.sigma,
      initialResidual: Math.sqrt(run.sqLoss[0] as number),
    });
    if (k === 0) out.constants = c;
    const rate = m * run.eta * lambda; // mηλ
    const logFactor = Math.log1p(-rate / 2);
    // Over τ ≥ 1 (at τ = 0 the ratio is 1 by definition).
    let ratio = run.sqLoss.length > 1 ? 0 : 1;
    run.sqLoss.forEach((L, tau) => {
      if (tau === 0) return;
      const r = Math.log(L) - Math.log(run.sqLoss[0] as number) - tau * logFactor;
      ratio = Math.max(ratio, Math.exp(r));
    });
    const maxStep = Math.max(...run.maxStepNorm);
    // Lemma D.1: ‖Δw_r(τ)‖₂ ≤ exp(3B)·√(nd)·‖F(τ) − Y‖_F; the empirical constant replaces exp(3B).
    let gradConst = 0;
    run.maxStepNorm.forEach((s, tau) => {
      gradConst = Math.max(gradConst, s / run.eta / (Math.sqrt(nd) * Math.sqrt(run.sqLoss[tau] as number)));
    });
    const lamRatio = Math.min(...run.lambdaMinTrack) / lambda;
    const maxW = Math.max(...run.maxWeightChange);
    out.lossOk &&= ratio <= 1;
    out.gradOk &&= maxStep <= 0.01;
    out.e5Ok &&= lamRatio >= 0.5;
    out.d1Ok &&= Math.log(gradConst) <= 3 * c.B;
    // D of Definition A.2 with the m of this run: 4·m⁻¹·λ⁻¹·exp(3B)·√(nd)·‖F(0) − Y‖_F.
    const log10D =
      (Math.log(4) -
        Math.log(m) -
        Math.log(lambda) +
        3 * c.B +
        0.5 * Math.log(nd) +
        0.5 * Math.log(run.sqLoss[0] as number)) /
      Math.LN10;
    out.weightsVsD &&= Math.log10(maxW) <= log10D;
    out.worstLossRatio = Math.max(out.worstLossRatio, ratio);
    out.worstStep = Math.max(out.worstStep, maxStep);
    out.minLamRatio = Math.min(out.minLamRatio, lamRatio);
    out.maxGradConst = Math.max(out.maxGradConst, gradConst);
    out.rows.push([
      m,
      lambda,
      run.H0.cond,
      run.eta,
      rate,
      run.stepsUsed,
      run.status,
      ratio,
      maxStep,
      lamRatio,
      gradConst,
      maxW,
      formatLog10(log10D),
      c.R.text,
    ]);
    const steps = run.sqLoss.map((_, t) => t);
    const color = PALETTE[k % 4];
    out.lossSeries.push({ name: `m = ${m}`, x: steps, y: run.sqLoss, color });
    out.lossSeries.push({
      name: `bound, m = ${m}`,
      x: steps,
      y: steps.map((t) => (run.sqLoss[0] as number) * Math.exp(t * logFactor)),
      dash: '6 4',
      color,
    });
    out.lamSeries.push({ name: `m = ${m}`, x: run.trackSteps, y: run.lambdaMinTrack.map((v) => v / lambda), color });
    out.driftSeries.push({ name: `m = ${m}`, x: run.trackSteps.slice(1), y: run.driftTrack.slice(1) });
  });
  const allSteps = Math.max(...runs.map((r) => r.stepsUsed));
  out.lamSeries.push({ name: 'λ/2 (Claim E.5)', x: [0, allSteps], y: [0.5, 0.5], dash: '6 4', color: '#555' });
  return out;
}

/** The paper's η: a short run when it is representable in float64, else why no run is made. */
async function paperEtaRun(first: GdRun, constants: Lemma53Measures['constants']): Promise<string> {
  const paperEta = constants.eta;
  if (paperEta.value !== null && paperEta.value > 0) {
    const r = await train({ problem: first.problem, precision: 'float64', eta: paperEta.value, steps: 10 });
    const L = r.history.loss;
    const monotone = L.every((v, i) => i === 0 || v <= (L[i - 1] as number));
    return `A 10-step run with the paper's η = ${paperEta.text} at m = ${first.options.m}: loss ${monotone ? 'non-increasing' : 'NOT monotone'} (relative change ${(((L[0] as number) - (L[L.length - 1] as number)) / (L[0] as number)).toExponential(2)}; the bound predicts a factor 1 − mηλ/2 per step).`;
  }
  return `The paper's η = ${paperEta.text} (Theorem 4.2 with the measured λ at m = ${first.options.m}) is below the smallest positive float64 (4.9·10^-324): gradient descent with it leaves W(τ) = W(0) exactly, so its loss sequence is constant — trivially non-increasing — and no run is made.`;
}

/** The check's figures: the loss against its bound, λ_min(H(τ))/λ, the kernel drift, the weight movement against m. */
function lemma53Figures(M: Lemma53Measures, runs: GdRun[], n: number, d: number, slopeMove: number): Figure[] {
  const { lossSeries, lamSeries, driftSeries } = M;
  return [
    {
      name: 'loss',
      title: 'Loss against its Lemma 5.3 bound',
      caption: `‖F(τ) − Y‖²_F along GD (solid) and (1 − mηλ/2)^τ·‖F(0) − Y‖²_F with the measured λ and the η used (dashed), n = ${n}, d = ${d}.`,
      svg: lineChart({
        title: 'Lemma 5.3: loss property',
        xLabel: 'step τ',
        yLabel: '‖F(τ) − Y‖²_F',
        yScale: 'log',
        series: lossSeries,
      }).svg,
    },
    {
      name: 'lambda-min',
      title: 'λ_min(H(τ)) along training',
      caption: 'λ_min(H(τ))/λ along GD for each width; Claim E.5 states it stays ≥ 1/2 (dashed).',
      svg: lineChart({
        legendPosition: 'bottom-right',
        yDomain: [0, 1.2],
        title: 'Claim E.5: λ_min(H(τ)) / λ',
        xLabel: 'step τ',
        yLabel: 'λ_min(H(τ)) / λ_min(H(0))',
        series: lamSeries,
      }).svg,
    },
    {
      name: 'kernel-drift',
      title: 'Kernel drift along training',
      caption:
        '‖H(τ) − H(0)‖_F along GD for each width: wider networks move their kernel less (Lemma 5.1 with R the weight movement).',
      svg: lineChart({
        title: 'Kernel drift ‖H(τ) − H(0)‖_F',
        xLabel: 'step τ',
        yLabel: '‖H(τ) − H(0)‖_F',
        yScale: 'log',
        series: driftSeries,
      }).svg,
    },
    {
      name: 'weight-movement',
      title: 'Weight movement against width',
      caption: `max_τ max_r ‖w_r(τ) − w_r(0)‖₂ and max_τ max_r η‖Δw_r(τ)‖₂ against m (log–log; fitted slope of the movement ${slopeMove.toFixed(2)}).`,
      svg: lineChart({
        title: 'Weight movement vs m',
        xLabel: 'm (neurons)',
        yLabel: 'distance',
        xScale: 'log',
        yScale: 'log',
        series: [
          {
            name: 'max ‖w_r(τ) − w_r(0)‖₂',
            x: runs.map((r) => r.options.m),
            y: runs.map((r) => Math.max(...r.maxWeightChange)),
          },
          { name: 'max η‖Δw_r(τ)‖₂', x: runs.map((r) => r.options.m), y: runs.map((r) => Math.max(...r.maxStepNorm)) },
        ],
      }).svg,
    },
  ];
}

/**
 * Check `lemma-5.3`: the induction of Lemma 5.3 measured along gradient-descent runs — loss contraction, weight
 * movement, $\eta \lVert \Delta w_r \rVert_2$ and $\lambda_{\min}(H(\tau)) \ge \lambda/2$.
 *
 * @param options - Quick sizes, the base seed and a progress hook.
 *
 * @see Lemma 5.3 (with Lemmas C.2–C.4); Lemma D.1
 *
 * @example
 * ```ts
 * import { checkLemma53 } from '@softmax-ntk/verify';
 *
 * // Lemma 5.3's induction along GD runs: the loss contracts, λ_min(H(τ)) stays ≥ λ/2, steps stay small
 * const r = await checkLemma53({ quick: true });
 * console.log(r.id, r.status); // lemma-5.3 held
 * console.log(r.measured['min_τ λ_min(H(τ)) / λ'], r.measured['max_τ max_r η‖Δw_r(τ)‖₂'].toExponential(2));
 * // → 1 4.97e-3
 * ```
 */
export async function checkLemma53(options: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const { sizes, runs } = await gdRuns(options, 'lemma-5.3');
  const { n, d } = sizes;
  const M = measureRuns(runs, sizes);
  const { rows, constants } = M;
  const first = runs[0] as GdRun;
  const paperRun = await paperEtaRun(first, constants);
  const slopeMove = logLogSlope(
    runs.map((r) => r.options.m),
    runs.map((r) => Math.max(...r.maxWeightChange)),
  );
  const holds = M.lossOk && M.gradOk && M.e5Ok && M.d1Ok;
  const figures = lemma53Figures(M, runs, n, d, slopeMove);
  return {
    id: 'lemma-5.3',
    claim:
      'Lemma 5.3 (induction): while ‖w_r(τ) − w_r(0)‖₂ ≤ R, ‖F(τ) − Y‖²_F ≤ (1 − mηλ/2)^τ‖F(0) − Y‖²_F and η‖Δw_r(τ)‖₂ ≤ 0.01, the three persist at τ + 1; with Lemma D.1 (‖Δw_r‖₂ ≤ exp(3B)√(nd)‖F − Y‖_F) and Claim E.5 (λ_min(H(τ)) ≥ λ/2).',
    measured: {
      'max_{τ≥1} ‖F(τ) − Y‖²_F / ((1 − mηλ/2)^τ ‖F(0) − Y‖²_F)': M.worstLossRatio,
      'max_τ max_r η‖Δw_r(τ)‖₂': M.worstStep,
      'min_τ λ_min(H(τ)) / λ': M.minLamRatio,
      'max_τ ‖Δw_r‖₂ / (√(nd)‖F − Y‖_F) (Lemma D.1 constant)': M.maxGradConst,
      'max ‖w_r(τ) − w_r(0)‖₂ ≤ D (Definition A.2)': M.weightsVsD,
      'slope of weight movement against m': slopeMove,
    },
    bound: {
      'loss ratio': 1,
      'η‖Δw_r‖₂': 0.01,
      'λ_min(H(τ)) / λ': 0.5,
      'exp(3B) (Lemma D.1)': constants.gradientConstant.text,
      [`R = λ/(2nd·exp(10B)) (m = ${sizes.ms[0]})`]: constants.R.text,
      [`paper's η (m = ${sizes.ms[0]})`]: constants.eta.text,
    },
    holds,
    status: holds ? 'held' : 'failed',
    details:
      `Premise not met at feasible sizes: the lemma assumes Theorem 4.2's m (${constants.m.text} here) and η, and D < R with R = λ/(2nd·exp(10B)) = ${constants.R.text}; the runs use m ∈ {${sizes.ms.join(', ')}} and the practical step η = 1/λ_max(m·H(0)) (the trainer's automatic η). ` +
      'So the measured properties are: the loss property with the bound computed from the measured λ = λ_min(H(0)) and the η actually used; the gradient property η‖Δw_r‖₂ ≤ 0.01; Claim E.5 (λ_min(H(τ)) ≥ λ/2, on every tracked step); Lemma D.1 (its empirical constant against exp(3B)). ' +
      `The weights property is reported against D of Definition A.2 evaluated at the run's m (loose, through exp(3B)) and beside R (far smaller than any movement measured, as the premise D < R fails). holds = loss ∧ gradient ∧ Claim E.5 ∧ Lemma D.1 for every width. ${paperRun}`,
    setup: {
      n,
      d,
      sigma: sizes.sigma,
      m: sizes.ms,
      epsilon: sizes.epsilon,
      'step budget': sizes.steps,
      'kernel tracked every': sizes.every,
      'cond(H(0))': runs.map((r) => r.H0.cond),
      eta: runs.map((r) => r.eta),
      seed: options.seed ?? 0,
    },
    table: {
      columns: [
        'm',
        'λ',
        'cond(H)',
        'η',
        'mηλ',
        'steps',
        'status',
        'max loss ratio',
        'max η‖Δw_r‖',
        'min λ_min(H(τ))/λ',
        'D.1 constant',
        'max ‖w_r − w_r(0)‖',
        'D',
        'R',
      ],
      rows,
    },
    figures,
    seconds: seconds(t0),
  };
}
