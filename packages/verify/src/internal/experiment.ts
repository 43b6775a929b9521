/** Shared pieces of the checks: problems, spectra, norms, fits, and the GD runs several checks measure. */
import { eigvalsh, type Matrix } from '@softmax-ntk/linalg';
import { forward, makeProblem, train, type Activation, type Problem } from '@softmax-ntk/network';
import { crossGram, gram } from '@softmax-ntk/ntk';

/** Inputs uniform on the unit sphere (so ‖x_i‖ = 1), labels uniform in the unit ball, symmetric initialisation. */
export function sphereProblem(o: {
  n: number;
  dIn: number;
  dOut: number;
  m: number;
  sigma: number;
  seed: number;
  activation?: Activation;
  init?: 'symmetric' | 'gaussian';
}): Problem {
  return makeProblem({
    n: o.n,
    dIn: o.dIn,
    dOut: o.dOut,
    numNeurons: o.m,
    sigma: o.sigma,
    seed: o.seed,
    data: 'unit-sphere',
    activation: o.activation ?? 'softmax',
    init: o.init ?? 'symmetric',
  }).problem;
}

export interface Extremes {
  lambdaMin: number;
  lambdaMax: number;
  cond: number;
}

/** Extreme eigenvalues of a symmetric matrix by the dense float64 eigensolver. */
export function extremes(H: Matrix): Extremes {
  const ev = eigvalsh({ a: H });
  const lambdaMin = ev[0] as number;
  const lambdaMax = ev[ev.length - 1] as number;
  return { lambdaMin, lambdaMax, cond: lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity };
}

export function frobDiff(A: Matrix, B: Matrix): number {
  let s = 0;
  for (let k = 0; k < A.data.length; k++) s += ((A.data[k] as number) - (B.data[k] as number)) ** 2;
  return Math.sqrt(s);
}

/** Least-squares slope of log y against log x (a scaling exponent). */
export function logLogSlope(x: number[], y: number[]): number {
  const pts = x
    .map((v, i) => [Math.log(v), Math.log(y[i] as number)] as const)
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  let num = 0,
    den = 0;
  for (const [a, b] of pts) {
    num += (a - mx) * (b - my);
    den += (a - mx) ** 2;
  }
  return den > 0 ? num / den : NaN;
}

export function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

export interface GdRunOptions {
  n: number;
  d: number;
  m: number;
  sigma: number;
  seed: number;
  /** Step budget. */
  steps: number;
  /** Stop at ‖F − Y‖²_F ≤ epsilon (the trainer's loss is half of that). */
  epsilon: number;
  /** Record λ_min(H(τ)), ‖H(τ) − H(0)‖_F and the test-kernel drift every this many steps. */
  every: number;
  /** Test inputs for Theorem F.2 (predictions recorded every `every` steps). */
  nTest: number;
  /** c in η = c/λ_max(m·H(0)) (default 1). */
  etaScale?: number;
}

export interface GdRun {
  options: GdRunOptions;
  problem: Problem;
  xTest: Matrix;
  /** λ_min, λ_max and cond of H* = H(W(0)). */
  H0: Extremes;
  H0matrix: Matrix;
  eta: number;
  status: string;
  stepsUsed: number;
  /** ‖F(τ) − Y‖²_F for τ = 0 … stepsUsed. */
  sqLoss: number[];
  /** max_r ‖w_r(τ) − w_r(0)‖₂ per step. */
  maxWeightChange: number[];
  /** max_r η‖Δw_r(τ)‖₂ per step. */
  maxStepNorm: number[];
  /** Steps at which the kernel quantities were recorded. */
  trackSteps: number[];
  lambdaMinTrack: number[];
  driftTrack: number[];
  /** max over test points and ℓ of ‖row ℓ of K_te(τ) − K*_te‖₂ (Theorem F.2's ε_{ℓ,test}). */
  testKernelDriftTrack: number[];
  /** F_nn(W(τ), x_te) at the tracked steps (n_te × d, row-major). */
  testPredictions: Float64Array[];
  seconds: number;
}

const cache = new Map<string, Promise<GdRun>>();

/**
 * One GD run of the toolkit's trainer (@softmax-ntk/network `train`, float64,
 * Definition 3.5) on a sphere problem, with the kernel quantities of Lemma
 * 5.1 / Claim E.5 / Theorem F.2 recorded along the way. Memoised within the
 * process, so the checks that measure the same run (lemma-5.3, theorem-f.2)
 * do not repeat it.
 */
export function gdRun(o: GdRunOptions): Promise<GdRun> {
  const key = JSON.stringify(o);
  let p = cache.get(key);
  if (!p) {
    p = runGd(o);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function runGd(o: GdRunOptions): Promise<GdRun> {
  const t0 = performance.now();
  const problem = sphereProblem({ n: o.n, dIn: o.d, dOut: o.d, m: o.m, sigma: o.sigma, seed: o.seed });
  const xTest = sphereProblem({ n: o.nTest, dIn: o.d, dOut: 1, m: 2, sigma: 1, seed: o.seed + 7919 }).x;
  const net0 = { w: problem.w, a: problem.a, x: problem.x };
  const H0matrix = gram(net0);
  const H0 = extremes(H0matrix);
  const K0 = crossGram({ ...net0, xTest });
  const trackSteps: number[] = [],
    lambdaMinTrack: number[] = [],
    driftTrack: number[] = [],
    testKernelDriftTrack: number[] = [];
  const testPredictions: Float64Array[] = [];
  const nd = o.n * o.d;
  const r = await train({
    problem,
    precision: 'float64',
    eta: 'auto',
    etaScale: o.etaScale ?? 1,
    steps: o.steps,
    epsilon: o.epsilon / 2,
    onStep: (ctx) => {
      if (ctx.step % o.every !== 0) return;
      const w = ctx.weights();
      const H = gram({ ...net0, w });
      trackSteps.push(ctx.step);
      lambdaMinTrack.push(extremes(H).lambdaMin);
      driftTrack.push(frobDiff(H, H0matrix));
      const K = crossGram({ ...net0, w, xTest });
      let worst = 0;
      for (let row = 0; row < K.rows; row++) {
        let s = 0;
        for (let j = 0; j < nd; j++) s += ((K.data[row * nd + j] as number) - (K0.data[row * nd + j] as number)) ** 2;
        worst = Math.max(worst, Math.sqrt(s));
      }
      testKernelDriftTrack.push(worst);
      testPredictions.push(Float64Array.from(forward({ ...net0, w, x: xTest }).data));
    },
  });
  return {
    options: o,
    problem,
    xTest,
    H0,
    H0matrix,
    eta: r.eta,
    status: r.status,
    stepsUsed: r.steps,
    sqLoss: r.history.loss.map((l) => 2 * l),
    maxWeightChange: r.history.maxWeightChange.slice(),
    maxStepNorm: r.history.maxStepNorm.slice(),
    trackSteps,
    lambdaMinTrack,
    driftTrack,
    testKernelDriftTrack,
    testPredictions,
    seconds: seconds(t0),
  };
}
