/**
 * float32 forward pass, loss and closed-form gradient on tfjs tensors (the same
 * formulas as core64.ts, batched over heads and sequences with 4-d matMul).
 * Shapes: X [1, N, d, n′], W^K [H, 1, d_h, d], per-head tensors [H, N, ·, ·].
 */
import * as tf from '@tensorflow/tfjs-core';
import { outputScale, type AttentionProblem } from '../problem/problem';

export interface Tensors32 {
  x: tf.Tensor4D;
  y: tf.Tensor3D;
  wk: tf.Tensor4D;
  wq: tf.Tensor4D;
  wv: tf.Tensor4D;
}

export function tensors32(p: AttentionProblem): Tensors32 {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  return {
    x: tf.tensor4d(Float32Array.from(p.x), [1, N, d, n]),
    y: tf.tensor3d(Float32Array.from(p.y), [N, d, n]),
    wk: tf.tensor4d(Float32Array.from(p.wk), [H, 1, dh, d]),
    wq: tf.tensor4d(Float32Array.from(p.wq), [H, 1, dh, d]),
    wv: tf.tensor4d(Float32Array.from(p.wv), [H, 1, d, d]),
  };
}

/** F = c Σ_h W^V_h X S_h as a tfjs computation (differentiable: the tests take tf.grads of it). */
export function forward32(
  t: Pick<Tensors32, 'x' | 'wk' | 'wq' | 'wv'>,
  c: number,
  tau: number,
): { F: tf.Tensor3D; K: tf.Tensor4D; Q: tf.Tensor4D; S: tf.Tensor4D; Z: tf.Tensor4D; V: tf.Tensor4D; x: tf.Tensor4D } {
  // Explicit broadcasts to [H, N, ·, ·]: tfjs's BatchMatMul gradient does not reduce broadcast batch dimensions.
  const [H] = t.wk.shape;
  const [, N, d, n] = t.x.shape;
  const x = tf.broadcastTo<tf.Rank.R4>(t.x, [H, N, d, n]);
  const at = (w: tf.Tensor4D) => tf.broadcastTo<tf.Rank.R4>(w, [H, N, w.shape[2], w.shape[3]]);
  const K = tf.matMul<tf.Tensor4D>(at(t.wk), x);
  const Q = tf.matMul<tf.Tensor4D>(at(t.wq), x);
  // Sᵀ[j, i] = softmax over keys i of A[i, j]: the backends' softmax on the last axis of Aᵀ = QᵀK/τ.
  const St = tf.softmax<tf.Tensor4D>(tf.div<tf.Tensor4D>(tf.matMul<tf.Tensor4D>(Q, K, true, false), tau));
  const S = tf.transpose<tf.Tensor4D>(St, [0, 1, 3, 2]);
  const Z = tf.matMul<tf.Tensor4D>(x, St, false, true);
  const F = tf.mul<tf.Tensor3D>(tf.sum(tf.matMul(at(t.wv), Z), 0), c);
  const V = tf.matMul<tf.Tensor4D>(at(t.wv), x);
  return { F, K, Q, S, Z, V, x };
}

export function evaluate32(
  p: AttentionProblem,
  withGrad: boolean,
): { F: Float64Array; loss: number; grad?: { wk: Float64Array; wq: Float64Array; wv: Float64Array } } {
  const c = outputScale(p.scaling, p.shape.numHeads);
  const tau = p.temperature;
  const out = tf.tidy(() => {
    const t = tensors32(p);
    const { F, K, Q, S, Z, V, x: xb } = forward32(t, c, tau);
    const E = tf.sub(F, t.y);
    const loss = tf.mul(tf.sum(tf.square(E)), 0.5);
    if (!withGrad) return [F, loss];
    const E4 = tf.expandDims<tf.Tensor4D>(E, 0);
    // ∂L/∂W^V_h = c Σ_s E_s Z_hᵀ
    const gv = tf.mul(tf.sum(tf.matMul(tf.broadcastTo(E4, Z.shape), Z, false, true), 1), c);
    // G = c Vᵀ E, B = S ⊙ (G − column sums of S ⊙ G)
    const G = tf.mul(tf.matMul(V, tf.broadcastTo(E4, V.shape), true, false), c);
    const B = tf.mul(S, tf.sub(G, tf.sum(tf.mul(S, G), 2, true)));
    // ∂L/∂W^K_h = (1/τ) Σ_s Q B ᵀ Xᵀ;  ∂L/∂W^Q_h = (1/τ) Σ_s K B Xᵀ
    const gk = tf.div(tf.sum(tf.matMul(tf.matMul(Q, B, false, true), xb, false, true), 1), tau);
    const gq = tf.div(tf.sum(tf.matMul(tf.matMul(K, B), xb, false, true), 1), tau);
    return [F, loss, gk, gq, gv];
  });
  const [F, loss, gk, gq, gv] = out.map((x) => Float64Array.from(x.dataSync()));
  tf.dispose(out);
  const res: { F: Float64Array; loss: number; grad?: { wk: Float64Array; wq: Float64Array; wv: Float64Array } } = {
    F: F as Float64Array,
    loss: (loss as Float64Array)[0] as number,
  };
  if (withGrad) res.grad = { wk: gk as Float64Array, wq: gq as Float64Array, wv: gv as Float64Array };
  return res;
}
