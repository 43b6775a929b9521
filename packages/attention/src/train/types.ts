/** Types of the attention trainer (joint and alternating gradient descent on (W^K, W^Q, W^V)). */
import type { AttentionProblem } from '../problem/problem';

/** Which matrices a step updates. */
export type Phase = 'all' | 'kq' | 'v';
/**
 * How {@link trainAttention} updates θ: `"joint"` (every matrix each step) or `"alternating"` ((W^K, W^Q) and W^V in
 * turn).
 */
export type Schedule = 'joint' | 'alternating';

/** What a recorder or the `onStep` hook sees at step τ (before the update θ(τ) → θ(τ+1)). */
export interface AttentionStepContext {
  step: number;
  loss: number;
  /** The matrices the update from θ(τ) will change. */
  phase: Phase;
  eta: number;
  /** The problem at θ(τ) (shares no storage with the trainer's state). */
  problem(): AttentionProblem;
}

/** A history column computed at steps τ with τ % every === 0 (null elsewhere); a function of the context only. */
export interface AttentionRecorder {
  name: string;
  every?: number;
  record(ctx: AttentionStepContext): number;
}

/**
 * The per-step record of a {@link trainAttention} run: step, loss, the phase of each update and the recorders'
 * columns.
 */
export interface AttentionHistory {
  step: number[];
  loss: number[];
  /** 0: all, 1: (W^K, W^Q), 2: W^V — the phase of the update that followed the row. */
  phase: number[];
  /** ‖∂L/∂θ‖_F of the matrices updated at that step. */
  stepGradNorm: number[];
  [column: string]: (number | null)[];
}

/**
 * How a {@link trainAttention} run ended: converged to the target loss, used its step budget, diverged, or was
 * stopped.
 */
export type AttentionTrainStatus = 'converged' | 'budget' | 'diverged' | 'stopped';

/**
 * What {@link trainAttention} returns: the problem at the final θ, how the run ended, its step count, loss and
 * history.
 */
export interface AttentionTrainResult {
  /** The problem at the final θ. */
  problem: AttentionProblem;
  status: AttentionTrainStatus;
  /** Updates performed in total (including those before a resume). */
  steps: number;
  loss: number;
  eta: number;
  /** λ_max(H(0)) when eta was 'auto'. */
  lambdaMax: number | undefined;
  history: AttentionHistory;
  message: string;
  resumed: boolean;
}
