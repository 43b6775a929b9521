/**
 * The NTK regression of Definition F.1 solved in its primal form, for many denoising pairs.
 *
 * The dual form solves $(H^* + \rho I)\,c = \operatorname{vec}(Y)$ with $H^* = J J^\top / m$, an $nd \times nd$
 * system, and sets $U = J^\top c / m$. The same $U$ solves the $p \times p$ system ($p = m\,d_\text{in}$, the
 * number of first-layer weights)
 * $$(J^\top J + m\rho I)\,U = J^\top \operatorname{vec}(Y),$$
 * since $J^\top (J J^\top + m\rho I)^{-1} = (J^\top J + m\rho I)^{-1} J^\top$. Its cost, $nd \cdot p^2/2$ for
 * $J^\top J$ and $p^3/3$ for the Cholesky factor, grows linearly in the number of pairs $n$ where the dual's grows
 * as $n^3$, and its memory is $p^2$ whatever $n$: from $nd \gtrsim p$ on it is the cheaper route. $J$ is never
 * held whole: rows of $J$ ($\partial F_\ell(x_i)/\partial w_r = c_{(\ell,i),r}\,x_i$, network's `jacobianFactors`)
 * are formed a block of pairs at a time and folded into $J^\top J$ by a symmetric rank-k update.
 */
import { choleskyFactor, syrk, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors } from '@softmax-ntk/network';

/** Float64s of one block of J's rows (64 MB). */
const BLOCK_ENTRIES = 1 << 23;

/** What {@link primalNormalEquations} returns. */
export interface PrimalNormalEquations {
  /** $J^\top J$, $p \times p$, lower triangle filled (row-major; the upper triangle is 0). */
  gram: Matrix;
  /** $J^\top \operatorname{vec}(Y)$, length $p$, index $r\,d_\text{in} + k$. */
  rhs: Float64Array;
  /** $\operatorname{tr}(J^\top J) = \operatorname{tr}(J J^\top) = m \operatorname{tr}(H^*)$. */
  trace: number;
}

/**
 * $J^\top J$ and $J^\top \operatorname{vec}(Y)$ of the softmax network at $(W, a)$ on inputs $x$ ($n \times d_\text{in}$)
 * and labels $y$ ($n \times d$), accumulated block by block of pairs (`blockEntries`: float64s per block of $J$'s
 * rows, for tests). With `weights` $w_i$ (one per pair): $J^\top D J$ and $J^\top D \operatorname{vec}(Y)$, $D$ the
 * weights repeated over the d outputs — the normal equations of the loss $\frac12\sum_i w_i\lVert F(x_i) - y_i\rVert^2$.
 */
export function primalNormalEquations(
  w: Matrix,
  a: Matrix,
  x: Matrix,
  y: Matrix,
  blockEntries = BLOCK_ENTRIES,
  weights?: Float64Array,
): PrimalNormalEquations {
  const m = w.rows;
  const dIn = w.cols;
  const d = a.rows;
  const n = x.rows;
  const p = m * dIn;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const pairsPerBlock = Math.max(1, Math.floor(blockEntries / (p * d)));
  const z = new Float64Array(Math.min(n, pairsPerBlock) * d * p);
  let first = true;
  for (let i0 = 0; i0 < n; i0 += pairsPerBlock) {
    const nb = Math.min(pairsPerBlock, n - i0);
    const xb: Matrix = { rows: nb, cols: dIn, data: x.data.subarray(i0 * dIn, (i0 + nb) * dIn) };
    // c: (d·nb) × m, row ℓ·nb + i
    const { c } = jacobianFactors({ w, a, x: xb });
    const rows = d * nb;
    for (let l = 0; l < d; l++) {
      for (let i = 0; i < nb; i++) {
        const row = l * nb + i;
        const cr = c.data.subarray(row * m, (row + 1) * m);
        const xi = xb.data.subarray(i * dIn, (i + 1) * dIn);
        // weighted least squares: the pair's rows of J and y times √w_i
        const sw = weights ? Math.sqrt(weights[i0 + i] as number) : 1;
        const yv = (y.data[(i0 + i) * d + l] as number) * sw;
        const zr = row * p;
        // Form: J[(ℓ,i), r·d_in + k] = c_{(ℓ,i),r}·x_{i,k};  Jᵀy += that row · y_{i,ℓ}
        for (let r = 0; r < m; r++) {
          const cv = (cr[r] as number) * sw;
          const at = zr + r * dIn;
          for (let k = 0; k < dIn; k++) {
            const v = cv * (xi[k] as number);
            z[at + k] = v;
            rhs[r * dIn + k] = (rhs[r * dIn + k] as number) + v * yv;
          }
        }
      }
    }
    // Form: JᵀJ += Z_bᵀ Z_b (lower triangle), Z_b the block's rows × p
    syrk('lower', 'transpose', p, rows, 1, z, p, 1, 0, first ? 0 : 1, gram, p, 1, 0);
    first = false;
  }
  let trace = 0;
  for (let i = 0; i < p; i++) trace += gram[i * p + i] as number;
  return { gram: { rows: p, cols: p, data: gram }, rhs, trace };
}

/**
 * $U$ ($m \times d_\text{in}$) of the NTK regression with absolute ridge $\rho$ on $H^*$:
 * $U = (J^\top J + m\rho I)^{-1} J^\top \operatorname{vec}(Y)$, the same as the dual's $J^\top (H^* + \rho I)^{-1}
 * \operatorname{vec}(Y)/m$. Throws linalg's `NotPositiveDefiniteError` as `choleskyFactor` does.
 */
export function solvePrimal(eq: PrimalNormalEquations, m: number, dIn: number, rho: number): Matrix {
  const factor = choleskyFactor({ a: eq.gram, jitter: m * rho });
  try {
    return { rows: m, cols: dIn, data: factor.solve(eq.rhs) };
  } finally {
    factor.dispose();
  }
}
