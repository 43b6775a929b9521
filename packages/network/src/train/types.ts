/** Types of the gradient-descent trainer (Definition 3.5). */
import type { Matrix, RngState } from '@softmax-ntk/linalg';
import type { Precision } from '../network/activation';
import type { Problem } from '../problem/problem';

/** What a recorder or the `onStep` hook sees at step $\tau$ (before the update $W(\tau) \to W(\tau+1)$). */
export interface StepContext {
  /** $\tau$. */
  step: number;
  /** $L(W(\tau))$. */
  loss: number;
  /** $\max_r \lVert w_r(\tau) - w_r(0) \rVert_2$. */
  maxWeightChange: number;
  /** $\max_r \eta \lVert \Delta w_r(\tau) \rVert_2$. */
  maxStepNorm: number;
  /** The step size $\eta$ of the update. */
  eta: number;
  /** The precision of the run. */
  precision: Precision;
  /** The problem at W(0) (its `w` is not the current W: use `weights()`). */
  problem: Problem;
  /** $W(\tau)$, $m \times d_\text{in}$, float64 (float32 runs: their values, widened exactly); made on first call. */
  weights(): Matrix;
}

/**
 * A history column computed at steps $\tau$ with $\tau \bmod \mathrm{every} = 0$ (null at other
 * steps). Column names `step`, `loss`, `maxWeightChange`, `maxStepNorm` are
 * taken. For exact resume a recorder must be a function of the context only.
 */
export interface Recorder {
  /** The history column the recorder fills (not one of the built-in columns above). */
  name: string;
  /** Default 1 (every step). */
  every?: number;
  /**
   * The column's value at this step.
   *
   * @param ctx - The step's context: $\tau$, the loss, the weight change, $\eta$ and $W(\tau)$.
   */
  record(ctx: StepContext): number;
}

/** Per-step columns, one entry per recorded step $\tau = 0, 1, \ldots$. */
export interface History {
  /** $\tau$ of each recorded row. */
  step: number[];
  /** $L(W(\tau))$. */
  loss: number[];
  /** $\max_r \lVert w_r(\tau) - w_r(0) \rVert_2$, the largest movement of a neuron's weights so far. */
  maxWeightChange: number[];
  /** $\max_r \eta \lVert \Delta w_r(\tau) \rVert_2$, the largest step of a neuron's weights at $\tau$. */
  maxStepNorm: number[];
  /** Recorder columns (null where a recorder did not run). */
  [column: string]: (number | null)[];
}

/** How a {@link train} run ended: converged to the target loss, used its step budget, diverged, or was stopped. */
export type TrainStatus = 'converged' | 'budget' | 'diverged' | 'stopped';

/** A progress report of {@link train}: the step, the step budget and the loss. */
export interface TrainProgress {
  /** $\tau$, the step just taken. */
  step: number;
  /** The step budget of the run. */
  steps: number;
  /** $L(W(\tau))$. */
  loss: number;
  /** The step size $\eta$. */
  eta: number;
  /** Milliseconds since the run (or the resume) started. */
  elapsedMs: number;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** Final W, $m \times d_\text{in}$: W(steps) — or, after a non-finite loss, the last W with a finite loss. */
  w: Matrix;
  /** The problem with `w` replaced by the final W (ready for `writeProblemFile`). */
  problem: Problem;
  /** How the run ended: `converged`, `budget`, `diverged` or `stopped`. */
  status: TrainStatus;
  /** GD updates performed in total (including those before a resume). */
  steps: number;
  /** Loss of the final W (last finite value). */
  loss: number;
  /** The step size used (the number given, or the `auto` choice from $\lambda_{\max}$). */
  eta: number;
  /** $\lambda_{\max}(J J^\top)$ estimate at W(0) when eta was 'auto'. */
  lambdaMax: number | undefined;
  /** One row per recorded step (rows before a resume included). */
  history: History;
  /** Why training stopped, in words. */
  message: string;
  /** Whether the run continued from a checkpoint. */
  resumed: boolean;
}

/** A checkpoint file's content (JSON; version 1). */
export interface Checkpoint {
  /** Always `softmax-ntk/checkpoint`. */
  format: 'softmax-ntk/checkpoint';
  /** The checkpoint format's version (1). */
  version: 1;
  /** sha256 of the problem at W(0) (activation, shapes and float64 bytes of x, y, w, a). */
  problemHash: string;
  /** The precision of the run (a resumed run must use the same). */
  precision: Precision;
  /** The step size $\eta$ in use. */
  eta: number;
  /** $\lambda_{\max}(J J^\top)$ at $W(0)$ when $\eta$ was `auto`, else null. */
  lambdaMax: number | null;
  /** The momentum coefficient $\beta$ (0: plain GD). */
  momentum: number;
  /** Next step to compute: the state below is W(step), history holds steps < step. */
  step: number;
  /** W(step), $m \times d_\text{in}$ (float32 runs: exact float32 values). */
  w: number[][];
  /** The momentum buffer at `step`, $m \times d_\text{in}$ (null without momentum). */
  velocity: number[][] | null;
  /** L(W(0)), for the divergence rule. */
  lossStart: number | null;
  /** Consecutive steps with loss above lossStart before `step`. */
  risingSteps: number;
  /** The state of the run's random generator at `step`, so that a resumed run draws the same numbers. */
  rng: RngState;
  /** Non-finite numbers are stored as the strings "NaN", "Infinity", "-Infinity". */
  history: Record<string, (number | string | null)[]>;
}

/** A checkpoint held in memory: the state of {@link Checkpoint} with matrices instead of rows. */
export interface CheckpointState extends Omit<Checkpoint, 'history' | 'w' | 'velocity'> {
  /** The per-step columns of the steps before `step`. */
  history: History;
  /** W(step), $m \times d_\text{in}$. */
  w: Matrix;
  /** The momentum buffer at `step` (undefined without momentum). */
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
  /**
   * The problem's fingerprint stored in every checkpoint; a resumed checkpoint must carry the same.
   *
   * @param problem - The problem at W(0).
   */
  fingerprint(problem: Problem): string;
  /** The stored checkpoint, or undefined when there is none. */
  read(): CheckpointState | undefined;
  /**
   * Replace the stored checkpoint.
   *
   * @param checkpoint - The trainer's state to store.
   */
  write(checkpoint: CheckpointState): void;
}
