/**
 * Experiment `table1-cell`: one cell of the Table 1 scaling check of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024): for an
 * activation (ReLU [MOSW22], exp [GMS23], softmax), n points and m neurons,
 * does gradient descent reach $\lVert F - Y \rVert^2_F \le \varepsilon$ within the step budget while
 * staying in the kernel regime, and how many steps does it need?
 *
 * The unit the `table-1` check of @softmax-ntk/verify scans: m* at n is the
 * smallest m whose cells (one per seed) all have `ok`, $T^*$ the most `steps`
 * among them.
 */
import { makeProblem, train, type Activation } from '@softmax-ntk/network';
import { gram, spectrum } from '@softmax-ntk/ntk';
import type { Matrix } from '@softmax-ntk/linalg';
import { choice, evenInt, int, num, type ParamSpec } from '../internal/params';
import type { ExperimentContext } from './types';

/** The parameters of one `table1-cell` run (a cell of Table 1): activation, n, m, the input dimension, $\sigma$, the seed, $\varepsilon$ and the GD step budget. */
export interface Table1CellParams {
  /** The network's activation: `softmax`, `relu` or `exp`. */
  activation: Activation;
  /** n, the number of training points. */
  n: number;
  /** m, the number of neurons (even: symmetric initialisation). */
  m: number;
  /** Seed of the problem (data and initial weights). */
  seed: number;
  /** Input dimension; Table 1 is stated for scalar regression, so $d_\text{out} = 1$. */
  dIn: number;
  /** $\sigma$, the standard deviation of the first-layer weights at initialisation. */
  sigma: number;
  /** Target on $\lVert F - Y \rVert^2_F$ (the trainer stops at $\frac12\lVert F - Y \rVert^2_F \le \varepsilon/2$). */
  epsilon: number;
  /** Step budget. */
  steps: number;
}

/**
 * The outputs of one `table1-cell` run: whether GD converged and stayed in the kernel regime (Claim E.5), with the
 * measured numbers.
 */
export interface Table1CellResult {
  /** GD reached $\lVert F - Y \rVert^2_F \le \varepsilon$ within the budget. */
  converged: boolean;
  /** $\lVert H(T) - H(0) \rVert_2 \le \lambda/2$ (by Weyl's inequality, Claim E.5's $\lambda_{\min}(H(T)) \ge \lambda/2$). */
  kernelRegime: boolean;
  /** converged and kernelRegime: the cell counts towards m*. */
  ok: boolean;
  /** GD updates performed (T when converged). */
  steps: number;
  /** Final $\frac12\lVert F - Y \rVert^2_F$ (null when $\lambda \le 0$ and GD was not run). */
  loss: number | null;
  /** $\lambda = \lambda_{\min}(H(W(0)))$ of the network's own NTK. */
  lambda: number;
  /** $\lVert H(T) - H(0) \rVert_2$ (null when $\lambda \le 0$ and GD was not run). */
  drift: number | null;
  /** $\eta = 1/\lambda_{\max}(J J^\top)$ at W(0) (null when GD was not run). */
  eta: number | null;
  /** $(\eta \cdot \lambda_{\min}(J J^\top))^{-1} \cdot \log(n/\varepsilon)$ with $J J^\top = \kappa \cdot H$, $\kappa = m$ (softmax) or 1: the step bound with the $\eta$ used. */
  tBound: number | null;
}

export const TABLE1_PARAMS: Record<keyof Table1CellParams, ParamSpec> = {
  activation: choice('network: softmax, relu or exp', 'softmax', ['softmax', 'relu', 'exp']),
  n: int('training points', 8, 1),
  m: evenInt('neurons (even: symmetric initialisation)', 64, 2),
  seed: int('seed of data and weights', 0),
  dIn: int('input dimension (d_out = 1)', 8, 1),
  sigma: num('σ of the initial weights', 1, { min: 0 }),
  epsilon: num('target ‖F − Y‖²_F ≤ epsilon', 1e-3, { exclusiveMin: 0 }),
  steps: int('step budget', 1000, 0),
};

export const TABLE1_OUTPUTS: (keyof Table1CellResult)[] = [
  'converged',
  'kernelRegime',
  'ok',
  'steps',
  'loss',
  'lambda',
  'drift',
  'eta',
  'tBound',
];

function spectralNormOfDiff(A: Matrix, B: Matrix): number {
  const D: Matrix = { rows: A.rows, cols: A.cols, data: A.data.map((v, k) => v - (B.data[k] as number)) };
  const s = spectrum({ H: D, method: 'dense' });
  return Math.max(Math.abs(s.lambdaMin), Math.abs(s.lambdaMax));
}

/**
 * Experiment `table1-cell`: whether gradient descent reaches $\varepsilon$ within the step budget in the kernel regime, and in
 * how many steps, for one (activation, n, m) cell of Table 1.
 *
 * @param p - The cell's parameters.
 * @param _ctx - The executor's context (not used).
 *
 * @see Table 1, Theorem 4.2, Claim E.5. Inputs on the unit sphere of $\mathbb{R}^{d_\text{in}}$, labels in [−1, 1], symmetric initialisation.
 *
 * @example
 * ```ts
 * import { table1CellExperiment } from '@softmax-ntk/sweep';
 *
 * // One cell of Table 1: does GD reach ‖F − Y‖²_F ≤ ε within the budget in the kernel regime, and in how many steps
 * const params = { activation: 'softmax', n: 4, m: 128, seed: 1, dIn: 8, sigma: 1, epsilon: 1e-3 };
 * const r = await table1CellExperiment({ ...params, steps: 1000 });
 * console.log(r.converged, r.kernelRegime, r.ok, r.steps, r.steps <= r.tBound); // true true true 6 true
 * ```
 */
export async function table1CellExperiment(
  p: Table1CellParams,
  _ctx: ExperimentContext = {},
): Promise<Table1CellResult> {
  const { problem } = makeProblem({
    n: p.n,
    dIn: p.dIn,
    dOut: 1,
    numNeurons: p.m,
    sigma: p.sigma,
    seed: p.seed,
    data: 'unit-sphere',
    activation: p.activation,
    init: 'symmetric',
  });
  const net = { w: problem.w, a: problem.a, x: problem.x, activation: p.activation };
  const H0 = gram(net);
  const lambda = spectrum({ H: H0, method: 'dense' }).lambdaMin;
  if (!(lambda > 0)) {
    return {
      converged: false,
      kernelRegime: false,
      ok: false,
      steps: 0,
      loss: null,
      lambda,
      drift: null,
      eta: null,
      tBound: null,
    };
  }
  const r = await train({ problem, precision: 'float64', eta: 'auto', steps: p.steps, epsilon: p.epsilon / 2 });
  const drift = spectralNormOfDiff(gram({ ...net, w: r.w }), H0);
  const converged = r.status === 'converged';
  const kernelRegime = drift <= lambda / 2;
  // GD on F contracts by (1 − η·λ_min(J Jᵀ)) per step; J Jᵀ = κ·H with κ = m for softmax, 1 for the baselines.
  const kappa = p.activation === 'softmax' ? p.m : 1;
  return {
    converged,
    kernelRegime,
    ok: converged && kernelRegime,
    steps: r.steps,
    loss: r.loss,
    lambda,
    drift,
    eta: r.eta,
    tBound: Math.log(p.n / p.epsilon) / (r.eta * kappa * lambda),
  };
}
