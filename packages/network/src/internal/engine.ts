/**
 * One gradient-descent step (Definition 3.5 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024)) held in a precision-specific
 * engine: float64 on Float64Array (softmax: linalg's fused SIMD WebAssembly
 * `softmaxGradient64`; relu/exp: gemm); float32 softmax on Float64Arrays of
 * float32 values (linalg's fused `softmaxGradient32`, the update rounded to
 * float32 as tfjs would); float32 relu/exp on tfjs tensors kept in
 * flag-free orientations (X, Xᵀ, Wᵀ, a, aᵀ). The unfused ones run the same
 * sequence of products from `core.ts`.
 *
 * Protocol: `evaluate()` computes, at the current W(τ), the loss L(τ), the
 * recorder statistics and the candidate next state W(τ+1); `advance()`
 * commits it (the previous W is kept for `previousWeights()`); `dispose()`
 * frees everything (float32: `tf.memory().numTensors` returns to its value
 * before the engine was made).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  softmaxGradient32,
  softmaxGradient64,
  transpose,
  type Matrix,
  type SoftmaxGradient64Options,
  type SoftmaxGradient64Result,
} from '@softmax-ntk/linalg';
import { outputScale, type Precision } from '../network/activation';
import type { Problem } from '../problem/problem';
import { forwardCore, jvpCore, vjpCore } from './core';
import { fromTensor, halfSquaredNorm, toTensor } from './network';
import { ops32 } from './ops32';
import { ops64 } from './ops64';

export interface StepStats {
  /** L(W(τ)) = ½‖F − Y‖². */
  loss: number;
  /** max_r ‖w_r(τ) − w_r(0)‖₂. */
  maxWeightChange: number;
  /** max_r η‖Δw_r(τ)‖₂ (the length of the largest per-neuron update). */
  maxStepNorm: number;
}

export interface Engine {
  readonly precision: Precision;
  evaluate(): StepStats;
  advance(): void;
  /** W(τ), m × d_in float64 (float32 values widened exactly). */
  weights(): Matrix;
  /** W(τ−1) when a step was taken in this engine, else undefined. */
  previousWeights(): Matrix | undefined;
  /** Heavy-ball velocity, m × d_in, or undefined without momentum. */
  velocity(): Matrix | undefined;
  dispose(): void;
}

export interface EngineOptions {
  problem: Problem;
  precision: Precision;
  eta: number;
  momentum: number;
  /** W(0) (for the weight-change statistic); default problem.w. */
  w0: Matrix;
  /** Starting W (resume); default w0. */
  w: Matrix;
  /** Starting velocity (resume); default zero. */
  velocity?: Matrix | undefined;
  /** The float64 softmax step; default linalg's `softmaxGradient64`. */
  gradient64?: ((options: SoftmaxGradient64Options) => SoftmaxGradient64Result) | undefined;
  /** The float32 softmax step; default linalg's `softmaxGradient32`. */
  gradient32?: ((options: SoftmaxGradient64Options) => SoftmaxGradient64Result) | undefined;
}

/** Column-wise max Euclidean norm of a d × m row-major matrix (i.e. max_r ‖row r of its transpose‖). */
function maxColNorm(t: Matrix, scale = 1): number {
  const { rows, cols, data } = t;
  const acc = new Float64Array(cols);
  for (let k = 0; k < rows; k++) {
    const o = k * cols;
    for (let r = 0; r < cols; r++) acc[r] = (acc[r] as number) + (data[o + r] as number) ** 2;
  }
  let mx = 0;
  for (let r = 0; r < cols; r++) mx = Math.max(mx, acc[r] as number);
  return scale * Math.sqrt(mx);
}

export function makeEngine(o: EngineOptions): Engine {
  if (o.precision === 'float64') return engine64(o);
  return o.problem.activation === 'softmax' ? engine64(o, 'float32') : engine32(o);
}

/** Identity (float64), or rounding to the nearest float32 (the float32 softmax engine's state and update). */
const rounder = (precision: Precision): ((v: number) => number) => (precision === 'float32' ? Math.fround : (v) => v);

/** Wᵀ of `w` with every entry rounded by `round` (float32: what tfjs holds). */
function roundedTranspose(w: Matrix, round: (v: number) => number): Matrix {
  const t = transpose(w);
  for (let k = 0; k < t.data.length; k++) t.data[k] = round(t.data[k] as number);
  return t;
}

/**
 * The engine on Float64Arrays: float64 (every activation), or float32 for the softmax (the fused float32 kernel;
 * the weights, the velocity and the update W − η·ΔW rounded to float32 at each operation, as tfjs's float32 tensors
 * would hold them).
 */
function engine64(o: EngineOptions, precision: Precision = 'float64'): Engine {
  const { activation, x, y, a } = o.problem;
  const m = a.cols;
  const ops = ops64;
  const round = rounder(precision);
  const xt = transpose(x);
  const aT = transpose(a);
  const wt0 = roundedTranspose(o.w0, round);
  let wt = roundedTranspose(o.w, round);
  let vt =
    o.momentum > 0
      ? o.velocity
        ? roundedTranspose(o.velocity, round)
        : { rows: wt.rows, cols: wt.cols, data: new Float64Array(wt.data.length) }
      : undefined;
  let prev: Matrix | undefined;
  let next: { wt: Matrix; vt: Matrix | undefined } | undefined;
  const eta = round(o.eta);
  const momentum = round(o.momentum);
  const step64 = precision === 'float32' ? (o.gradient32 ?? softmaxGradient32) : (o.gradient64 ?? softmaxGradient64);
  return {
    precision,
    evaluate() {
      let loss: number;
      let g: Matrix; // ΔWᵀ, d_in × m
      if (activation === 'softmax') {
        // Definition 3.1 and Claim 3.4 fused row by row in linalg's SIMD WebAssembly kernel (no n × m arrays).
        ({ loss, gradient: g } = step64({ x, wt, a, y, scale: outputScale(activation, m) }));
      } else {
        const fw = forwardCore(ops, activation, x, wt, aT, m);
        const e = ops.sub(fw.F, y);
        loss = halfSquaredNorm(e);
        g = vjpCore(ops, fw, xt, e, a);
      }
      const diff = ops.sub(wt, wt0);
      const stats = { loss, maxWeightChange: maxColNorm(diff), maxStepNorm: maxColNorm(g, eta) };
      const nw = new Float64Array(wt.data.length);
      if (vt) {
        // Heavy ball: V(τ+1) = μ·V(τ) − η·ΔW(τ);  W(τ+1) = W(τ) + V(τ+1)
        const nv = new Float64Array(nw.length);
        for (let k = 0; k < nw.length; k++) {
          nv[k] = round(round(momentum * (vt.data[k] as number)) - round(eta * (g.data[k] as number)));
          nw[k] = round((wt.data[k] as number) + (nv[k] as number));
        }
        next = { wt: { rows: wt.rows, cols: wt.cols, data: nw }, vt: { rows: wt.rows, cols: wt.cols, data: nv } };
      } else {
        // Definition 3.5: W(τ+1) = W(τ) − η·ΔW(τ)
        for (let k = 0; k < nw.length; k++) nw[k] = round((wt.data[k] as number) - round(eta * (g.data[k] as number)));
        next = { wt: { rows: wt.rows, cols: wt.cols, data: nw }, vt: undefined };
      }
      return stats;
    },
    advance() {
      if (!next) throw new Error('advance() before evaluate()');
      prev = wt;
      wt = next.wt;
      vt = next.vt;
      next = undefined;
    },
    weights: () => transpose(wt),
    previousWeights: () => (prev ? transpose(prev) : undefined),
    velocity: () => (vt ? transpose(vt) : undefined),
    dispose() {
      next = undefined;
    },
  };
}

function engine32(o: EngineOptions): Engine {
  const { activation, x, y, a } = o.problem;
  const m = a.cols;
  const ops = ops32;
  const X = toTensor(x);
  const Xt = toTensor(transpose(x));
  const Y = toTensor(y);
  const A = toTensor(a);
  const AT = toTensor(transpose(a));
  const Wt0 = toTensor(transpose(o.w0));
  const etaT = tf.scalar(o.eta, 'float32');
  const muT = tf.scalar(o.momentum, 'float32');
  let Wt = toTensor(transpose(o.w));
  let Vt = o.momentum > 0 ? (o.velocity ? toTensor(transpose(o.velocity)) : tf.zerosLike(Wt)) : undefined;
  let prev: tf.Tensor2D | undefined;
  let next: { Wt: tf.Tensor2D; Vt: tf.Tensor2D | undefined } | undefined;
  const disposeNext = () => {
    if (next) {
      next.Wt.dispose();
      next.Vt?.dispose();
      next = undefined;
    }
  };
  return {
    precision: 'float32',
    evaluate() {
      disposeNext();
      const [stats, nW, nV] = tf.tidy(() => {
        const fw = forwardCore(ops, activation, X, Wt, AT, m);
        const E = tf.sub(fw.F, Y);
        const loss = tf.mul(tf.sum(tf.square(E)), 0.5);
        const G = vjpCore(ops, fw, Xt, E as tf.Tensor2D, A); // ΔWᵀ, d_in × m
        const change = tf.sqrt(tf.max(tf.sum(tf.square(tf.sub(Wt, Wt0)), 0)));
        const stepNorm = tf.mul(tf.sqrt(tf.max(tf.sum(tf.square(G), 0))), etaT);
        let nV: tf.Tensor2D | undefined;
        let nW: tf.Tensor2D;
        const V0 = Vt;
        if (V0) {
          // Heavy ball: V(τ+1) = μ·V(τ) − η·ΔW(τ);  W(τ+1) = W(τ) + V(τ+1)
          const v1: tf.Tensor2D = tf.sub(tf.mul(V0, muT), tf.mul(G, etaT));
          nV = v1;
          nW = tf.add(Wt, v1);
        } else {
          // Definition 3.5: W(τ+1) = W(τ) − η·ΔW(τ)
          nW = tf.sub(Wt, tf.mul(G, etaT));
        }
        const s = tf.stack([loss, change, stepNorm]);
        return nV ? [s, nW, nV] : [s, nW];
      });
      const v = stats.dataSync();
      stats.dispose();
      next = { Wt: nW, Vt: nV };
      return { loss: v[0] as number, maxWeightChange: v[1] as number, maxStepNorm: v[2] as number };
    },
    advance() {
      if (!next) throw new Error('advance() before evaluate()');
      prev?.dispose();
      prev = Wt;
      Wt = next.Wt;
      Vt?.dispose();
      Vt = next.Vt;
      next = undefined;
    },
    weights: () => transpose(fromTensor(Wt)),
    previousWeights: () => (prev ? transpose(fromTensor(prev)) : undefined),
    velocity: () => (Vt ? transpose(fromTensor(Vt)) : undefined),
    dispose() {
      disposeNext();
      for (const t of [X, Xt, Y, A, AT, Wt0, etaT, muT, Wt, Vt, prev]) t?.dispose();
    },
  };
}

/**
 * Power iteration for λ_max(J Jᵀ) at W (J: Jacobian of vec F w.r.t. W), on
 * v ↦ J(Jᵀv) with v n × d_out; returns the last Rayleigh quotient ‖Jᵀv‖² for
 * unit v (a lower bound that increases to λ_max).
 */
export function powerIteration(o: {
  problem: Problem;
  w: Matrix;
  precision: Precision;
  iterations: number;
  start: Matrix;
}): number {
  const { activation, x, a } = o.problem;
  const m = a.cols;
  const norm = (d: ArrayLike<number>) => {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += (d[k] as number) ** 2;
    return Math.sqrt(s);
  };
  if (o.precision === 'float64') {
    const ops = ops64;
    const fw = forwardCore(ops, activation, x, transpose(o.w), transpose(a), m);
    const xt = transpose(x);
    const aT = transpose(a);
    let v = ops.scale(o.start, 1 / norm(o.start.data));
    let lambda = 0;
    for (let k = 0; k < o.iterations; k++) {
      const u = vjpCore(ops, fw, xt, v, a);
      const nu = norm(u.data);
      lambda = nu * nu;
      const jv = jvpCore(ops, fw, x, u, aT);
      const nj = norm(jv.data);
      if (nj === 0) return 0;
      v = ops.scale(jv, 1 / nj);
    }
    return lambda;
  }
  return tf.tidy(() => {
    const ops = ops32;
    const X = toTensor(x);
    const fw = forwardCore(ops, activation, X, toTensor(transpose(o.w)), toTensor(transpose(a)), m);
    const Xt = toTensor(transpose(x));
    const A = toTensor(a);
    const AT = toTensor(transpose(a));
    const v0 = toTensor(o.start);
    let v = tf.div<tf.Tensor2D>(v0, tf.norm(v0));
    let lambda = 0;
    for (let k = 0; k < o.iterations; k++) {
      const [nv, lam] = tf.tidy((): [tf.Tensor2D, tf.Scalar] => {
        const u = vjpCore(ops, fw, Xt, v, A);
        const jv = jvpCore(ops, fw, X, u, AT);
        return [tf.div<tf.Tensor2D>(jv, tf.norm(jv)), tf.sum<tf.Scalar>(tf.square(u))];
      });
      v.dispose();
      v = nv;
      lambda = (lam as tf.Tensor).dataSync()[0] as number;
      (lam as tf.Tensor).dispose();
      if (!Number.isFinite(lambda) || lambda === 0) return lambda === 0 ? 0 : lambda;
    }
    return lambda;
  });
}

export { fromTensor };
