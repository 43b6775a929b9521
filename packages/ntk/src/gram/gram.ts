/**
 * Definition 3.6 (kernel function) of Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax" (2024): the NTK Gram matrix $H(W) \in \mathbb{R}^{nd \times nd}$, and
 * the same construction for the ReLU [MOSW22] and exp [GMS23] baselines.
 *
 * Never the quadruple loop: with the Jacobian coefficients c ($nd \times m$, rows
 * output-major $\ell \cdot n + i$; see `jacobianFactors` of @softmax-ntk/network),
 *
 * $$H = (1/\kappa) \, (c c^\top) \odot (X X^\top \otimes \mathbf{1}_{d \times d}),$$
 *
 * one symmetric product (float64: linalg's `syrkLowerRows` computes one triangle by row bands, each band then
 * scaled by the input factor and mirrored; float32:
 * the tiles of the upper block triangle on the tfjs backend, ../internal/gramTiles)
 * and an element-wise scaling. For softmax $c = m \cdot G$ with $G_{(\ell,i),r} = \langle v_{\ell,r}, S_i\rangle \cdot S_{i,r}$
 * and $\kappa = m$, so $H = m \cdot (G G^\top) \odot (X X^\top \otimes \mathbf{1})$. `gramAsync` runs the same float32
 * tiles on worker threads.
 */
import { checkFiniteMatrix, matmul, type Matrix } from '@softmax-ntk/linalg';
import { bandBounds, runAllBands64 } from '../internal/gramBands64';
import { jacobianFactors } from '@softmax-ntk/network';
import { assertBackendReady } from '@softmax-ntk/linalg';
import { checkNet, checkPrecision, type Activation, type Precision } from '../internal/validate';
import { gramFactors32, releaseFactors } from '../internal/gramFactors32';
import { runAllTiles, TILE_ROWS } from '../internal/gramTiles';

/** Options of {@link gram}. */
export interface GramOptions {
  /** First-layer weights, $m \times d_\text{in}$ (row r is $w_r$). */
  w: Matrix;
  /** Second-layer weights, $d_\text{out} \times m$. */
  a: Matrix;
  /** Training inputs, $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"float64"`; `"float32"` runs the product on the tfjs backend, in this thread (`gramAsync`: on worker threads). */
  precision?: Precision;
}

/**
 * The NTK Gram matrix $H(W)$ of Definition 3.6, $n d_\text{out} \times n d_\text{out}$, output-major (row and column
 * $\ell n + i$).
 *
 * @param options - The weights W, a, the inputs x, the activation and the precision.
 *
 * @see Definition 3.6: $[H_{\ell_1,\ell_2}]_{i,j} = \frac1m \, x_i^\top x_j \sum_r \langle v_{\ell_1,r}, S_i \rangle \, m S_{i,r} \, \langle v_{\ell_2,r}, S_j \rangle \, m S_{j,r}$.
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { gram } from '@softmax-ntk/ntk';
 *
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const H = gram({ w: problem.w, a: problem.a, x: problem.x });
 * console.log(H.rows, H.cols, H.data[0].toFixed(4)); // 8 8 0.7816
 * ```
 */
export function gram(options: GramOptions): Matrix {
  const { precision, activation } = checkGram(options);
  if (precision === 'float32') {
    const problem = gramFactors32({ w: options.w, a: options.a, x: options.x, activation }, TILE_ROWS, false);
    try {
      runAllTiles(problem);
    } finally {
      releaseFactors(problem);
    }
    return { rows: problem.nd, cols: problem.nd, data: problem.out };
  }
  const { c, kernelScale } = jacobianFactors({ w: options.w, a: options.a, x: options.x, activation, precision });
  const n = options.x.rows;
  const nd = c.rows;
  // Form: H = (1/κ)·(c·cᵀ) ⊙ (X Xᵀ ⊗ 1): the lower triangle by bands of linalg's `syrkLowerRows`, each band scaled
  // and mirrored as it finishes (gramAsync shares the bands out)
  const K = { rows: nd, cols: nd, data: new Float64Array(nd * nd) };
  const g = matmul({ a: options.x, b: options.x, transB: true }).data;
  runAllBands64({ c: c.data, nd, m: c.cols, out: K.data, bounds: bandBounds(nd), input: { g, n, s: 1 / kernelScale } });
  return K;
}

/** Validation at the public edge, shared with `gramAsync`. */
export function checkGram(options: GramOptions): { precision: Precision; activation: Activation } {
  checkNet(options, { x: options.x });
  const precision = checkPrecision(options.precision);
  const activation = options.activation ?? 'softmax'; // checked by jacobianFactors (float64, baselines) and in gramFactors32
  if (precision === 'float32') {
    checkFiniteMatrix('x', options.x);
    checkFiniteMatrix('w', options.w);
    checkFiniteMatrix('a', options.a);
    assertBackendReady();
  }
  return { precision, activation };
}
