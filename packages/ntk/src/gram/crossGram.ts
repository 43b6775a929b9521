/**
 * The NTK between two sets of inputs, and the test kernel $K(x_\text{te})$ of
 * Appendix F (Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax", 2024): $[K_{\ell_1,\ell_2}]_{\text{te},j} = (1/m) \cdot x_\text{te}^\top x_j \cdot \sum_r \langle v_{\ell_1,r}, S_\text{te}\rangle \cdot m \cdot S_{\text{te},r} \cdot \langle v_{\ell_2,r}, S_j\rangle \cdot m \cdot S_{j,r}$.
 */
import { matmul, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors } from '@softmax-ntk/network';
import { checkNet, type Activation } from '../internal/validate';
import { applyInputKernel } from '../internal/inputKernel';

/** Options of {@link crossGram}. */
export interface CrossGramOptions {
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** Test inputs, $n_\text{te} \times d_\text{in}$. */
  xTest: Matrix;
  /** Training inputs, $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
}

/**
 * $K(x_\text{te})$ for a batch of test points, float64: $(n_\text{te} d_\text{out}) \times (n d_\text{out})$, rows
 * output-major over the test points ($\ell n_\text{te} + t$), columns output-major over
 * the training points ($\ell n + j$). For one test point it is the $d \times nd$ matrix
 * $K_\text{te}$ of Appendix F. With `xTest = x` it equals $H(W)$.
 *
 * @param options - The weights, the training inputs x, the test inputs and the activation.
 *
 * @see Appendix F, the feature map K*_te below Eq. (23).
 *
 * @see Definition F.1
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { crossGram, gram } from '@softmax-ntk/ntk';
 *
 * // With xTest = x, K is H(W) itself; one test point gives the d_out × n·d_out block K_te of Appendix F
 * const { problem: p } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const K = crossGram({ w: p.w, a: p.a, x: p.x, xTest: p.x });
 * const H = gram({ w: p.w, a: p.a, x: p.x });
 * console.log(K.rows, K.cols, K.data.every((v, k) => Math.abs(v - H.data[k]) < 1e-12)); // 8 8 true
 * const xTe = { rows: 1, cols: 3, data: p.x.data.slice(0, 3) };
 * const Kte = crossGram({ w: p.w, a: p.a, x: p.x, xTest: xTe });
 * console.log(Kte.rows, Kte.cols, Kte.data[0].toFixed(4), H.data[0].toFixed(4)); // 2 8 0.7816 0.7816
 * ```
 */
export function crossGram(options: CrossGramOptions): Matrix {
  checkNet(options, { xTest: options.xTest, x: options.x });
  const activation = options.activation ?? 'softmax';
  const te = jacobianFactors({ w: options.w, a: options.a, x: options.xTest, activation });
  const tr = jacobianFactors({ w: options.w, a: options.a, x: options.x, activation });
  const d = options.a.rows;
  // Form: K = c_te · c_trᵀ
  const K = matmul({ a: te.c, b: tr.c, transB: true });
  applyInputKernel(K, options.xTest, options.x, options.xTest.rows, options.x.rows, d, 1 / tr.kernelScale);
  return K;
}
