/**
 * A structural upper bound on rank H(W) of Definition 3.6 (Gu, Li, Liang, Shi, Song — "Exploring the Frontiers
 * of Softmax", 2024): $H = J J^\top/\kappa$ with $J_{(\ell,i),(r,k)} = c_{(\ell,i),r} \cdot x_{i,k}$ ($nd \times m d_\text{in}$), so $\operatorname{rank} H = \operatorname{rank} J$, and
 *
 * - $\operatorname{rank} J \le m d_\text{in}$ (its columns) and $\le n \cdot d$ (its rows);
 * - softmax: every row of c sums to 0 over r ($\sum_r S_{i,r}(a_{\ell,r} - P_{i,\ell}) = P_{i,\ell} - P_{i,\ell} = 0$: the softmax
 *   does not see a shift $w_r \mapsto w_r + t$ common to all neurons), so the $d_\text{in}$ columns $\sum_r J_{:,(r,k)}$ vanish and
 *   $\operatorname{rank} J \le (m - 1) d_\text{in}$;
 * - symmetric initialisation (Definition 3.7: $w_{2r} = w_{2r+1}$, $a_{:,2r} = -a_{:,2r+1}$): the paired columns of c
 *   are opposite (for softmax because P = 0 then), so $\operatorname{rank} J \le (m/2) d_\text{in}$.
 *
 * When the bound is below $n \cdot d$, $\lambda_{\min}(H) = 0$ exactly, whatever a solver's rounding says.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { checkNet, type Activation } from '../internal/validate';

/** Options of {@link gramRankBound}. */
export interface GramRankBoundOptions {
  /** $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** Default `"softmax"`. */
  activation?: Activation;
}

/** Whether the neurons come in exact symmetric pairs (Definition 3.7): equal rows of w, opposite columns of a. */
function symmetricPairs(w: Matrix, a: Matrix): boolean {
  const m = w.rows;
  if (m % 2 !== 0 || m === 0) return false;
  const dIn = w.cols;
  for (let r = 0; r < m; r += 2) {
    for (let k = 0; k < dIn; k++) if (w.data[r * dIn + k] !== w.data[(r + 1) * dIn + k]) return false;
    for (let l = 0; l < a.rows; l++) if (a.data[l * m + r] !== -(a.data[l * m + r + 1] as number)) return false;
  }
  return true;
}

/**
 * An upper bound on $\operatorname{rank} H(W)$, from the structure of $J$ alone: $\min(nd, m d_\text{in})$,
 * $(m - 1) d_\text{in}$ for softmax, $(m/2) d_\text{in}$ for exactly paired (symmetric) neurons. Below $nd$ it proves
 * $\lambda_{\min}(H) = 0$.
 *
 * @param options - The network: w, a and the inputs x (their shapes give m, $d_\text{in}$, $d_\text{out}$ and n).
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 * import { gramRankBound } from '@softmax-ntk/ntk';
 *
 * // n·d = 64·8 = 512 > (m/2)·d_in = 256: H is singular
 * const { problem } = makeProblem({ n: 64, dIn: 8, dOut: 8, numNeurons: 64, sigma: 1, seed: 1 });
 * console.log(gramRankBound(problem)); // 256
 * ```
 */
export function gramRankBound(options: GramRankBoundOptions): number {
  const { m, dIn, dOut } = checkNet(options, { x: options.x });
  const activation = options.activation ?? 'softmax';
  const nd = options.x.rows * dOut;
  let cols = m * dIn;
  if (symmetricPairs(options.w, options.a)) cols = (m / 2) * dIn;
  else if (activation === 'softmax') cols = Math.max(0, m - 1) * dIn;
  return Math.min(nd, cols);
}
