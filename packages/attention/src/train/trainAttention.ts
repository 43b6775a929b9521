/**
 * Gradient descent on the attention layer (the analogue of Definition 3.5 of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024), with
 * every matrix trained), jointly or in the alternating scheme that Section 7
 * conjectures for Eq. (7): k steps on the softmax term $(W^K, W^Q)$, then k
 * steps on the value term $W^V$, and so on; float64 or float32. Checkpoints in
 * any `CheckpointStore` (files: `@softmax-ntk/attention/node`) and exact resume.
 */
import { initBackend } from '@softmax-ntk/linalg';
import { AttentionCheckpointError } from '../internal/checkpoint';
import { evaluate32 } from '../internal/core32';
import { forward64, gradient64, loss64, type AttentionWeightsGrad } from '../internal/core64';
import {
  argumentError,
  checkNonNegInt,
  checkPositive,
  checkPositiveInt,
  checkProblem,
  show,
} from '../internal/validate';
import { attentionSpectrum } from '../ntk/attentionSpectrum';
import { AttentionStepSizeError } from './stepSizeError';
import type { Precision } from '../model/evaluate';
import type { AttentionProblem } from '../problem/problem';
import type {
  AttentionCheckpointState,
  AttentionHistory,
  AttentionRecorder,
  AttentionStepContext,
  AttentionTrainResult,
  AttentionTrainStatus,
  Phase,
  CheckpointStore,
  Schedule,
} from './types';

/**
 * Options of {@link trainAttention}: the problem at $\theta(0)$, the step size $\eta$, the step budget, the update schedule and
 * the recorders.
 */
export interface TrainAttentionOptions {
  /** The layer at $\theta(0)$ and the sequences. */
  problem: AttentionProblem;
  /**
   * `float64` (default): exact kernels. `float32`: forward pass and gradient on the tfjs backend (initialised on
   * first use), weights held and updated in float32 ($\theta \leftarrow \mathrm{fl}_{32}(\theta - \mathrm{fl}_{32}(\eta g))$); `eta: "auto"` and the recorders are
   * computed in float64 at the float32 weights.
   */
  precision?: Precision;
  /** Step size $\eta$, or `"auto"` (default): $\eta = \mathrm{etaScale} / \lambda_{\max}(H(0))$ (H the full NTK Gram, so $\eta$ also suits $H_{KQ}$ and $H_V$ alone). */
  eta?: number | 'auto';
  /** c in $\eta = c / \lambda_{\max}$ (default 1). */
  etaScale?: number;
  /** Step budget (required). */
  steps: number;
  /** Stop when $L \le \varepsilon$, $\varepsilon$ = `epsilon` (default 0). */
  epsilon?: number;
  /** `joint` (default): every step updates $(W^K, W^Q, W^V)$. `alternating`: blocks of `alternateEvery` steps. */
  schedule?: Schedule;
  /** k: steps per block of the alternating schedule (an integer $\ge 1$, or Infinity: the first block never ends). Default 1. */
  alternateEvery?: number;
  /** The first block of the alternating schedule: `kq` (default) or `v`. */
  startWith?: 'kq' | 'v';
  /** Diverged when the loss exceeds L(0) for this many consecutive steps (default 20). */
  divergencePatience?: number;
  /** Extra history columns, each computed every `every` steps (e.g. {@link attentionKernelRecorders}). */
  recorders?: AttentionRecorder[];
  /** Return "stop" to stop (status `stopped`). */
  onStep?: (ctx: AttentionStepContext) => void | 'stop';
  /** Called after each step with the step, the step budget, the loss, $\eta$, the phase and the time since the start. */
  onProgress?: (p: { step: number; steps: number; loss: number; eta: number; phase: Phase; elapsedMs: number }) => void;
  /**
   * Where checkpoints go, written every `checkpointEvery` steps and at the end: `fileCheckpoints(path)` of
   * `@softmax-ntk/attention/node` (or `checkpointPath` with its `trainAttention`), or any {@link CheckpointStore}.
   */
  checkpoints?: CheckpointStore;
  /** Default 100. */
  checkpointEvery?: number;
  /** Continue from the stored checkpoint if there is one (else start afresh). */
  resume?: boolean;
}

const BUILTIN = ['step', 'loss', 'phase', 'stepGradNorm'];
const PHASE_CODE: Record<Phase, number> = { all: 0, kq: 1, v: 2 };

/**
 * The phase of step $\tau$: joint → all; alternating → block $\lfloor\tau/k\rfloor$, even blocks `startWith`, odd blocks the other.
 *
 * @param schedule - `joint` (every step updates all matrices) or `alternating`.
 * @param k - Steps per block of the alternating schedule (Infinity: one block forever).
 * @param startWith - The phase of the first block: `kq` or `v`.
 * @param tau - The step $\tau$ (from 0).
 *
 * @example
 * ```ts
 * import { phaseAt } from '@softmax-ntk/attention';
 *
 * // alternating blocks of 10 steps, starting with (W^K, W^Q)
 * console.log([0, 9, 10, 25].map((t) => phaseAt('alternating', 10, 'kq', t)).join(' ')); // kq kq v kq
 * ```
 */
export function phaseAt(schedule: Schedule, k: number, startWith: 'kq' | 'v', tau: number): Phase {
  if (schedule === 'joint') return 'all';
  const block = Number.isFinite(k) ? Math.floor(tau / k) : 0;
  return block % 2 === 0 ? startWith : startWith === 'kq' ? 'v' : 'kq';
}

/** The run's settings, every option checked and defaulted (the problem by {@link checkProblem}). */
interface Settings {
  problem: AttentionProblem;
  precision: Precision;
  steps: number;
  epsilon: number;
  schedule: Schedule;
  k: number;
  startWith: 'kq' | 'v';
  etaScale: number;
  patience: number;
  etaOpt: number | 'auto';
  checkpointEvery: number;
  recorders: AttentionRecorder[];
  store: CheckpointStore | undefined;
}

/** Every option of {@link trainAttention} checked, each refusal naming its option. */
function resolveSettings(options: TrainAttentionOptions): Settings {
  const problem = checkProblem(options.problem);
  const precision = options.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32')
    throw argumentError('precision', `must be "float64" or "float32", got ${show(precision)}`);
  const steps = checkNonNegInt('steps', options.steps);
  const epsilon = options.epsilon ?? 0;
  if (typeof epsilon !== 'number' || !(epsilon >= 0))
    throw argumentError('epsilon', `must be a number ≥ 0, got ${show(epsilon)}`);
  const schedule = options.schedule ?? 'joint';
  if (schedule !== 'joint' && schedule !== 'alternating')
    throw argumentError('schedule', `must be "joint" or "alternating", got ${show(schedule)}`);
  const k = options.alternateEvery ?? 1;
  if (k !== Infinity) checkPositiveInt('alternateEvery', k);
  const startWith = options.startWith ?? 'kq';
  if (startWith !== 'kq' && startWith !== 'v')
    throw argumentError('startWith', `must be "kq" or "v", got ${show(startWith)}`);
  const etaScale = checkPositive('etaScale', options.etaScale ?? 1);
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
  if (
    store !== undefined &&
    (store === null ||
      typeof store.read !== 'function' ||
      typeof store.write !== 'function' ||
      typeof store.fingerprint !== 'function')
  )
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
    schedule,
    k,
    startWith,
    etaScale,
    patience,
    etaOpt,
    checkpointEvery,
    recorders,
    store,
  };
}

/** $\eta = \mathrm{etaScale}/\lambda_{\max}(H(0))$ with that $\lambda_{\max}$; refused when $\lambda_{\max}$ is no scale to divide by. */
function autoEta(problem: AttentionProblem, etaScale: number): { eta: number; lambdaMax: number } {
  const s = attentionSpectrum({ problem });
  const lambdaMax = s.lambdaMax;
  // λ_max within its own error bound of 0 (H(0) = 0 when x = 0) is no scale to divide by
  if (!(lambdaMax > s.errorMax) || !Number.isFinite(lambdaMax)) {
    const why = lambdaMax > 0 && Number.isFinite(lambdaMax) ? ` (within its error bound ${s.errorMax})` : '';
    throw new AttentionStepSizeError(
      'eta',
      lambdaMax,
      `cannot choose eta automatically: λ_max(H(0)) is ${lambdaMax}${why}; pass a number as \`eta\``,
    );
  }
  const eta = etaScale / lambdaMax;
  if (!Number.isFinite(eta))
    throw new AttentionStepSizeError(
      'etaScale',
      lambdaMax,
      `cannot choose eta automatically: etaScale / λ_max(H(0)) = ${etaScale} / ${lambdaMax} is not a finite number; lower \`etaScale\` or pass a number as \`eta\``,
    );
  return { eta, lambdaMax };
}

/** Where a run starts: $\theta(\tau)$, $\eta$ and the history so far (all empty or initial for a fresh run). */
interface RunState {
  eta: number;
  lambdaMax: number | undefined;
  tau: number;
  w: { wk: Float64Array; wq: Float64Array; wv: Float64Array };
  lossStart: number | undefined;
  rising: number;
  history: AttentionHistory;
}

/** The state a checkpoint holds, refused (naming the field) when it was written for another problem or other settings. */
function restore(loaded: AttentionCheckpointState, store: CheckpointStore, hash: string, c: Settings): RunState {
  const { problem, schedule, k, startWith, precision, etaOpt } = c;
  const refuse = (field: string, detail: string): never => {
    throw new AttentionCheckpointError(store.location, field, detail);
  };
  const kText = (v: number) => (Number.isFinite(v) ? String(v) : 'Infinity');
  if (loaded.problemHash !== hash) refuse('problemHash', 'was written for a different problem (hash mismatch)');
  if (loaded.schedule !== schedule || loaded.alternateEvery !== k || loaded.startWith !== startWith)
    refuse(
      'schedule',
      `was written with schedule ${loaded.schedule} (k = ${kText(loaded.alternateEvery)}, starting with ${loaded.startWith}), got ${schedule} (k = ${kText(k)}, starting with ${startWith})`,
    );
  if (loaded.precision !== precision)
    refuse('precision', `was written with precision ${loaded.precision}, got ${precision}`);
  if (etaOpt !== 'auto' && etaOpt !== loaded.eta) refuse('eta', `was written with eta ${loaded.eta}, got ${etaOpt}`);
  const size = (f: 'wk' | 'wq' | 'wv') => {
    if (loaded[f].length !== problem[f].length)
      refuse(f, `\`${f}\` has ${loaded[f].length} entries, the problem ${problem[f].length}`);
    return Float64Array.from(loaded[f]);
  };
  const w = { wk: size('wk'), wq: size('wq'), wv: size('wv') };
  const history: AttentionHistory = { step: [], loss: [], phase: [], stepGradNorm: [] };
  for (const [key, col] of Object.entries(loaded.history)) history[key] = col.slice();
  for (const r of c.recorders)
    if (!history[r.name]) history[r.name] = new Array<number | null>(history.step.length).fill(null);
  return {
    eta: loaded.eta,
    lambdaMax: loaded.lambdaMax ?? undefined,
    tau: loaded.step,
    w,
    lossStart: loaded.lossStart ?? undefined,
    rising: loaded.risingSteps,
    history,
  };
}

/**
 * Gradient descent on the attention layer, on every matrix jointly or alternating between the softmax term ($W^K$,
 * $W^Q$) and the value term $W^V$, in float64 or float32, with checkpoints and exact resume.
 *
 * @param options - The problem at $\theta(0)$, the step size, the schedule, the stopping rules, recorders, hooks and
 *   checkpoints.
 *
 * @see Definition 3.5 (GD): $\theta(\tau+1) = \theta(\tau) - \eta \cdot \partial L/\partial\theta(\tau)$ restricted to the phase's matrices, gradients of Eq. (7)'s
 * layer in closed form (evaluate). At each $\tau$: evaluate $L(\tau)$ and the gradient, record row $\tau$, stop if $L \le \varepsilon$
 * (`converged`), L not finite or above L(0) for `divergencePatience` steps (`diverged`), $\tau = \mathrm{steps}$ (`budget`) or
 * `onStep` said "stop"; else update. Checkpoints hold $\theta(\tau)$ and rows $< \tau$; the phase is a function of $\tau$, so a resumed
 * run reproduces the uninterrupted one bit for bit (in either precision).
 *
 * @example
 * ```ts
 * import { makeAttentionTask, trainAttention } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * // 50 steps of joint GD at the default η = 1/λ_max(H(0))
 * const r = await trainAttention({ problem, steps: 50 });
 * console.log(r.status, r.steps, r.history.loss[0].toFixed(4), r.loss.toFixed(4)); // budget 50 1.8274 0.0339
 * ```
 */
export async function trainAttention(options: TrainAttentionOptions): Promise<AttentionTrainResult> {
  const c = resolveSettings(options);
  const { problem, precision, steps, epsilon, schedule, k, startWith, patience, checkpointEvery, recorders, store } = c;
  if (precision === 'float32') await initBackend();

  const hash = store ? store.fingerprint(problem) : '';
  const loaded = options.resume && store ? store.read() : undefined;
  let state: RunState;
  if (loaded && store) state = restore(loaded, store, hash, c);
  else {
    const { eta, lambdaMax } =
      c.etaOpt === 'auto' ? autoEta(problem, c.etaScale) : { eta: c.etaOpt, lambdaMax: undefined };
    // float32: θ(0) rounded to float32 once; every update below stays on float32 values.
    const cast = (a: Float64Array) => (precision === 'float32' ? a.map(Math.fround) : a.slice());
    const history: AttentionHistory = { step: [], loss: [], phase: [], stepGradNorm: [] };
    for (const r of recorders) history[r.name] = [];
    state = {
      eta,
      lambdaMax,
      tau: 0,
      w: { wk: cast(problem.wk), wq: cast(problem.wq), wv: cast(problem.wv) },
      lossStart: undefined,
      rising: 0,
      history,
    };
  }
  const { eta, lambdaMax, w, history } = state;
  let { tau, lossStart, rising } = state;

  const at = (): AttentionProblem => ({ ...problem, wk: w.wk.slice(), wq: w.wq.slice(), wv: w.wv.slice() });
  const save = (atStep: number, risingAt: number) => {
    if (!store) return;
    const hist: AttentionHistory = { step: [], loss: [], phase: [], stepGradNorm: [] };
    for (const [key, col] of Object.entries(history)) hist[key] = col.slice(0, atStep);
    const state: AttentionCheckpointState = {
      problemHash: hash,
      precision,
      eta,
      lambdaMax: lambdaMax ?? null,
      schedule,
      alternateEvery: k,
      startWith,
      step: atStep,
      wk: w.wk.slice(),
      wq: w.wq.slice(),
      wv: w.wv.slice(),
      lossStart: lossStart ?? null,
      risingSteps: risingAt,
      history: hist,
    };
    store.write(state);
  };

  // L(θ) and, when finite, ∂L/∂θ at the current weights, in the run's precision.
  const evalAt = (): { loss: number; grad: () => AttentionWeightsGrad } => {
    if (precision === 'float32') {
      const e = evaluate32({ ...problem, wk: w.wk, wq: w.wq, wv: w.wv }, true);
      return { loss: e.loss, grad: () => e.grad as AttentionWeightsGrad };
    }
    const fw = forward64(problem, w);
    return { loss: loss64(fw.F, problem.y), grad: () => gradient64(problem, fw) };
  };
  // float32 updates are float32 arithmetic: fl32(η) and each product and difference rounded to float32 (the float64
  // operations on float32 operands are exact before that rounding, so this is what tf.sub(w, tf.mul(g, η)) computes).
  const eta32 = Math.fround(eta);
  const update =
    precision === 'float32'
      ? (a: Float64Array, g: Float64Array) => {
          for (let t = 0; t < a.length; t++)
            a[t] = Math.fround((a[t] as number) - Math.fround(eta32 * (g[t] as number)));
        }
      : (a: Float64Array, g: Float64Array) => {
          for (let t = 0; t < a.length; t++) a[t] = (a[t] as number) - eta * (g[t] as number);
        };

  const t0 = performance.now();
  let status: AttentionTrainStatus;
  let message: string;
  let finalLoss: number;
  let prev: { wk: Float64Array; wq: Float64Array; wv: Float64Array } | undefined;
  for (;;) {
    const ev = evalAt();
    const loss = ev.loss;
    if (!Number.isFinite(loss)) {
      status = 'diverged';
      message = `diverged: the loss at step ${tau} is ${loss}`;
      if (prev) {
        Object.assign(w, prev);
        tau -= 1;
        finalLoss = history.loss[history.loss.length - 1] as number;
        message += `; returning θ(${tau}), the last weights with a finite loss`;
      } else finalLoss = loss;
      break;
    }
    lossStart ??= loss;
    const phase = phaseAt(schedule, k, startWith, tau);
    const g = ev.grad();
    let gn = 0;
    if (phase !== 'v') for (const a of [g.wk, g.wq]) for (const v of a) gn += v * v;
    if (phase !== 'kq') for (const v of g.wv) gn += v * v;
    let cached: AttentionProblem | undefined;
    const ctx: AttentionStepContext = { step: tau, loss, phase, eta, problem: () => (cached ??= at()) };
    history.step.push(tau);
    history.loss.push(loss);
    history.phase.push(PHASE_CODE[phase]);
    history.stepGradNorm.push(Math.sqrt(gn));
    for (const r of recorders)
      (history[r.name] as (number | null)[]).push(tau % (r.every ?? 1) === 0 ? r.record(ctx) : null);
    const hook = options.onStep?.(ctx);
    options.onProgress?.({ step: tau, steps, loss, eta, phase, elapsedMs: performance.now() - t0 });
    finalLoss = loss;
    const risingNext = loss > lossStart ? rising + 1 : 0;
    if (loss <= epsilon) {
      status = 'converged';
      message = `converged: loss ${loss} ≤ epsilon ${epsilon} at step ${tau}`;
      break;
    }
    if (risingNext >= patience) {
      status = 'diverged';
      message = `diverged: the loss stayed above its starting value ${lossStart} for ${patience} consecutive steps (step ${tau}, loss ${loss}); eta ${eta} is too large`;
      break;
    }
    if (tau >= steps) {
      status = 'budget';
      message = `step budget reached: ${steps} steps, loss ${loss}`;
      break;
    }
    if (hook === 'stop') {
      status = 'stopped';
      message = `stopped by onStep at step ${tau}, loss ${loss}`;
      break;
    }
    prev = { wk: w.wk.slice(), wq: w.wq.slice(), wv: w.wv.slice() };
    if (phase !== 'v') {
      update(w.wk, g.wk);
      update(w.wq, g.wq);
    }
    if (phase !== 'kq') update(w.wv, g.wv);
    rising = risingNext;
    tau += 1;
    if (tau % checkpointEvery === 0) save(tau, rising);
  }
  if (!(status === 'diverged' && !Number.isFinite(finalLoss))) save(tau, rising);
  return {
    problem: at(),
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
