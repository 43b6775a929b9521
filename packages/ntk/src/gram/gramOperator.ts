/**
 * The matrix-free product $v \mapsto H(W) v$ of Definition 3.6 (Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax", 2024), for sizes where H does
 * not fit in memory.
 *
 * $H = J J^\top / \kappa$ ($\kappa = m$ for softmax, 1 for the baselines; `jacobianFactors`),
 * so $H \cdot v = J(J^\top v)/\kappa$: one vector-Jacobian product (the gradient formula of
 * Claim 3.4 with the residual replaced by v) and one Jacobian-vector product
 * (Eq. 2). Samples are processed in chunks, so the working memory is
 * $O(\mathrm{chunk} \cdot m + m \cdot d_\text{in} + n \cdot d_\text{out})$ however large $n \cdot d$ is.
 */
import { unvecOutputMajor, vecOutputMajor, type Matrix } from '@softmax-ntk/linalg';
import { jacobianTransposeVector, jacobianVector } from '@softmax-ntk/network';
import { checkNet, checkPositiveInt, type Activation } from '../internal/validate';

/** Options of {@link gramOperator}. */
export interface GramOperatorOptions {
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Samples per chunk (default: as many as keep a chunk's $n_c \times m$ factors near 32 MB). */
  chunkSize?: number;
}

/** What {@link gramOperator} returns: the product $v \mapsto H(W) v$ without forming H, and the side of H. */
export interface GramOperator {
  /** $n \cdot d_\text{out}$, the side of H. */
  size: number;
  /**
   * $\mathrm{out} \leftarrow H v$, vectors output-major (index $\ell \cdot n + i$).
   *
   * @param v - The vector to multiply, length $n \cdot d_\text{out}$, output-major.
   * @param out - Receives $H \cdot v$ (same length and layout as v).
   */
  matvec(v: Float64Array, out: Float64Array): void;
}

function rowsOf(x: Matrix, start: number, end: number): Matrix {
  return { rows: end - start, cols: x.cols, data: x.data.subarray(start * x.cols, end * x.cols) };
}

/**
 * The matrix-free product $v \mapsto H(W) v$ of the NTK Gram matrix, for sizes where H does not fit in memory.
 *
 * @param options - The weights W, a, the inputs x and the activation.
 *
 * @see Definition 3.6
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { gram, gramOperator } from '@softmax-ntk/ntk';
 *
 * // H·v without forming H: the same numbers as the dense product with gram's H
 * const { problem: p } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const op = gramOperator({ w: p.w, a: p.a, x: p.x });
 * const v = Float64Array.from({ length: op.size }, (_, k) => k + 1);
 * const Hv = new Float64Array(op.size);
 * op.matvec(v, Hv);
 * const H = gram({ w: p.w, a: p.a, x: p.x });
 * const row0 = v.reduce((s, vj, j) => s + H.data[j] * vj, 0);
 * console.log(op.size, Hv[0].toFixed(6), row0.toFixed(6)); // 8 -1.236844 -1.236844
 * ```
 */
export function gramOperator(options: GramOperatorOptions): GramOperator {
  const { m, dIn, dOut } = checkNet(options, { x: options.x });
  const activation = options.activation ?? 'softmax';
  const n = options.x.rows;
  const chunk =
    options.chunkSize === undefined
      ? Math.max(1, Math.floor((32 * 2 ** 20) / (8 * 4 * m)))
      : checkPositiveInt('chunkSize', options.chunkSize);
  const kappa = activation === 'softmax' ? m : 1;
  const { w, a, x } = options;
  return {
    size: n * dOut,
    matvec(v, out) {
      const V = unvecOutputMajor(v, n, dOut); // n × d_out
      // Form: u = Jᵀv = Σ_chunks J_cᵀ v_c   (m × d_in)
      const u: Matrix = { rows: m, cols: dIn, data: new Float64Array(m * dIn) };
      for (let s = 0; s < n; s += chunk) {
        const e = Math.min(n, s + chunk);
        const part = jacobianTransposeVector({ w, a, x: rowsOf(x, s, e), v: rowsOf(V, s, e), activation });
        for (let k = 0; k < u.data.length; k++) u.data[k] = (u.data[k] as number) + (part.data[k] as number);
      }
      // Form: H·v = J·u / κ, chunk by chunk of rows of J
      const F: Matrix = { rows: n, cols: dOut, data: new Float64Array(n * dOut) };
      for (let s = 0; s < n; s += chunk) {
        const e = Math.min(n, s + chunk);
        const part = jacobianVector({ w, a, x: rowsOf(x, s, e), u, activation });
        F.data.set(part.data, s * dOut);
      }
      const hv = vecOutputMajor(F);
      for (let k = 0; k < hv.length; k++) out[k] = (hv[k] as number) / kappa;
    },
  };
}
