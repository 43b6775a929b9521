/** Types of the attention trainer (joint and alternating gradient descent on $(W^K, W^Q, W^V)$). */
import type { Precision } from '../model/evaluate';
import type { AttentionProblem } from '../problem/problem';

/** Which matrices a step updates. */
export type Phase = 'all' | 'kq' | 'v';
/**
 * How {@link trainAttention} updates $\theta$: `"joint"` (every matrix each step) or `"alternating"` ($(W^K, W^Q)$ and $W^V$ in
 * turn).
 */
export type Schedule = 'joint' | 'alternating';

/** What a recorder or the `onStep` hook sees at step $\tau$ (before the update $\theta(\tau) \to \theta(\tau+1)$). */
export interface AttentionStepContext {
  /** $\tau$, the step about to be taken (from 0). */
  step: number;
  /** $L(\theta(\tau)) = \frac12 \sum_s \lVert F(X_s) - Y_s \rVert^2_F$. */
  loss: number;
  /** The matrices the update from $\theta(\tau)$ will change. */
  phase: Phase;
  /** The step size $\eta$ of the update. */
  eta: number;
  /** The problem at $\theta(\tau)$ (shares no storage with the trainer's state). */
  problem(): AttentionProblem;
}

/** A history column computed at steps $\tau$ with $\tau \bmod \mathrm{every} = 0$ (null elsewhere); a function of the context only. */
export interface AttentionRecorder {
  /** The history column the recorder fills (must not clash with `step`, `loss`, `phase`, `stepGradNorm`). */
  name: string;
  /** Record at steps $\tau$ with $\tau \bmod \mathrm{every} = 0$ (default 1: every step). */
  every?: number;
  /**
   * The column's value at this step.
   *
   * @param ctx - The step's context: $\tau$, the loss, the phase, $\eta$ and the problem at $\theta(\tau)$.
   */
  record(ctx: AttentionStepContext): number;
}

/**
 * The per-step record of a {@link trainAttention} run: step, loss, the phase of each update and the recorders'
 * columns.
 */
export interface AttentionHistory {
  /** $\tau$ of each row (0, 1, …). */
  step: number[];
  /** $L(\theta(\tau))$ of each row. */
  loss: number[];
  /** 0: all, 1: $(W^K, W^Q)$, 2: $W^V$ — the phase of the update that followed the row. */
  phase: number[];
  /** $\lVert \partial L/\partial\theta \rVert_F$ of the matrices updated at that step. */
  stepGradNorm: number[];
  [column: string]: (number | null)[];
}

/**
 * How a {@link trainAttention} run ended: converged to the target loss, used its step budget, diverged, or was
 * stopped.
 */
export type AttentionTrainStatus = 'converged' | 'budget' | 'diverged' | 'stopped';

/**
 * What {@link trainAttention} returns: the problem at the final $\theta$, how the run ended, its step count, loss and
 * history.
 */
export interface AttentionTrainResult {
  /** The problem at the final $\theta$. */
  problem: AttentionProblem;
  /** How the run ended: `converged`, `budget`, `diverged` or `stopped`. */
  status: AttentionTrainStatus;
  /** Updates performed in total (including those before a resume). */
  steps: number;
  /** The loss at the final $\theta$. */
  loss: number;
  /** The step size used (the number given, or $1/\lambda_{\max}(H(0))$ for `auto`). */
  eta: number;
  /** $\lambda_{\max}(H(0))$ when eta was 'auto'. */
  lambdaMax: number | undefined;
  /** One row per step $\tau = 0$ … steps (rows before a resume included). */
  history: AttentionHistory;
  /** One line saying how the run ended, with the step and the loss. */
  message: string;
  /** True when the run continued from a stored checkpoint. */
  resumed: boolean;
}

/**
 * The trainer's state at the start of step $\tau$ = `step`: $\theta(\tau)$, the history rows $< \tau$ and what a resumed run must match.
 * Weights of a float32 run are float32 values held exactly in float64.
 */
export interface AttentionCheckpointState {
  /** The fingerprint of the problem at $\theta(0)$ (the store's `fingerprint`). */
  problemHash: string;
  /** The precision of the run (a resumed run must use the same). */
  precision: Precision;
  /** The step size $\eta$ in use. */
  eta: number;
  /** $\lambda_{\max}(H(0))$ when $\eta$ was `auto`, else null. */
  lambdaMax: number | null;
  /** The schedule of the run (a resumed run must use the same). */
  schedule: Schedule;
  /** k (Infinity: one block forever). */
  alternateEvery: number;
  /** The first block of the alternating schedule. */
  startWith: 'kq' | 'v';
  /** Next step to compute: the weights are $\theta(\mathrm{step})$, the history holds steps < step. */
  step: number;
  /** $W^K$ at $\theta(\mathrm{step})$, $H \times d_h \times d$. */
  wk: Float64Array;
  /** $W^Q$ at $\theta(\mathrm{step})$, $H \times d_h \times d$. */
  wq: Float64Array;
  /** $W^V$ at $\theta(\mathrm{step})$, $H \times d \times d$. */
  wv: Float64Array;
  /** $L(\theta(0))$, the reference of the divergence rule (null before the first step). */
  lossStart: number | null;
  /** Consecutive steps with the loss above L(0) before `step`. */
  risingSteps: number;
  /** The history rows of the steps before `step`. */
  history: AttentionHistory;
}

/**
 * Where `trainAttention` keeps its checkpoints. `fileCheckpoints(path)` of `@softmax-ntk/attention/node` keeps them
 * in a file (atomic writes); any object with these members works (memory, IndexedDB, …).
 */
export interface CheckpointStore {
  /** Names the store in messages (the file path for files). */
  readonly location: string;
  /**
   * The problem's fingerprint stored in every checkpoint; a resumed checkpoint must carry the same.
   *
   * @param problem - The problem at $\theta(0)$.
   */
  fingerprint(problem: AttentionProblem): string;
  /** The stored checkpoint, or undefined when there is none. */
  read(): AttentionCheckpointState | undefined;
  /**
   * Replace the stored checkpoint.
   *
   * @param checkpoint - The trainer's state to store.
   */
  write(checkpoint: AttentionCheckpointState): void;
}
