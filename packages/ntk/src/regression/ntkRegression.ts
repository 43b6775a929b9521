/**
 * Definition F.1 (NTK regression predictor) of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024), in closed form:
 *
 * $$F_\text{ntk}(x_\text{te}) = K^*_\text{te} (H^* + \rho I)^{-1} \operatorname{vec}(Y),$$
 *
 * the limit $\tau \to \infty$ of the gradient-descent dynamics of Eq. (25) ($\rho = 0$), with
 * $H^* = H(W(0))$ the Gram matrix of Definition 3.6 at the initial weights and
 * K*_te the test kernel of Appendix F. Solved by float64 Cholesky; the ridge
 * $\rho \ge 0$ is explicit, never added silently.
 */
import { argumentError, choleskyFactor, unvecOutputMajor, vecOutputMajor, type Matrix } from '@softmax-ntk/linalg';
import { crossGram } from '../gram/crossGram';
import { gram } from '../gram/gram';
import { checkMatrix, checkNet, checkNonNeg, type Activation } from '../internal/validate';

/** Options of {@link ntkRegression}. */
export interface NtkRegressionOptions {
  /** Initial first-layer weights W(0), $m \times d_\text{in}$. */
  w: Matrix;
  /** Second-layer weights, $d_\text{out} \times m$. */
  a: Matrix;
  /** Training inputs, $n \times d_\text{in}$. */
  x: Matrix;
  /** Training labels, $n \times d_\text{out}$. */
  y: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Ridge $\rho$ added to $H^*$ (default 0: interpolation). */
  ridge?: number;
  /** A precomputed $H^*$ (saves recomputing it). */
  H?: Matrix;
}

/** What {@link ntkRegression} returns: $H^*$, the coefficients $(H^* + \rho I)^{-1}\operatorname{vec}(Y)$, and `predict` for new inputs. */
export interface NtkRegressor {
  /** $H^*$, $n \cdot d_\text{out} \times n \cdot d_\text{out}$. */
  H: Matrix;
  /** $(H^* + \rho I)^{-1} \operatorname{vec}(Y)$, output-major, length $n \cdot d_\text{out}$. */
  coefficients: Float64Array;
  /** $\rho$, the ridge added to the diagonal of $H^*$ before the solve. */
  ridge: number;
  /**
   * Predictions $F_\text{ntk}(x_\text{te})$, $n_\text{te} \times d_\text{out}$.
   *
   * @param xTest - The test inputs $x_\text{te}$, $n_\text{te} \times d_\text{in}$.
   */
  predict(xTest: Matrix): Matrix;
}

/**
 * The NTK regression predictor of Definition F.1 in closed form, $F_\text{ntk}(x) = K^*(x) \, (H^* + \rho I)^{-1} \operatorname{vec}(Y)$,
 * with $H^* = H(W(0))$.
 *
 * @param options - W(0), a, the training data x, y, the activation, the ridge $\rho$ and optionally a precomputed $H^*$.
 *
 * @see Definition F.1
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { ntkRegression } from '@softmax-ntk/ntk';
 *
 * // Without a ridge, F_ntk interpolates the training labels (H* is positive definite here).
 * const { problem } = makeProblem({ n: 8, dIn: 4, dOut: 2, numNeurons: 128, sigma: 1, seed: 1 });
 * const reg = ntkRegression(problem);
 * const fit = reg.predict(problem.x);
 * const maxErr = Math.max(...fit.data.map((v, k) => Math.abs(v - problem.y.data[k])));
 * console.log(reg.H.rows, maxErr < 1e-8); // 16 true
 * ```
 */
export function ntkRegression(options: NtkRegressionOptions): NtkRegressor {
  const { dOut } = checkNet(options, { x: options.x });
  const y = checkMatrix('y', options.y);
  const n = options.x.rows;
  if (y.rows !== n || y.cols !== dOut) {
    throw argumentError(
      'y',
      `expected n × d_out = ${n} × ${dOut} (n from \`x\`, d_out from \`a\`), got ${y.rows} × ${y.cols}`,
    );
  }
  const ridge = checkNonNeg('ridge', options.ridge ?? 0);
  const activation = options.activation ?? 'softmax';
  const H = options.H ? checkMatrix('H', options.H) : gram({ w: options.w, a: options.a, x: options.x, activation });
  if (H.rows !== n * dOut || H.cols !== n * dOut) {
    throw argumentError('H', `expected n·d_out × n·d_out = ${n * dOut} × ${n * dOut}, got ${H.rows} × ${H.cols}`);
  }
  const factor = choleskyFactor({ a: H, jitter: ridge });
  let coefficients: Float64Array;
  try {
    coefficients = factor.solve(vecOutputMajor(y));
  } finally {
    factor.dispose();
  }
  return {
    H,
    coefficients,
    ridge,
    predict(xTest) {
      checkNet(options, { xTest });
      const K = crossGram({ w: options.w, a: options.a, x: options.x, xTest, activation });
      const f = new Float64Array(K.rows);
      for (let i = 0; i < K.rows; i++) {
        let s = 0;
        const o = i * K.cols;
        for (let j = 0; j < K.cols; j++) s += (K.data[o + j] as number) * (coefficients[j] as number);
        f[i] = s;
      }
      return unvecOutputMajor(f, xTest.rows, dOut);
    },
  };
}
