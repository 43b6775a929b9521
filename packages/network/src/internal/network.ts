/**
 * A network and its data held in the orientation the flag-free products of
 * `core.ts` need, in either precision, with conversions back to float64
 * matrices. Below the public edge: nothing is validated here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertBackendReady, softmaxGradient32, transpose, type Matrix } from '@softmax-ntk/linalg';
import { outputScale, type Activation, type Precision } from '../network/activation';
import { forwardCore, jvpCore, vjpCore, type Forward } from './core';
import { ops32 } from './ops32';
import { ops64 } from './ops64';

export interface NetArgs {
  activation: Activation;
  x: Matrix;
  w: Matrix;
  a: Matrix;
  y?: Matrix | undefined;
}

export function toTensor(m: Matrix): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');
}

export function fromTensor(t: tf.Tensor): Matrix {
  const [rows, cols] = t.shape as [number, number];
  return { rows, cols, data: Float64Array.from(t.dataSync() as Float32Array) };
}

/**
 * ½‖E‖_F² of a float64 matrix. When the plain sum of squares overflows, it is recomputed scaled by
 * max|E| (as LAPACK's dnrm2 scales), so the result is +∞ only when ½‖E‖² itself exceeds the largest float.
 */
export function halfSquaredNorm(e: Matrix): number {
  let s = 0;
  const d = e.data;
  for (let k = 0; k < d.length; k++) s += (d[k] as number) * (d[k] as number);
  if (s < Infinity) return 0.5 * s;
  let mx = 0;
  for (let k = 0; k < d.length; k++) mx = Math.max(mx, Math.abs(d[k] as number));
  if (!(mx < Infinity)) return s; // a non-finite entry (or NaN): nothing to rescue
  let t = 0;
  for (let k = 0; k < d.length; k++) t += ((d[k] as number) / mx) ** 2;
  // Form: ½·mx²·Σ(e/mx)², multiplied so no partial product overflows before the last.
  return 0.5 * mx * (mx * t);
}

interface Need {
  forward?: boolean;
  loss?: boolean;
  gradient?: boolean;
  jvp?: Matrix;
  vjp?: Matrix;
}

export interface Results {
  F?: Matrix;
  loss?: number;
  gradient?: Matrix;
  jvp?: Matrix;
  vjp?: Matrix;
}

/** Which result each need asks for. */
interface NeedResult {
  forward: 'F';
  loss: 'loss';
  gradient: 'gradient';
  jvp: 'jvp';
  vjp: 'vjp';
}

/** The results a `need` asks for, each present: F for `forward: true`, J·u for `jvp: u`, and so on. */
export type ResultsFor<N extends Need> = Results & {
  [K in keyof N & keyof NeedResult as N[K] extends false | undefined ? never : NeedResult[K]]-?: NonNullable<
    Results[NeedResult[K]]
  >;
};

/**
 * Everything a public function needs from one forward pass: F, the loss
 * ½‖F − Y‖², the gradient ΔW (m × d_in), J·u (u m × d_in) and Jᵀ·v
 * (v n × d_out, result m × d_in).
 */
export function compute<N extends Need>(args: NetArgs, precision: Precision, need: N): ResultsFor<N> {
  return computeAll(args, precision, need) as ResultsFor<N>;
}

function computeAll(args: NetArgs, precision: Precision, need: Need): Results {
  const { activation, x, w, a, y } = args;
  const m = w.rows;
  if (precision === 'float64') {
    const ops = ops64;
    const aT = transpose(a);
    const fw: Forward<Matrix> = forwardCore(ops, activation, x, transpose(w), aT, m);
    const out: Results = {};
    if (need.forward) out.F = fw.F;
    let e: Matrix | undefined;
    if (need.loss || need.gradient) e = ops.sub(fw.F, y as Matrix);
    if (need.loss) out.loss = halfSquaredNorm(e as Matrix);
    const xt = need.gradient || need.vjp ? transpose(x) : undefined;
    if (need.gradient) out.gradient = transpose(vjpCore(ops, fw, xt as Matrix, e as Matrix, a));
    if (need.vjp) out.vjp = transpose(vjpCore(ops, fw, xt as Matrix, need.vjp, a));
    if (need.jvp) out.jvp = jvpCore(ops, fw, x, transpose(need.jvp), aT);
    return out;
  }
  assertBackendReady();
  if (activation === 'softmax' && need.gradient && !need.jvp && !need.vjp) {
    // The loss and gradient in float32 on linalg's fused kernel (Claim 3.4 row by row, no n × m array): the step the
    // float32 trainer takes; F comes with it.
    const r = softmaxGradient32({ x, wt: transpose(w), a, y: y as Matrix, scale: outputScale(activation, m) });
    return {
      ...(need.forward ? { F: r.f } : {}),
      ...(need.loss ? { loss: r.loss } : {}),
      gradient: transpose(r.gradient),
    };
  }
  const out: Results = {};
  tf.tidy(() => {
    const ops = ops32;
    const X = toTensor(x);
    const aM = toTensor(a);
    const aT = toTensor(transpose(a));
    const fw = forwardCore(ops, activation, X, toTensor(transpose(w)), aT, m);
    if (need.forward) out.F = fromTensor(fw.F);
    let E: tf.Tensor2D | undefined;
    if (need.loss || need.gradient) E = ops.sub(fw.F, toTensor(y as Matrix));
    if (need.loss) out.loss = tf.mul(tf.sum(tf.square(E as tf.Tensor2D)), 0.5).dataSync()[0];
    const Xt = need.gradient || need.vjp ? toTensor(transpose(x)) : undefined;
    if (need.gradient) out.gradient = transpose(fromTensor(vjpCore(ops, fw, Xt as tf.Tensor2D, E as tf.Tensor2D, aM)));
    if (need.vjp) out.vjp = transpose(fromTensor(vjpCore(ops, fw, Xt as tf.Tensor2D, toTensor(need.vjp), aM)));
    if (need.jvp) out.jvp = fromTensor(jvpCore(ops, fw, X, toTensor(transpose(need.jvp)), aT));
  });
  return out;
}
