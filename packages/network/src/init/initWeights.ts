/**
 * Initialisation of the two layers: symmetric initialisation (Definition 3.7
 * of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024))
 * and a plain Gaussian one.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { argumentError, checkNonNeg, checkPositiveInt, show } from '../internal/validate';

/**
 * How the weights are initialised: `"symmetric"` (Definition 3.7: paired neurons, so F(W(0), x) = 0) or
 * `"gaussian"` (independent draws).
 */
export type InitKind = 'symmetric' | 'gaussian';

/** Options of {@link initWeights}. */
export interface InitWeightsOptions {
  /** m, the number of hidden neurons (even for symmetric initialisation). */
  numNeurons: number;
  /** $d_\text{in}$. */
  dIn: number;
  /** $d_\text{out}$. */
  dOut: number;
  /** $\sigma$, the standard deviation of each entry of $w_r$. */
  sigma: number;
  /** Default `"symmetric"`. */
  init?: InitKind;
  /** A generator to draw from (advanced by the call), or a seed for a new one. One of the two is required. */
  rng?: Rng;
  /** A seed for a new generator (used when `rng` is not given; the same seed gives the same weights). */
  seed?: number | string;
}

/**
 * First- and second-layer weights: $W$ ($m \times d_\text{in}$) and $a$ ($d_\text{out} \times m$).
 *
 * @param options - The sizes m and $d_\text{in}$, the scale $\sigma$, the initialisation kind and the generator or seed.
 *
 * @see Definition 3.7 (`"symmetric"`): for $r \in [m/2]$, $w_{2r-1} \sim \mathcal{N}(0, \sigma^2 I)$,
 * $w_{2r} = w_{2r-1}$, $a_{\cdot,2r-1}$ uniform in $\{-1,+1\}^{d_\text{out}}$, $a_{\cdot,2r} = -a_{\cdot,2r-1}$;
 * hence F(W(0), x) = 0 for every x, for all three activations.
 * `"gaussian"`: every $w_r \sim \mathcal{N}(0, \sigma^2 I)$ and every $a_{\ell,r}$ uniform in $\{-1, +1\}$, independently.
 *
 * Draw order (so a seed pins the weights): for each pair (or neuron), the $d_\text{in}$
 * entries of w, then the $d_\text{out}$ signs of a.
 *
 * @see Lemma D.3
 *
 * @example
 * ```ts
 * import { forward, initWeights } from '@softmax-ntk/network';
 *
 * // Definition 3.7: neurons come in pairs (w_{2r} = w_{2r−1}, a_{·,2r} = −a_{·,2r−1}), so F(W(0), x) = 0 for every x
 * const { w, a } = initWeights({ numNeurons: 6, dIn: 2, dOut: 1, sigma: 1, seed: 7 });
 * console.log(w.rows, w.cols, a.rows, a.cols, w.data[0] === w.data[2], a.data[0] === -a.data[1]); // 6 2 1 6 true true
 * const x = { rows: 1, cols: 2, data: new Float64Array([0.3, -0.4]) };
 * console.log(forward({ w, a, x }).data[0]); // 0
 * ```
 */
export function initWeights(options: InitWeightsOptions): { w: Matrix; a: Matrix } {
  const m = checkPositiveInt('numNeurons', options.numNeurons);
  const dIn = checkPositiveInt('dIn', options.dIn);
  const dOut = checkPositiveInt('dOut', options.dOut);
  const sigma = checkNonNeg('sigma', options.sigma);
  const init = options.init ?? 'symmetric';
  if (init !== 'symmetric' && init !== 'gaussian')
    throw argumentError('init', `must be "symmetric" or "gaussian", got ${show(init)}`);
  if (init === 'symmetric' && m % 2 !== 0)
    throw argumentError('numNeurons', `must be even for symmetric initialisation, got ${m}`);
  let rng = options.rng;
  if (rng === undefined) {
    if (options.seed === undefined) throw argumentError('seed', 'is required (or `rng`), got neither');
    rng = new Rng(options.seed);
  }
  const w = new Float64Array(m * dIn);
  const a = new Float64Array(dOut * m);
  const stride = init === 'symmetric' ? 2 : 1;
  for (let r = 0; r < m; r += stride) {
    for (let k = 0; k < dIn; k++) w[r * dIn + k] = sigma * rng.normal();
    for (let l = 0; l < dOut; l++) a[l * m + r] = rng.rademacher();
    if (init === 'symmetric') {
      for (let k = 0; k < dIn; k++) w[(r + 1) * dIn + k] = w[r * dIn + k] as number;
      for (let l = 0; l < dOut; l++) a[l * m + r + 1] = -(a[l * m + r] as number);
    }
  }
  return { w: { rows: m, cols: dIn, data: w }, a: { rows: dOut, cols: m, data: a } };
}
