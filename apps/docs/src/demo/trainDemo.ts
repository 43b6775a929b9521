/**
 * Demo 1: gradient descent on the two-layer softmax network, step by step,
 * against Lemma 5.3 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024):
 *
 *     L(W(τ)) ≤ (1 − mηλ/2)^τ · L(W(0)),   λ = λ_min(H(0)),
 *
 * with λ_min(H(τ)) (Claim E.5 asks ≥ λ/2) and the weight movement
 * max_r ‖w_r(τ) − w_r(0)‖₂ (Lemma 5.3 keeps it below R) along the run.
 *
 * Everything is computed by the packages: `makeProblem` (data in the unit
 * ball, symmetric initialisation, Definition 3.7), `gram` + `spectrum`
 * (Definition 3.6, float64), and `train` (Definition 3.5) in float32 on the
 * page's tfjs backend, in chunks of a few steps so the page can redraw.
 */
import './tfjsBackends';
import { loadValidation } from '@softmax-ntk/linalg';
import { initBackend, makeProblem, train, type Matrix, type Problem, type StepContext } from '@softmax-ntk/network';
import { gram, kernelRecorders, spectrum } from '@softmax-ntk/ntk';

export interface TrainDemoOptions {
  /** Samples n (inputs and labels in the unit ball of R^d). */
  n: number;
  /** Hidden neurons m (even: symmetric initialisation). */
  numNeurons: number;
  /** c in η = c / λ_max(J Jᵀ) at W(0) = c / (m·λ_max(H(0))). */
  etaScale: number;
  /** σ of the initial weights. */
  sigma: number;
  seed: number;
  /** Input and output dimension d (default 2). */
  d?: number;
  /** GD steps (default 300). */
  steps?: number;
  /** Steps per animation frame (default 5). */
  chunk?: number;
  /** λ_min(H(τ)) every this many steps (default 5; must divide `chunk`). */
  kernelEvery?: number;
}

export interface TrainDemoRow {
  step: number;
  /** L(W(τ)) = ½‖F(τ) − Y‖²_F. */
  loss: number;
  /** (1 − mηλ/2)^τ · L(W(0)). */
  bound: number;
  /** λ_min(H(τ)), null on steps where it was not computed. */
  lambdaMin: number | null;
  /** max_r ‖w_r(τ) − w_r(0)‖₂. */
  movement: number;
}

export interface TrainDemoSetup {
  backend: string;
  problem: Problem;
  /** λ = λ_min(H(0)). */
  lambda: number;
  lambdaMaxH: number;
  eta: number;
  /** mηλ (the bound's rate is 1 − mηλ/2 per step). */
  rate: number;
}

function maxRowDistance(w: Matrix, w0: Matrix): number {
  let best = 0;
  for (let r = 0; r < w.rows; r++) {
    let s = 0;
    for (let j = 0; j < w.cols; j++)
      s += ((w.data[r * w.cols + j] as number) - (w0.data[r * w.cols + j] as number)) ** 2;
    best = Math.max(best, Math.sqrt(s));
  }
  return best;
}

/** Set up the problem and its kernel at W(0). */
export async function setupTraining(o: TrainDemoOptions): Promise<TrainDemoSetup> {
  const info = await initBackend();
  await loadValidation(); // the validator (zod) loads in the background in a browser
  const d = o.d ?? 2;
  const { problem } = makeProblem({ n: o.n, dIn: d, dOut: d, numNeurons: o.numNeurons, sigma: o.sigma, seed: o.seed });
  const H0 = gram({ w: problem.w, a: problem.a, x: problem.x });
  const spec = spectrum({ H: H0 });
  const m = o.numNeurons;
  const eta = o.etaScale / (m * spec.lambdaMax);
  return {
    backend: info.backend,
    problem,
    lambda: spec.lambdaMin,
    lambdaMaxH: spec.lambdaMax,
    eta,
    rate: m * eta * spec.lambdaMin,
  };
}

/** What a run ended with: its rows, and whether gradient descent diverged (then the run stopped there). */
export interface TrainDemoRun {
  rows: TrainDemoRow[];
  /**
   * The step at which GD diverged, or null: `train`'s divergence rule fired (a non-finite or exploding loss), or the
   * loss ended above L(W(0)) — with η above 2/λ_max(J Jᵀ) (c > 2) the top mode of the residual grows every step.
   */
  divergedAt: number | null;
}

/**
 * Run GD from `setup.problem`, calling `onRows` after every chunk and
 * awaiting `frame()` (e.g. requestAnimationFrame) between chunks. Resolves
 * with all rows and whether GD diverged; stops early when `signal.aborted`.
 */
export async function runTraining(
  o: TrainDemoOptions,
  setup: TrainDemoSetup,
  onRows: (rows: TrainDemoRow[]) => void,
  frame: () => Promise<void>,
  signal?: { aborted: boolean },
): Promise<TrainDemoRun> {
  const steps = o.steps ?? 300;
  const chunk = o.chunk ?? 5;
  const every = o.kernelEvery ?? 5;
  const w0 = setup.problem.w;
  const rows: TrainDemoRow[] = [];
  let problem = setup.problem;
  let done = 0;
  let L0 = NaN;
  let divergedAt: number | null = null;
  const lambdaMin = kernelRecorders({ every }).filter((r) => r.name === 'lambdaMin');
  const movement = { name: 'movement', record: (ctx: StepContext) => maxRowDistance(ctx.weights(), w0) };
  while (done < steps && !signal?.aborted) {
    const k = Math.min(chunk, steps - done);
    const res = await train({
      problem,
      steps: k,
      eta: setup.eta,
      precision: 'float32',
      recorders: [...lambdaMin, movement],
    });
    const h = res.history;
    // Row 0 of a chunk repeats the last row of the one before.
    for (let j = done === 0 ? 0 : 1; j < h.step.length; j++) {
      const step = done + (h.step[j] as number);
      const loss = h.loss[j] as number;
      if (step === 0) L0 = loss;
      rows.push({
        step,
        loss,
        bound: L0 * Math.pow(1 - setup.rate / 2, step),
        lambdaMin: (h['lambdaMin']?.[j] as number | null) ?? null,
        movement: h['movement']?.[j] as number,
      });
    }
    done += res.steps;
    problem = res.problem;
    onRows(rows);
    if (res.status === 'diverged') {
      divergedAt = rows[rows.length - 1]?.step ?? done;
      break;
    }
    await frame();
  }
  const last = rows[rows.length - 1];
  if (divergedAt === null && last && last.step > 0 && !(last.loss <= L0)) divergedAt = last.step;
  return { rows, divergedAt };
}
