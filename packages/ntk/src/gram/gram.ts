/**
 * Definition 3.6 (kernel function) of Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax" (2024): the NTK Gram matrix H(W) ∈ R^{nd×nd}, and
 * the same construction for the ReLU [MOSW22] and exp [GMS23] baselines.
 *
 * Never the quadruple loop: with the Jacobian coefficients c (nd × m, rows
 * output-major ℓ·n + i; see `jacobianFactors` of @softmax-ntk/network),
 *
 *     H = (1/κ) · (c cᵀ) ⊙ (X Xᵀ ⊗ 1_{d×d}),
 *
 * one symmetric product (float64: linalg's SYRK computes one triangle) and an
 * element-wise scaling. For softmax c = m·G with G_{(ℓ,i),r} = ⟨v_{ℓ,r}, S_i⟩·S_{i,r}
 * and κ = m, so H = m·(G Gᵀ) ⊙ (X Xᵀ ⊗ 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { gramian, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors } from '@softmax-ntk/network';
import { checkNet, checkPrecision, type Activation, type Precision } from '../internal/validate';
import { applyInputKernel, toTensor } from '../internal/inputKernel';
import { gramSoftmaxTiles32 } from './gramTiles32';

/** Every entry finite (the message of @softmax-ntk/network's `jacobianFactors`, which the other paths call). */
function checkFinite(name: string, m: Matrix): void {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      throw new RangeError(`invalid argument: \`${name}\` must hold finite numbers, entry [${Math.floor(k / m.cols)}][${k % m.cols}] is ${d[k]}`);
    }
  }
}

export interface GramOptions {
  /** First-layer weights, m × d_in (row r is w_r). */
  w: Matrix;
  /** Second-layer weights, d_out × m. */
  a: Matrix;
  /** Training inputs, n × d_in. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`; `"float32"` runs the product on the tfjs backend. */
  precision?: Precision;
}

/**
 * H(W), n·d_out × n·d_out, output-major (row and column ℓ·n + i).
 *
 * @see Definition 3.6: [H_{ℓ1,ℓ2}]_{i,j} = (1/m)·x_iᵀx_j·Σ_r ⟨v_{ℓ1,r}, S_i⟩·m·S_{i,r}·⟨v_{ℓ2,r}, S_j⟩·m·S_{j,r}.
 */
export function gram(options: GramOptions): Matrix {
  checkNet(options, { x: options.x });
  const precision = checkPrecision(options.precision);
  const activation = options.activation ?? 'softmax';
  const { c, kernelScale } = jacobianFactors({ w: options.w, a: options.a, x: options.x, activation, precision });
  const n = options.x.rows;
  const nd = c.rows;
  if (precision === 'float64') {
    // Form: K = c·cᵀ (lower triangle by SYRK, mirrored)
    const K = gramian({ a: c });
    applyInputKernel(K, options.x, options.x, n, n, nd / n, 1 / kernelScale);
    return K;
  }
  // Explicit transpose, then a flag-free product: tfjs-wasm's matMul with
  // transposeB leaves its fast path (measured 18.9 s vs 1.64 s at 2048 × 4096).
  const K = tf.tidy(() => {
    const C = toTensor(c);
    return tf.matMul(C, tf.transpose(C));
  });
  const out: Matrix = { rows: nd, cols: nd, data: Float64Array.from(K.dataSync() as Float32Array) };
  K.dispose();
  applyInputKernel(out, options.x, options.x, n, n, nd / n, 1 / kernelScale);
  return out;
}
