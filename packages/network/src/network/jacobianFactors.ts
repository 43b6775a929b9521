/**
 * The Jacobian of a two-layer network in factored form, the building block of
 * its neural tangent kernel (Definition 3.6 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax", 2024).
 *
 * Every first-layer derivative is a multiple of the input:
 * $\partial F_{\ell}(x_i)/\partial w_r = c_{(\ell,i),r} \cdot x_i$, so the Jacobian $J$ ($n d_\text{out} \times m d_\text{in}$) is
 * fully described by the coefficient matrix $c$ ($n d_\text{out} \times m$, rows in the
 * output-major order $\ell \cdot n + i$ of the problem-file spec) and X:
 * $J J^\top = (c c^\top) \odot (X X^\top \otimes \mathbf{1}_{d_\text{out} \times d_\text{out}})$.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertBackendReady, transpose, type Matrix } from '@softmax-ntk/linalg';
import { forwardCore } from '../internal/core';
import { fromTensor, toTensor } from '../internal/network';
import { ops32 } from '../internal/ops32';
import { ops64 } from '../internal/ops64';
import { checkActivation, checkFinite, checkNetwork, checkPrecision } from '../internal/validate';
import { outputScale, type Activation, type Precision } from './activation';
import { argumentError } from '@softmax-ntk/linalg';

/** Options of {@link jacobianFactors}. */
export interface JacobianFactorsOptions {
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`; `"float32"` computes on the tfjs backend. */
  precision?: Precision;
  /**
   * float64 only: the array c is written to ($n \cdot d_\text{out} \cdot m$ float64s, e.g. a view of a `SharedArrayBuffer` that worker
   * threads read), instead of a new one. Ignored in float32; the exp baseline past float64's exp range returns a new
   * array all the same.
   */
  out?: Float64Array;
}

/**
 * What {@link jacobianFactors} returns: the coefficient matrix c with $\partial F_{\ell}(x_i)/\partial w_r = c_{(\ell,i),r} \cdot x_i$, and its
 * scale.
 */
export interface JacobianFactors {
  /** $n \cdot d_\text{out} \times m$; row $\ell \cdot n + i$ holds $c_{(\ell,i),r} = \partial F_{\ell}(x_i)/\partial\langle w_r, x_i\rangle$. */
  c: Matrix;
  /**
   * The normalisation $\kappa$ of the network's NTK, $H = J J^\top / \kappa$: m for softmax
   * (Definition 3.6 gives $J J^\top = m H(W)$), 1 for the ReLU and exp baselines,
   * whose NTKs ([MOSW22], [GMS23]) are $J J^\top$ itself under the $1/\sqrt m$ scaling.
   */
  kernelScale: number;
}

/**
 * The Jacobian of the two-layer network in factored form: $\partial F_\ell(x_i)/\partial w_r = c_{(\ell,i),r} \, x_i$,
 * the coefficient matrix $c$ that builds the NTK.
 *
 * @param options - The weights W, a, the inputs x and the activation.
 *
 * @see Eq. 2 and Definition 3.6. With $S_i$ the softmax of $W^\top x_i$ and
 * $v_{\ell,r} = a_{\ell,r} \cdot \mathbf{1}_m - a_{\ell}$:
 *   softmax: $c_{(\ell,i),r} = m \cdot \langle v_{\ell,r}, S_i\rangle \cdot S_{i,r} = m \cdot S_{i,r} \cdot (a_{\ell,r} - \langle a_{\ell}, S_i\rangle)$;
 *   relu:    $c_{(\ell,i),r} = (1/\sqrt m) \cdot a_{\ell,r} \cdot \mathbf{1}[\langle w_r, x_i\rangle > 0]$;
 *   exp:     $c_{(\ell,i),r} = (1/\sqrt m) \cdot a_{\ell,r} \cdot \exp(\langle w_r, x_i\rangle)$.
 *
 * @example
 * ```ts
 * import { jacobianFactors, makeProblem } from '@softmax-ntk/network';
 * import { gram } from '@softmax-ntk/ntk';
 *
 * // ∂F_ℓ(x_i)/∂w_r = c_{(ℓ,i),r}·x_i, so H = (c·cᵀ) ⊙ (X·Xᵀ ⊗ 1)/κ; entry (0, 1) against ntk's gram
 * const { problem: p } = makeProblem({ n: 3, dIn: 2, dOut: 2, numNeurons: 8, sigma: 1, seed: 1 });
 * const { c, kernelScale } = jacobianFactors(p);
 * const dot = (r, s, M) => Array.from({ length: M }, (_, k) => r[k] * s[k]).reduce((t, v) => t + v, 0);
 * const row = (M, i) => M.data.subarray(i * M.cols, (i + 1) * M.cols);
 * const H01 = (dot(row(c, 0), row(c, 1), c.cols) * dot(row(p.x, 0), row(p.x, 1), 2)) / kernelScale;
 * console.log(c.rows, c.cols, kernelScale, H01.toFixed(6), gram(p).data[1].toFixed(6)); // 6 8 8 0.222626 0.222626
 * ```
 */
export function jacobianFactors(options: JacobianFactorsOptions): JacobianFactors {
  const activation = checkActivation(options.activation);
  const precision = checkPrecision(options.precision);
  const { n, m, dOut } = checkNetwork(options, false);
  checkFinite('x', options.x);
  checkFinite('w', options.w);
  checkFinite('a', options.a);
  const { x, w, a } = options;
  const scale = outputScale(activation, m);
  const kernelScale = activation === 'softmax' ? m : 1;
  if (precision === 'float32') {
    assertBackendReady();
    const c = tf.tidy(() => {
      const fw = forwardCore(ops32, activation, toTensor(x), toTensor(transpose(w)), toTensor(transpose(a)), m);
      const blocks: tf.Tensor2D[] = [];
      for (let l = 0; l < dOut; l++) {
        const al = tf.tensor2d(Float32Array.from(a.data.subarray(l * m, (l + 1) * m)), [1, m]);
        // Form: c_ℓ = s·D ⊙ (1·a_ℓᵀ − P_{:,ℓ}·1ᵀ)   (softmax)   or   s·D ⊙ (1·a_ℓᵀ)   (baselines)
        const centred = activation === 'softmax' ? tf.sub(al, tf.slice(fw.P as tf.Tensor2D, [0, l], [n, 1])) : al;
        blocks.push(tf.mul<tf.Tensor2D>(tf.mul(fw.D, centred), scale));
      }
      return tf.concat(blocks, 0);
    });
    const out = fromTensor(c);
    c.dispose();
    return { c: out, kernelScale };
  }
  const fw = forwardCore(ops64, activation, x, transpose(w), transpose(a), m);
  const D = fw.D.data;
  const P = fw.P?.data;
  const out = options.out;
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== n * dOut * m))
    throw argumentError(
      'out',
      `must be a Float64Array of n·d_out·m = ${n * dOut * m} entries, got ${out instanceof Float64Array ? `length ${out.length}` : typeof out}`,
    );
  const c = out ?? new Float64Array(n * dOut * m);
  for (let l = 0; l < dOut; l++) {
    const al = a.data.subarray(l * m, (l + 1) * m);
    for (let i = 0; i < n; i++) {
      const row = (l * n + i) * m;
      const di = i * m;
      const shift = P ? (P[i * dOut + l] as number) : 0;
      // Form: c_{(ℓ,i),:} = s·D_i ⊙ (a_ℓ − shift)
      for (let r = 0; r < m; r++) c[row + r] = scale * (D[di + r] as number) * ((al[r] as number) - shift);
    }
  }
  if (fw.shift) {
    // exp with logits past float64's exp range: D = exp(Z − s·1ᵀ), so block ℓ's row i takes the factor
    // exp(s_i), applied in log space (non-finite only where the true coefficient overflows).
    const s: Matrix = { rows: n * dOut, cols: 1, data: new Float64Array(n * dOut) };
    for (let l = 0; l < dOut; l++) s.data.set(fw.shift.data, l * n);
    return { c: ops64.mulExpCol({ rows: n * dOut, cols: m, data: c }, s), kernelScale };
  }
  return { c: { rows: n * dOut, cols: m, data: c }, kernelScale };
}
