/**
 * Shared set-up of the Section 7 checks (self-attention, Eq. (7), and feature
 * learning) of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024): problems, GD runs to a fixed loss with the kernel tracked, kernel
 * regression at initialisation, kernel–target alignment.
 */
import {
  attentionGram,
  attentionKernelRecorders,
  evaluate,
  makeAttentionTask,
  trainAttention,
  type AttentionProblem,
  type AttentionTask,
  type AttentionTrainResult,
  type Scaling,
  type Schedule,
} from '@softmax-ntk/attention';
import { choleskyFactor, type Matrix } from '@softmax-ntk/linalg';
import { spectrum } from '@softmax-ntk/ntk';

export interface AttentionSizes {
  numSequences: number;
  dim: number;
  numTokens: number;
  headDim: number;
}

export function attentionProblem(
  o: AttentionSizes & {
    numHeads: number;
    task: AttentionTask;
    scaling?: Scaling;
    seed: number;
    init?: 'symmetric' | 'gaussian';
  },
) {
  return makeAttentionTask({ ...o, init: o.init ?? 'symmetric', scaling: o.scaling ?? 'ntk' });
}

/** The first `count` sequences from `from` on, as a problem of their own. */
export function sequences(p: AttentionProblem, from: number, count: number): AttentionProblem {
  const len = p.shape.dim * p.shape.numTokens;
  return {
    ...p,
    shape: { ...p.shape, numSequences: count },
    x: p.x.slice(from * len, (from + count) * len),
    y: p.y.slice(from * len, (from + count) * len),
  };
}

export function frob(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

export interface AttentionRun {
  result: AttentionTrainResult;
  /** λ_min(H(0)), λ_max(H(0)). */
  lambda0: number;
  lambdaMax0: number;
  /** min over tracked τ of λ_min(H(τ)), λ_min(H_KQ(τ)), λ_min(H_V(τ)). */
  minLambda: number;
  minLambdaKQ: number;
  minLambdaV: number;
  /** ‖H(T) − H(0)‖_F / ‖H(0)‖_F at the end. */
  drift: number;
  reached: boolean;
}

/**
 * GD from θ(0) with η = etaScale/λ_max(H(0)) until L ≤ ratio·L(0) or `cap` steps, the kernel tracked every
 * `trackEvery` steps and at the end.
 */
export async function runToLoss(
  p: AttentionProblem,
  o: {
    ratio: number;
    cap: number;
    trackEvery: number;
    schedule?: Schedule;
    alternateEvery?: number;
    etaScale?: number;
  },
): Promise<AttentionRun> {
  const g0 = attentionGram({ problem: p });
  const s0 = spectrum({ H: g0.H, method: 'dense' });
  const l0 = evaluate({ problem: p, gradient: false }).loss;
  const result = await trainAttention({
    problem: p,
    eta: (o.etaScale ?? 1) / s0.lambdaMax,
    steps: o.cap,
    epsilon: o.ratio * l0,
    schedule: o.schedule ?? 'joint',
    alternateEvery: o.alternateEvery ?? 1,
    recorders: attentionKernelRecorders({ problem: p, every: o.trackEvery }),
  });
  const gT = attentionGram({ problem: result.problem });
  const diff = gT.H.data.map((v, t) => v - (g0.H.data[t] as number));
  const col = (name: string) => (result.history[name] as (number | null)[]).filter((v): v is number => v !== null);
  const lamT = spectrum({ H: gT.H, method: 'dense' }).lambdaMin;
  const lamKQT = spectrum({ H: gT.HKQ, method: 'dense' }).lambdaMin;
  const lamVT = spectrum({ H: gT.HV, method: 'dense' }).lambdaMin;
  return {
    result,
    lambda0: s0.lambdaMin,
    lambdaMax0: s0.lambdaMax,
    minLambda: Math.min(lamT, ...col('lambdaMin')),
    minLambdaKQ: Math.min(lamKQT, ...col('lambdaMinKQ')),
    minLambdaV: Math.min(lamVT, ...col('lambdaMinV')),
    drift: frob(diff) / frob(g0.H.data),
    reached: result.status === 'converged',
  };
}

/** ⟨H, vec Y vec Yᵀ⟩ / (‖H‖_F ‖Y‖²): kernel–target alignment (1 when H ∝ vec Y vec Yᵀ). */
export function alignment(H: Matrix, y: Float64Array): number {
  const n = y.length;
  let quad = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += (H.data[i * n + j] as number) * (y[j] as number);
    quad += (y[i] as number) * row;
  }
  const yy = frob(y) ** 2;
  return quad / (frob(H.data) * yy);
}

/**
 * NTK regression at θ(0) on the held-out sequences: F_te(0) + H(te, tr) H(tr, tr)⁻¹ (Y_tr − F_tr(0)), the limit of
 * GD on the linearised model. `all` holds the training sequences first (nTrain of them), then the test ones.
 * Returns the predictions on the test part (F(0) = 0 under the symmetric initialisation).
 */
export function kernelRegressionAtInit(all: AttentionProblem, nTrain: number): Float64Array {
  const H = attentionGram({ problem: all }).H;
  const len = all.shape.dim * all.shape.numTokens;
  const ntr = nTrain * len;
  const nte = all.x.length - ntr;
  const Htr: Matrix = { rows: ntr, cols: ntr, data: new Float64Array(ntr * ntr) };
  for (let i = 0; i < ntr; i++) for (let j = 0; j < ntr; j++) Htr.data[i * ntr + j] = H.data[i * H.cols + j] as number;
  const f = choleskyFactor({ a: Htr });
  const alpha = f.solve(all.y.slice(0, ntr));
  f.dispose();
  const out = new Float64Array(nte);
  for (let i = 0; i < nte; i++) {
    let acc = 0;
    for (let j = 0; j < ntr; j++) acc += (H.data[(ntr + i) * H.cols + j] as number) * (alpha[j] as number);
    out[i] = acc;
  }
  return out;
}
