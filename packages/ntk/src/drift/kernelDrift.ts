/**
 * Kernel drift: how far the NTK Gram matrix moves when the weights move, the
 * quantity Lemma 5.1 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024) bounds: $\lVert H(W) - H(\tilde W) \rVert_F \le R \cdot n \cdot d \cdot \exp(10B)$ when
 * $\lVert \tilde w_r - w_r \rVert_2 \le R$ for every r.
 */
import { argumentError, type Matrix } from '@softmax-ntk/linalg';
import { gram } from '../gram/gram';
import { checkMatrix, checkNet, type Activation } from '../internal/validate';

/** Options of {@link kernelDrift}. */
export interface KernelDriftOptions {
  /** Reference weights $\tilde W$ (e.g. $W(0)$), $m \times d_\text{in}$. */
  w0: Matrix;
  /** Moved weights W, $m \times d_\text{in}$. */
  w1: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** A precomputed H(W̃), to save recomputing it along a run. */
  H0?: Matrix;
}

/** What {@link kernelDrift} returns: $\lVert H(W) - H(\tilde W) \rVert_F$, absolute and relative, and the radius R of the weight move. */
export interface KernelDrift {
  /** $\lVert H(W) - H(\tilde W) \rVert_F$. */
  frobenius: number;
  /** $\lVert H(W) - H(\tilde W) \rVert_F / \lVert H(\tilde W) \rVert_F$. */
  relative: number;
  /** $R = \max_r \lVert w_r - \tilde w_r \rVert_2$, the radius of Lemma 5.1. */
  radius: number;
  /** H(W), for callers that also want its spectrum. */
  H1: Matrix;
}

/**
 * How far the NTK Gram matrix moves when the weights move: $\lVert H(W) - H(\tilde W) \rVert_F$ and the radius $R = \max_r \lVert w_r - \tilde w_r \rVert_2$
 * of Lemma 5.1.
 *
 * @param options - W(0) and $W(\tau)$, the second layer a, the inputs x and the activation.
 *
 * @see Lemma 5.1 (weight perturbation ⇒ kernel perturbation).
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { kernelDrift } from '@softmax-ntk/ntk';
 *
 * // Lemma 5.1: moving every neuron by at most R moves H by at most R·nd·exp(10B); measured here for R = 0.01
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 256, sigma: 1, seed: 1 });
 * // (each neuron moved differently: a common shift of every w_r leaves the softmax, and H, unchanged)
 * const w1 = { ...problem.w, data: problem.w.data.map((v, k) => v + 0.01 * Math.sin(k)) };
 * const d = kernelDrift({ w0: problem.w, w1, a: problem.a, x: problem.x });
 * console.log(d.radius.toFixed(4), d.frobenius.toExponential(3), d.relative.toExponential(3));
 * // → 0.0126 1.420e-3 3.096e-4
 * ```
 */
export function kernelDrift(options: KernelDriftOptions): KernelDrift {
  checkNet({ w: options.w0, a: options.a }, { x: options.x }, 'w0');
  const w1 = checkMatrix('w1', options.w1);
  if (w1.rows !== options.w0.rows || w1.cols !== options.w0.cols) {
    throw argumentError(
      'w1',
      `expected the shape of \`w0\`, ${options.w0.rows} × ${options.w0.cols}, got ${w1.rows} × ${w1.cols}`,
    );
  }
  const activation = options.activation ?? 'softmax';
  const H0 = options.H0 ?? gram({ w: options.w0, a: options.a, x: options.x, activation });
  const H1 = gram({ w: w1, a: options.a, x: options.x, activation });
  let diff = 0;
  let base = 0;
  for (let k = 0; k < H0.data.length; k++) {
    const h0 = H0.data[k] as number;
    diff += ((H1.data[k] as number) - h0) ** 2;
    base += h0 * h0;
  }
  let radius = 0;
  const { rows, cols } = w1;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < cols; k++)
      s += ((w1.data[r * cols + k] as number) - (options.w0.data[r * cols + k] as number)) ** 2;
    radius = Math.max(radius, Math.sqrt(s));
  }
  return { frobenius: Math.sqrt(diff), relative: Math.sqrt(diff / base), radius, H1 };
}
