/**
 * A problem for `softmax-ntk init`: data (generated in the unit ball or on the
 * unit sphere, or given) and symmetric (Definition 3.7) or Gaussian initial
 * weights. Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024), Section 3 (Data: $\lVert x_i \rVert_2 \le 1$, $\lVert y_i \rVert_2 \le 1$).
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { initWeights, type InitKind } from '../init/initWeights';
import {
  argumentError,
  checkActivation,
  checkFinite,
  checkMatrix,
  checkNonNeg,
  checkPositiveInt,
  show,
} from '../internal/validate';
import type { Activation } from '../network/activation';
import { normWarnings } from './parseProblem';
import type { Problem, ProblemWarning } from './problem';

/** Options of {@link makeProblem}. */
export interface MakeProblemOptions {
  /** m, hidden neurons. */
  numNeurons: number;
  /** $\sigma$ of the first-layer weights. */
  sigma: number;
  /** Seed of the inputs, labels and initial weights (the same seed gives the same problem). */
  seed: number | string;
  /**
   * `"unit-ball"` (default): $x_i$ uniform in the unit ball of $\mathbb{R}^{d_\text{in}}$;
   * `"unit-sphere"`: $x_i$ uniform on the unit sphere; or given data {x, y}
   * (e.g. from `readLabelledData`). Generated labels $y_i$ are uniform in the
   * unit ball of $\mathbb{R}^{d_\text{out}}$.
   */
  data?: 'unit-ball' | 'unit-sphere' | { x: Matrix; y: Matrix };
  /** n; required for generated data, ignored for given data. */
  n?: number;
  /** $d_\text{in}$; required for generated data. */
  dIn?: number;
  /** $d_\text{out}$; required for generated data. */
  dOut?: number;
  /** Default `"softmax"`. */
  activation?: Activation;
  /** Default `"symmetric"`. */
  init?: InitKind;
}

/**
 * Draw order from one `Rng(seed)`: the n inputs, then the n labels (generated
 * data only), then the weights (see `initWeights`).
 *
 * @param options - The sizes n, $d_\text{in}$, $d_\text{out}$, m, the scale $\sigma$, the seed and the kind of data.
 *
 * @see Definition 3.7
 *
 * @example
 * ```ts
 * import { makeProblem } from '@softmax-ntk/network';
 *
 * // n = 8 points in the unit ball of R^4, labels in the unit ball of R^2, m = 64 neurons paired (Definition 3.7)
 * const { problem, warnings } = makeProblem({ n: 8, dIn: 4, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const { x, y, w, a } = problem;
 * console.log(x.rows, x.cols, y.cols, w.rows, w.cols, a.rows, a.cols, warnings.length); // 8 4 2 64 4 2 64 0
 * // the pairs (neurons 2r − 1 and 2r, here rows 0 and 1): w_2 = w_1 and a_{ℓ,2} = −a_{ℓ,1}
 * console.log(w.data.slice(0, 4).every((v, k) => v === w.data[4 + k]), a.data[0] === -a.data[1]); // true true
 * ```
 */
export function makeProblem(options: MakeProblemOptions): { problem: Problem; warnings: ProblemWarning[] } {
  const activation = checkActivation(options.activation);
  const m = checkPositiveInt('numNeurons', options.numNeurons);
  const sigma = checkNonNeg('sigma', options.sigma);
  if (options.seed === undefined) throw argumentError('seed', 'is required, got undefined');
  const rng = new Rng(options.seed);
  const data = options.data ?? 'unit-ball';
  let x: Matrix, y: Matrix;
  if (data === 'unit-ball' || data === 'unit-sphere') {
    const n = checkPositiveInt('n', options.n);
    const dIn = checkPositiveInt('dIn', options.dIn);
    const dOut = checkPositiveInt('dOut', options.dOut);
    x = { rows: n, cols: dIn, data: new Float64Array(n * dIn) };
    y = { rows: n, cols: dOut, data: new Float64Array(n * dOut) };
    for (let i = 0; i < n; i++) {
      const row = x.data.subarray(i * dIn, (i + 1) * dIn);
      if (data === 'unit-ball') rng.ball(dIn, 1, row);
      else rng.sphere(dIn, row);
    }
    for (let i = 0; i < n; i++) rng.ball(dOut, 1, y.data.subarray(i * dOut, (i + 1) * dOut));
  } else if (data && typeof data === 'object') {
    x = checkMatrix('data.x', data.x);
    y = checkMatrix('data.y', data.y);
    if (y.rows !== x.rows)
      throw argumentError('data.y', `must have as many rows as \`data.x\` (${x.rows}), got ${y.rows}`);
    checkFinite('data.x', x);
    checkFinite('data.y', y);
  } else {
    throw argumentError('data', `must be "unit-ball", "unit-sphere" or {x, y}, got ${show(data)}`);
  }
  const { w, a } = initWeights({
    numNeurons: m,
    dIn: x.cols,
    dOut: y.cols,
    sigma,
    init: options.init ?? 'symmetric',
    rng,
  });
  const problem: Problem = { activation, x, y, w, a };
  // Norm warnings, exactly as a problem file would give them.
  const warnings: ProblemWarning[] = [];
  normWarnings('x', x, warnings);
  normWarnings('y', y, warnings);
  return { problem, warnings };
}
