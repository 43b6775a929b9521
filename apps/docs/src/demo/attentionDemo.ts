/**
 * Demo 3: gradient descent on one layer of multi-head softmax self-attention
 * (the extension of Eq. (7) that Section 7 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024) leaves open), jointly or in
 * Section 7's alternating scheme (k steps on (W^K, W^Q), then k on W^V), with
 * the neural tangent kernel H = H_KQ + H_V followed along the run:
 *
 *     kernel drift ‖H(τ) − H(0)‖_F / ‖H(0)‖_F,   λ_min(H(τ)) against λ_min(H(0))/2
 *
 * (the analogues of Lemma 5.1 and Claim E.5 for the network). Everything is
 * computed by `@softmax-ntk/attention`'s main entry: `makeAttentionTask`,
 * `attentionSpectrum`, `attentionKernelRecorders` and `trainAttention`, run in
 * chunks of a few steps so the page can redraw. Between chunks the trainer's
 * state sits in an in-memory `CheckpointStore` and each chunk resumes from it,
 * so the chunked run is the uninterrupted run (the alternating phase is a
 * function of the global step τ).
 */
import './tfjsBackends';
import {
  attentionKernelRecorders,
  attentionSpectrum,
  makeAttentionTask,
  trainAttention,
  type AttentionCheckpointState,
  type AttentionProblem,
  type AttentionTask,
  type CheckpointStore,
  type Precision,
  type Schedule,
} from '@softmax-ntk/attention';
import { checkInputs, type FieldRule } from './checkInputs';

/** The demo's numeric fields. */
export interface AttentionDemoNumbers {
  /** Sequences N. */
  numSequences: number;
  /** Token dimension d. */
  dim: number;
  /** Tokens per sequence n′. */
  numTokens: number;
  /** Heads H (even: the symmetric initialisation pairs them, so F(θ(0)) = 0). */
  numHeads: number;
  /** Key/query dimension per head d_h. */
  headDim: number;
  /** k of the alternating schedule. */
  alternateEvery: number;
  /** c in η = c / λ_max(H(0)). */
  etaScale: number;
  /** GD steps. */
  steps: number;
  /** The kernel H(τ) and its λ_min every this many steps. */
  kernelEvery: number;
  seed: number;
}

/** Every option of a run: the numbers, the task, the schedule and the precision. */
export interface AttentionDemoOptions extends AttentionDemoNumbers {
  task: AttentionTask;
  schedule: Schedule;
  precision: Precision;
  /** Steps per animation frame (default 5). */
  chunk?: number;
}

/** The numeric fields' ranges; a run starts only when every field is inside its range. */
export const ATTENTION_DEMO_RULES: Record<keyof AttentionDemoNumbers, FieldRule> = {
  numSequences: { label: 'N (sequences)', min: 1, max: 16, integer: true },
  dim: { label: 'd', min: 2, max: 8, integer: true },
  numTokens: { label: "n' (tokens)", min: 2, max: 8, integer: true },
  // (even: checked below, with the reason in the message)
  numHeads: { label: 'H (heads)', min: 2, max: 256, integer: true },
  headDim: { label: 'd_h', min: 1, max: 8, integer: true },
  alternateEvery: { label: 'k', min: 1, max: 1000, integer: true },
  etaScale: { label: 'η scale c', min: 0.01, max: 16 },
  steps: { label: 'steps', min: 5, max: 5000, integer: true },
  kernelEvery: { label: 'kernel every', min: 1, max: 100, integer: true },
  seed: { label: 'seed', min: 0, max: 2 ** 31 - 1, integer: true },
};

/** The choice fields and their allowed values. */
export const ATTENTION_DEMO_CHOICES = {
  task: ['icl', 'teacher', 'random'],
  schedule: ['joint', 'alternating'],
  precision: ['float64', 'float32'],
} as const;

/** Largest N·d·n′ (the side of H) the page accepts: the kernel is formed and diagonalised every few steps. */
export const MAX_GRAM_SIZE = 256;

/**
 * One line per field that breaks its rule (the project's message form: field, allowed values, value got), then the
 * rules that tie fields together; empty when the run can start.
 */
export function checkAttentionDemo(o: Record<string, unknown>): string[] {
  const problems = checkInputs(o, ATTENTION_DEMO_RULES);
  for (const [key, allowed] of Object.entries(ATTENTION_DEMO_CHOICES)) {
    const v = o[key];
    if (!(allowed as readonly unknown[]).includes(v))
      problems.push(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  if (problems.length) return problems;
  if ((o['numHeads'] as number) % 2 !== 0)
    problems.push(
      `H (heads) must be an even integer in [2, 256] (the symmetric initialisation pairs the heads, so F(θ(0)) = 0), got ${String(o['numHeads'])}`,
    );
  const size = (o['numSequences'] as number) * (o['dim'] as number) * (o['numTokens'] as number);
  if (size > MAX_GRAM_SIZE)
    problems.push(`N·d·n' (the side of H) must be at most ${MAX_GRAM_SIZE} in the browser, got ${size}`);
  if ((o['kernelEvery'] as number) > (o['steps'] as number))
    problems.push(`kernel every must be at most steps (${String(o['steps'])}), got ${String(o['kernelEvery'])}`);
  return problems;
}

/** The problem at θ(0) and its kernel's extreme eigenvalues. */
export interface AttentionDemoSetup {
  problem: AttentionProblem;
  /** λ_min(H(0)). */
  lambda: number;
  /** λ_max(H(0)). */
  lambdaMax: number;
  /** η = c / λ_max(H(0)). */
  eta: number;
  /** Parameters (W^K, W^Q, W^V). */
  numParams: number;
}

/** Build the task (symmetric initialisation: F(θ(0)) = 0, NTK scaling c_H = 1/√H) and the spectrum of H(0). */
export function setupAttention(o: AttentionDemoOptions): AttentionDemoSetup {
  const problem = makeAttentionTask({
    task: o.task,
    numSequences: o.numSequences,
    dim: o.dim,
    numTokens: o.numTokens,
    numHeads: o.numHeads,
    headDim: o.headDim,
    seed: o.seed,
  });
  const s = attentionSpectrum({ problem });
  return {
    problem,
    lambda: s.lambdaMin,
    lambdaMax: s.lambdaMax,
    eta: o.etaScale / s.lambdaMax,
    numParams: problem.wk.length + problem.wq.length + problem.wv.length,
  };
}

/** One step of the run. */
export interface AttentionDemoRow {
  step: number;
  /** L(θ(τ)) = ½ Σ_s ‖F(X_s) − Y_s‖²_F. */
  loss: number;
  /** 0: all, 1: (W^K, W^Q), 2: W^V — the matrices the update from θ(τ) changes. */
  phase: number;
  /** ‖H(τ) − H(0)‖_F / ‖H(0)‖_F, null off the kernel steps. */
  drift: number | null;
  /** λ_min of H(τ), H_KQ(τ), H_V(τ), null off the kernel steps. */
  lambdaMin: number | null;
  lambdaMinKQ: number | null;
  lambdaMinV: number | null;
}

/** What a run ended with. */
export interface AttentionDemoRun {
  rows: AttentionDemoRow[];
  /** The step at which GD diverged (the trainer's rule, or a final loss above L(θ(0))), or null. */
  divergedAt: number | null;
}

/** A {@link CheckpointStore} in memory: the demo's chunks resume from it. */
function memoryStore(): CheckpointStore {
  let state: AttentionCheckpointState | undefined;
  return {
    location: 'memory',
    fingerprint: () => 'demo',
    read: () => state,
    write: (c) => {
      state = c;
    },
  };
}

/**
 * Run GD from `setup.problem`, calling `onRows` after every chunk and awaiting `frame()` (e.g. requestAnimationFrame)
 * between chunks. Resolves with all rows and whether GD diverged; stops early when `signal.aborted`.
 */
export async function runAttention(
  o: AttentionDemoOptions,
  setup: AttentionDemoSetup,
  onRows: (rows: AttentionDemoRow[]) => void,
  frame: () => Promise<void>,
  signal?: { aborted: boolean },
): Promise<AttentionDemoRun> {
  const chunk = o.chunk ?? 5;
  const store = memoryStore();
  const recorders = attentionKernelRecorders({ problem: setup.problem, every: o.kernelEvery });
  let rows: AttentionDemoRow[] = [];
  let divergedAt: number | null = null;
  let done = 0;
  while (done < o.steps && !signal?.aborted) {
    const res = await trainAttention({
      problem: setup.problem,
      precision: o.precision,
      schedule: o.schedule,
      alternateEvery: o.alternateEvery,
      eta: setup.eta,
      steps: Math.min(done + chunk, o.steps),
      recorders,
      checkpoints: store,
      checkpointEvery: chunk,
      resume: true,
    });
    const h = res.history;
    const col = (name: string, j: number) => h[name]?.[j] ?? null;
    rows = h.step.map((step, j) => ({
      step,
      loss: h.loss[j] as number,
      phase: h.phase[j] as number,
      drift: col('kernelDrift', j),
      lambdaMin: col('lambdaMin', j),
      lambdaMinKQ: col('lambdaMinKQ', j),
      lambdaMinV: col('lambdaMinV', j),
    }));
    onRows(rows);
    done = res.steps;
    if (res.status === 'diverged') {
      divergedAt = rows[rows.length - 1]?.step ?? done;
      break;
    }
    if (res.status === 'converged') break;
    await frame();
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (divergedAt === null && first && last && last.step > 0 && !(last.loss <= first.loss)) divergedAt = last.step;
  return { rows, divergedAt };
}
