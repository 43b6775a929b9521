/**
 * Gradient descent on the first layer W with the second layer `a` fixed (Definition 3.5 of Gu,
 * Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024)), with
 * an automatic step size, cheap per-step recorders, a divergence rule and
 * exact checkpoint/resume.
 */
import {
  Rng,
  initBackend,
  maxAbsNorm,
  type Matrix,
  type SoftmaxGradient64Options,
  type SoftmaxGradient64Result,
} from '@softmax-ntk/linalg';
import { CheckpointError, truncateHistory } from '../internal/checkpoint';
import { makeEngine, type Engine } from '../internal/engine';
import {
  argumentError,
  checkNonNeg,
  checkNonNegInt,
  checkPositive,
  checkPositiveInt,
  checkPrecision,
  show,
} from '../internal/validate';
import type { Precision } from '../network/activation';
import { checkProblem } from '../problem/checkProblem';
import type { Problem } from '../problem/problem';
import { lambdaMaxWith } from './estimateLambdaMax';
import type { CheckpointStore, History, Recorder, StepContext, TrainProgress, TrainResult, TrainStatus } from './types';

/** Options of {@link train}. */
export interface TrainOptions {
  /** The network at W(0) and the data. */
  problem: Problem;
  /**
   * Default `"float64"`. `"float32"`: the softmax network's steps on linalg's fused float32 kernel, the relu and
   * exp networks' on the tfjs backend (initialised here if needed; the $\lambda_{\max}$ of `eta: "auto"` uses it too).
   */
  precision?: Precision;
  /**
   * The float64 softmax step (default: linalg's `softmaxGradient64`, in this thread). `@softmax-ntk/network/node`'s
   * `train` passes linalg's `softmaxGradient64Threads` (both cores, bitwise the same numbers).
   */
  gradient64?: (options: SoftmaxGradient64Options) => SoftmaxGradient64Result;
  /** The float32 softmax step (default: linalg's `softmaxGradient32`); the Node `train` passes `softmaxGradient32Threads`. */
  gradient32?: (options: SoftmaxGradient64Options) => SoftmaxGradient64Result;
  /** Step size $\eta$, or `"auto"` (default): $\eta = \mathrm{etaScale} / \lambda_{\max}(J J^\top)$ at $W(0)$. */
  eta?: number | 'auto';
  /** c in $\eta = c / \lambda_{\max}$ (default 1). */
  etaScale?: number;
  /** Power iterations for $\lambda_{\max}$ (default 20). */
  powerIterations?: number;
  /** Step budget: at most this many updates (required). */
  steps: number;
  /** Stop when $L(W(\tau)) \le \varepsilon$, $\varepsilon$ = `epsilon` (default 0: run the whole budget unless the loss reaches 0). */
  epsilon?: number;
  /** Heavy-ball momentum $\mu \in [0, 1)$ — beyond the paper; default 0 (plain GD). */
  momentum?: number;
  /** Diverged when the loss exceeds L(W(0)) for this many consecutive steps (default 20). */
  divergencePatience?: number;
  /** Extra history columns. */
  recorders?: Recorder[];
  /** Called at every step after the recorders; return `"stop"` to stop (status `"stopped"`). */
  onStep?: (ctx: StepContext) => void | 'stop';
  /** Called at every step with a summary (for progress display). */
  onProgress?: (p: TrainProgress) => void;
  /**
   * Where checkpoints go; written every `checkpointEvery` steps and when training stops. Files:
   * `fileCheckpoints(path)`, or `checkpointPath` with the `train` of `@softmax-ntk/network/node`.
   */
  checkpoints?: CheckpointStore;
  /** K: checkpoint when $\tau \bmod K = 0$ (default 100). */
  checkpointEvery?: number;
  /** Continue from the stored checkpoint if there is one (else start afresh). */
  resume?: boolean;
  /** Seed of the power iteration's start vector (default 0). */
  seed?: number | string;
}

const BUILTIN = ['step', 'loss', 'maxWeightChange', 'maxStepNorm'];

/** The options of {@link train} checked, with every default filled in. */
interface TrainSettings {
  problem: Problem;
  precision: Precision;
  steps: number;
  epsilon: number;
  momentum: number;
  etaScale: number;
  powerIterations: number;
  patience: number;
  etaOpt: number | 'auto';
  checkpointEvery: number;
  recorders: Recorder[];
  store: CheckpointStore | undefined;
}

/** Step 1: validation at the public edge, one message naming the option. */
function checkTrainOptions(options: TrainOptions): TrainSettings {
  const problem = checkProblem(options.problem);
  const precision = checkPrecision(options.precision);
  const steps = checkNonNegInt('steps', options.steps);
  const epsilon = checkNonNeg('epsilon', options.epsilon ?? 0);
  const momentum = checkNonNeg('momentum', options.momentum ?? 0);
  if (momentum >= 1) throw argumentError('momentum', `must be in [0, 1), got ${momentum}`);
  const etaScale = checkPositive('etaScale', options.etaScale ?? 1);
  const powerIterations = checkPositiveInt('powerIterations', options.powerIterations ?? 20);
  const patience = checkPositiveInt('divergencePatience', options.divergencePatience ?? 20);
  const etaOpt = options.eta ?? 'auto';
  if (etaOpt !== 'auto') checkPositive('eta', etaOpt);
  const checkpointEvery = checkPositiveInt('checkpointEvery', options.checkpointEvery ?? 100);
  const recorders = options.recorders ?? [];
  for (const r of recorders) {
    if (!r || typeof r.name !== 'string' || typeof r.record !== 'function')
      throw argumentError('recorders', `entries must be {name, every?, record}, got ${show(r)}`);
    if (BUILTIN.includes(r.name)) throw argumentError('recorders', `column name ${JSON.stringify(r.name)} is taken`);
    if (r.every !== undefined) checkPositiveInt(`recorders[${JSON.stringify(r.name)}].every`, r.every);
  }
  const store = options.checkpoints;
  if (store !== undefined && (typeof store.read !== 'function' || typeof store.write !== 'function'))
    throw argumentError(
      'checkpoints',
      `must be a CheckpointStore {location, fingerprint, read, write}, got ${show(store)}`,
    );
  if (options.resume && !store) throw argumentError('resume', 'needs `checkpoints` (or `checkpointPath`), got none');
  return {
    problem,
    precision,
    steps,
    epsilon,
    momentum,
    etaScale,
    powerIterations,
    patience,
    etaOpt,
    checkpointEvery,
    recorders,
    store,
  };
}

/** The state at the start of a step: what a checkpoint holds. */
interface TrainState {
  rng: Rng;
  eta: number;
  lambdaMax: number | undefined;
  step0: number;
  w: Matrix;
  velocity: Matrix | undefined;
  lossStart: number | undefined;
  rising: number;
  history: History;
}

type Checkpoint = NonNullable<ReturnType<CheckpointStore['read']>>;

/** Step 2a: the state stored in a checkpoint, refused (naming the option that changed) unless it continues this run. */
function resumeState(loaded: Checkpoint, settings: TrainSettings, hash: string): TrainState {
  const { problem, precision, momentum, etaOpt, etaScale, steps, recorders } = settings;
  const ckPath = settings.store?.location;
  // Every mismatch names the option that changed: resuming must give the uninterrupted run, or nothing.
  const mismatch = (field: string, message: string): never => {
    throw new CheckpointError('', `cannot resume: checkpoint ${JSON.stringify(ckPath)} ${message}`, { field });
  };
  if (loaded.problemHash !== hash)
    mismatch('problemHash', 'was written for a different problem (hash mismatch); remove it to start afresh');
  if (loaded.precision !== precision)
    mismatch('precision', `was written with precision ${loaded.precision}, got ${precision}`);
  if (loaded.momentum !== momentum)
    mismatch('momentum', `was written with momentum ${loaded.momentum}, got ${momentum}`);
  if (etaOpt !== 'auto' && etaOpt !== loaded.eta) mismatch('eta', `was written with eta ${loaded.eta}, got ${etaOpt}`);
  if (etaOpt === 'auto' && loaded.lambdaMax !== null && etaScale / loaded.lambdaMax !== loaded.eta)
    mismatch(
      'etaScale',
      `was written with etaScale ${loaded.eta * loaded.lambdaMax} (eta = ${loaded.eta}), got etaScale ${etaScale}`,
    );
  if (loaded.w.rows !== problem.w.rows || loaded.w.cols !== problem.w.cols)
    mismatch(
      'w',
      `holds W of ${loaded.w.rows} × ${loaded.w.cols}, the problem's is ${problem.w.rows} × ${problem.w.cols}`,
    );
  if (loaded.step > steps)
    mismatch(
      'steps',
      `is at step ${loaded.step}, beyond the step budget steps = ${steps}; give steps ≥ ${loaded.step}`,
    );
  const history: History = { step: [], loss: [], maxWeightChange: [], maxStepNorm: [] };
  for (const [k, col] of Object.entries(loaded.history)) history[k] = col.slice();
  for (const r of recorders)
    if (!history[r.name]) history[r.name] = new Array<number | null>(history.step.length).fill(null);
  return {
    rng: Rng.fromState(loaded.rng),
    eta: loaded.eta,
    lambdaMax: loaded.lambdaMax ?? undefined,
    step0: loaded.step,
    w: loaded.w,
    velocity: loaded.velocity,
    lossStart: loaded.lossStart ?? undefined,
    rising: loaded.risingSteps,
    history,
  };
}

/**
 * The size of $\lambda_{\max}(J J^\top)$ that rounding alone can produce. For the softmax network each entry of $\partial F_{\ell,i}/\partial w_r$ is
 * $m(a_{\ell,r} - \langle a_{\ell}, S_i\rangle)S_{i,r}x_i$ (Claim 3.4), at most $2m \cdot \max\lvert a \rvert \cdot \max\lVert x_i \rVert \cdot S_{i,r}$ in size with $\sum_r S_{i,r}^2 \le 1$, so
 * $\operatorname{tr}(J J^\top) \le n \cdot d_\text{out} \cdot (2m \cdot \max\lvert a \rvert \cdot \max\lVert x \rVert)^2$; when the differences cancel (a ≡ const makes F constant in W) what
 * remains is rounding, about $\varepsilon_\text{mach}$ times that scale per entry. Below $(10^3 \cdot \varepsilon_\text{mach})^2 \times$ the bound the estimate is
 * noise, and $\eta = c/\lambda_{\max}$ would be astronomically large. Other activations keep the plain `λ_max > 0` rule.
 */
function roundingFloor(problem: Problem, precision: Precision): number {
  if (problem.activation !== 'softmax') return 0;
  const eps = precision === 'float32' ? 2 ** -23 : 2 ** -52;
  const aMax = maxAbsNorm({ a: problem.a });
  let xMax = 0;
  const { rows, cols, data } = problem.x;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (data[i * cols + j] ?? 0) ** 2;
    xMax = Math.max(xMax, Math.sqrt(s));
  }
  const m = problem.w.rows;
  const scale = 2 * m * aMax * xMax;
  return rows * problem.a.rows * scale * scale * (1e3 * eps) ** 2;
}

/** Step 2b: a fresh start at W(0), $\eta$ given or $\eta = \mathrm{etaScale}/\lambda_{\max}(J J^\top)$ by power iteration. */
function freshState(settings: TrainSettings, seed: number | string): TrainState {
  const { problem, precision, powerIterations, etaOpt, etaScale, recorders } = settings;
  const rng = new Rng(seed);
  let eta: number;
  let lambdaMax: number | undefined;
  if (etaOpt === 'auto') {
    lambdaMax = lambdaMaxWith(problem, problem.w, precision, powerIterations, rng);
    const floor = roundingFloor(problem, precision);
    if (!(lambdaMax > floor) || !Number.isFinite(lambdaMax)) {
      const why =
        lambdaMax > 0 && Number.isFinite(lambdaMax) ? ` (rounding level: at most ${floor.toPrecision(3)})` : '';
      throw Object.assign(
        new Error(
          `cannot choose eta automatically: the estimate of λ_max(J Jᵀ) at W(0) is ${lambdaMax}${why}; pass a number as \`eta\` (--eta)`,
        ),
        { field: 'eta' },
      );
    }
    eta = etaScale / lambdaMax;
  } else {
    eta = etaOpt;
  }
  const history: History = { step: [], loss: [], maxWeightChange: [], maxStepNorm: [] };
  for (const r of recorders) history[r.name] = [];
  return {
    rng,
    eta,
    lambdaMax,
    step0: 0,
    w: problem.w,
    velocity: undefined,
    lossStart: undefined,
    rising: 0,
    history,
  };
}

/** Step 3, per step: history row $\tau$ (built-in columns, then the recorders, each at its own interval). */
function recordRow(history: History, recorders: Recorder[], ctx: StepContext): void {
  history.step.push(ctx.step);
  history.loss.push(ctx.loss);
  history.maxWeightChange.push(ctx.maxWeightChange);
  history.maxStepNorm.push(ctx.maxStepNorm);
  for (const r of recorders)
    (history[r.name] as (number | null)[]).push(ctx.step % (r.every ?? 1) === 0 ? r.record(ctx) : null);
}

/**
 * Step 3, per step: the stopping rule after row $\tau$ is recorded — converged, diverged (the loss above L(0) for
 * `patience` steps), budget, or stopped by `onStep` — in that order; null: update and go on.
 */
function stopReason(
  settings: TrainSettings,
  tau: number,
  loss: number,
  lossStart: number,
  risingNext: number,
  eta: number,
  hook: void | 'stop' | undefined,
): { status: TrainStatus; message: string } | null {
  const { epsilon, patience, steps } = settings;
  if (loss <= epsilon)
    return { status: 'converged', message: `converged: loss ${loss} ≤ epsilon ${epsilon} at step ${tau}` };
  if (risingNext >= patience)
    return {
      status: 'diverged',
      message: `diverged: the loss stayed above its starting value ${lossStart} for ${patience} consecutive steps (step ${tau}, loss ${loss}); eta ${eta} is too large`,
    };
  if (tau >= steps) return { status: 'budget', message: `step budget reached: ${steps} steps, loss ${loss}` };
  if (hook === 'stop') return { status: 'stopped', message: `stopped by onStep at step ${tau}, loss ${loss}` };
  return null;
}

/**
 * Gradient descent on the first-layer weights W with the second layer `a` fixed (Definition 3.5): automatic step size, per-step
 * recorders, a divergence rule and exact checkpoint/resume.
 *
 * @param options - The problem at W(0), the step size, the stopping rules, recorders, hooks and checkpoints.
 *
 * @see Definition 3.5: $W(\tau+1) = W(\tau) - \eta \cdot \Delta W(\tau)$, $\Delta W$ from Claim 3.4, a fixed.
 *
 * At each step $\tau = 0, 1, \dots$: evaluate $L(\tau)$ and $\Delta W(\tau)$ at $W(\tau)$, record the
 * history row $\tau$, then stop if $L(\tau) \le \varepsilon$ (`converged`), if L is not finite or
 * has exceeded L(0) for `divergencePatience` consecutive steps (`diverged`),
 * if $\tau = \mathrm{steps}$ (`budget`) or if `onStep` returned "stop" (`stopped`); else
 * update. So the final W is $W(\tau)$ of the last row (after a non-finite loss:
 * the last W with a finite loss, whose row is the last one kept).
 *
 * Checkpoints hold the state at the start of a step ($W(\tau)$, velocity, rows
 * $< \tau$, $\eta$), so a run killed at any moment loses at most the last K steps, and
 * resuming reproduces the uninterrupted trajectory bit for bit ($\eta$ is stored,
 * never re-estimated).
 *
 * @see Theorem 4.2 / Theorem C.1
 *
 * @example
 * ```ts
 * import { makeProblem, train } from '@softmax-ntk/network';
 *
 * // Plain GD (Definition 3.5) with η = 1/λ_max(J Jᵀ), float64, until L(W(τ)) ≤ 1e-6·L(W(0)) (L(W(0)) = ½‖Y‖²)
 * const { problem } = makeProblem({ n: 8, dIn: 4, dOut: 2, numNeurons: 256, sigma: 1, seed: 1 });
 * const start = 0.5 * problem.y.data.reduce((s, v) => s + v * v, 0);
 * const r = await train({ problem, precision: 'float64', steps: 20000, epsilon: 1e-6 * start });
 * console.log(r.status, r.steps, r.loss <= 1e-6 * start, r.eta.toPrecision(4)); // converged 210 true 0.001167
 * ```
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const settings = checkTrainOptions(options);
  const { problem, precision, momentum, steps, recorders, store, checkpointEvery } = settings;
  if (precision === 'float32') await initBackend();

  // The problem's fingerprint is only needed to tie checkpoints to it.
  const hash = store ? store.fingerprint(problem) : '';
  const loaded = options.resume && store ? store.read() : undefined;
  const state = loaded ? resumeState(loaded, settings, hash) : freshState(settings, options.seed ?? 0);
  const { rng, eta, lambdaMax, history } = state;
  let { lossStart, rising } = state;

  const engine: Engine = makeEngine({
    problem,
    precision,
    gradient64: options.gradient64,
    gradient32: options.gradient32,
    eta,
    momentum,
    w0: problem.w,
    w: state.w,
    velocity: state.velocity,
  });
  const t0 = performance.now();
  let status: TrainStatus;
  let message: string;
  let tau = state.step0;
  let finalW: Matrix | undefined;
  let finalLoss: number;

  const save = (atStep: number, risingAt: number) => {
    if (!store) return;
    store.write({
      format: 'softmax-ntk/checkpoint',
      version: 1,
      problemHash: hash,
      precision,
      eta,
      lambdaMax: lambdaMax ?? null,
      momentum,
      step: atStep,
      w: engine.weights(),
      velocity: engine.velocity(),
      lossStart: lossStart ?? null,
      risingSteps: risingAt,
      rng: rng.getState(),
      history: truncateHistory(history, atStep),
    });
  };

  try {
    for (;;) {
      const s = engine.evaluate();
      if (!Number.isFinite(s.loss)) {
        status = 'diverged';
        message = `diverged: the loss at step ${tau} is ${s.loss}; returning W(${Math.max(tau - 1, 0)}), the last weights with a finite loss`;
        const prev = engine.previousWeights();
        if (prev) {
          finalW = prev;
          finalLoss = history.loss[history.loss.length - 1] ?? NaN;
          tau -= 1;
        } else {
          // Non-finite at the first step of this run (W(0), or the W of a resumed checkpoint): nothing older is held.
          finalW = engine.weights();
          finalLoss = s.loss;
          message = `diverged: the loss at step ${tau} is ${s.loss}, the first step of this run`;
        }
        break;
      }
      if (lossStart === undefined) lossStart = s.loss;
      let cachedW: Matrix | undefined;
      const ctx: StepContext = {
        step: tau,
        loss: s.loss,
        maxWeightChange: s.maxWeightChange,
        maxStepNorm: s.maxStepNorm,
        eta,
        precision,
        problem,
        weights: () => (cachedW ??= engine.weights()),
      };
      recordRow(history, recorders, ctx);
      const hook = options.onStep?.(ctx);
      options.onProgress?.({ step: tau, steps, loss: s.loss, eta, elapsedMs: performance.now() - t0 });
      const risingNext = s.loss > lossStart ? rising + 1 : 0;
      finalLoss = s.loss;
      const stop = stopReason(settings, tau, s.loss, lossStart, risingNext, eta, hook);
      if (stop) {
        ({ status, message } = stop);
        break;
      }
      engine.advance();
      rising = risingNext;
      tau += 1;
      if (tau % checkpointEvery === 0) save(tau, rising);
    }
    if (status === 'diverged' && !Number.isFinite(finalLoss)) {
      // Non-finite loss: keep the checkpoint at its last interval, nothing newer is trustworthy.
    } else {
      save(tau, rising);
    }
    finalW ??= engine.weights();
  } finally {
    engine.dispose();
  }
  return {
    w: finalW,
    problem: { ...problem, w: finalW },
    status,
    steps: tau,
    loss: finalLoss,
    eta,
    lambdaMax,
    history,
    message,
    resumed: loaded !== undefined,
  };
}
