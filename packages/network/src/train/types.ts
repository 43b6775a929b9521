/** Types of the gradient-descent trainer (Definition 3.5). */
import type { Matrix, RngState } from '@softmax-ntk/linalg';
import type { Precision } from '../network/activation';
import type { Problem } from '../problem/problem';

/** What a recorder or the `onStep` hook sees at step τ (before the update W(τ) → W(τ+1)). */
export interface StepContext {
  /** τ. */
  step: number;
  /** L(W(τ)). */
  loss: number;
  /** max_r ‖w_r(τ) − w_r(0)‖₂. */
  maxWeightChange: number;
  /** max_r η‖Δw_r(τ)‖₂. */
  maxStepNorm: number;
  eta: number;
  precision: Precision;
  problem: Problem;
  /** W(τ), m × d_in, float64 (float32 runs: their values, widened exactly); made on first call. */
  weights(): Matrix;
}

/**
 * A history column computed at steps τ with τ % every === 0 (null at other
 * steps). Column names `step`, `loss`, `maxWeightChange`, `maxStepNorm` are
 * taken. For exact resume a recorder must be a function of the context only.
 */
export interface Recorder {
  name: string;
  /** Default 1 (every step). */
  every?: number;
  record(ctx: StepContext): number;
}

/** Per-step columns, one entry per recorded step τ = 0, 1, …. */
export interface History {
  step: number[];
  loss: number[];
  maxWeightChange: number[];
  maxStepNorm: number[];
  /** Recorder columns (null where a recorder did not run). */
  [column: string]: (number | null)[];
}

/** How a {@link train} run ended: converged to the target loss, used its step budget, diverged, or was stopped. */
export type TrainStatus = 'converged' | 'budget' | 'diverged' | 'stopped';

/** A progress report of {@link train}: the step, the step budget and the loss. */
export interface TrainProgress {
  step: number;
  steps: number;
  loss: number;
  eta: number;
  elapsedMs: number;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** Final W, m × d_in: W(steps) — or, after a non-finite loss, the last W with a finite loss. */
  w: Matrix;
  /** The problem with `w` replaced by the final W (ready for `writeProblemFile`). */
  problem: Problem;
  status: TrainStatus;
  /** GD updates performed in total (including those before a resume). */
  steps: number;
  /** Loss of the final W (last finite value). */
  loss: number;
  eta: number;
  /** λ_max(J Jᵀ) estimate at W(0) when eta was 'auto'. */
  lambdaMax: number | undefined;
  history: History;
  /** Why training stopped, in words. */
  message: string;
  /** Whether the run continued from a checkpoint. */
  resumed: boolean;
}

/** A checkpoint file's content (JSON; version 1). */
export interface Checkpoint {
  format: 'softmax-ntk/checkpoint';
  version: 1;
  /** sha256 of the problem at W(0) (activation, shapes and float64 bytes of x, y, w, a). */
  problemHash: string;
  precision: Precision;
  eta: number;
  lambdaMax: number | null;
  momentum: number;
  /** Next step to compute: the state below is W(step), history holds steps < step. */
  step: number;
  /** W(step), m × d_in (float32 runs: exact float32 values). */
  w: number[][];
  velocity: number[][] | null;
  /** L(W(0)), for the divergence rule. */
  lossStart: number | null;
  /** Consecutive steps with loss above lossStart before `step`. */
  risingSteps: number;
  rng: RngState;
  /** Non-finite numbers are stored as the strings "NaN", "Infinity", "-Infinity". */
  history: Record<string, (number | string | null)[]>;
}

/** A checkpoint held in memory: the state of {@link Checkpoint} with matrices instead of rows. */
export interface CheckpointState extends Omit<Checkpoint, 'history' | 'w' | 'velocity'> {
  history: History;
  w: Matrix;
  velocity: Matrix | undefined;
}

/**
 * Where `train` keeps its checkpoints. `fileCheckpoints(path)` of
 * `@softmax-ntk/network/node` keeps them in a file (atomic writes); any object
 * with these members works (IndexedDB, memory, …).
 */
export interface CheckpointStore {
  /** Names the store in messages (the file path for files). */
  readonly location: string;
  /** The problem's fingerprint stored in every checkpoint; a resumed checkpoint must carry the same. */
  fingerprint(problem: Problem): string;
  /** The stored checkpoint, or undefined when there is none. */
  read(): CheckpointState | undefined;
  /** Replace the stored checkpoint. */
  write(checkpoint: CheckpointState): void;
}
