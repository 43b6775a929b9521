/**
 * Experiment `train`: one gradient-descent run (Definition 3.5 of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024)) of
 * @softmax-ntk/network's `train`, float64, on a generated problem, with the
 * spectrum of the NTK Gram matrix $H^* = H(W(0))$ (Definition 3.6).
 */
import { makeProblem, train, type Activation } from '@softmax-ntk/network';
import { gram, spectrum } from '@softmax-ntk/ntk';
import { choice, evenInt, int, num, numOrAuto, type ParamSpec } from '../internal/params';
import type { ExperimentContext } from './types';

/**
 * The parameters of one `train` cell: a generated problem (activation, n, d, m, $\sigma$, the data distribution, the seed) and the GD settings
 * (Definition 3.5).
 */
export interface TrainParams {
  /** The network's activation: `softmax`, `relu` or `exp`. */
  activation: Activation;
  /** Training points. */
  n: number;
  /** Input and output dimension (the paper's $F: \mathbb{R}^d \to \mathbb{R}^d$). */
  d: number;
  /** Neurons. */
  m: number;
  /** $\sigma$ of the symmetric initialisation (Definition 3.7). */
  sigma: number;
  /** Seed of the data and the initial weights (one `Rng`, see `makeProblem`). */
  seed: number;
  /** Inputs on the unit sphere (default) or in the unit ball. */
  data: 'unit-sphere' | 'unit-ball';
  /** Step size, or "auto": $\eta = 1/\lambda_{\max}(J J^\top)$ at W(0). */
  eta: number | 'auto';
  /** Step budget. */
  steps: number;
  /** Stop once the trainer's loss $L = \frac12\lVert F - Y \rVert^2_F \le \varepsilon$ (`epsilon`). */
  epsilon: number;
}

/**
 * The outputs of one `train` cell: how the run ended, its steps and final loss, and $\lambda_{\min}$ and the condition number of
 * $H^*$ (Definition 3.6).
 */
export interface TrainCellResult {
  /** How the training run ended: `converged`, `budget`, `diverged` or `stopped`. */
  status: string;
  /** True when the run reached the target loss. */
  converged: boolean;
  /** GD updates performed. */
  steps: number;
  /** Final $L = \frac12\lVert F - Y \rVert^2_F$. */
  loss: number;
  /** L(W(0)). */
  lossStart: number;
  /** The step size $\eta$ used. */
  eta: number;
  /** $\lambda_{\min}(H^*)$, the $\lambda$ of Theorem 4.2. */
  lambdaMin: number;
  /** $\lambda_{\max}(H^*)$. */
  lambdaMax: number;
  /** $\mathrm{cond}(H^*) = \lambda_{\max} / \lambda_{\min}$ (null when $\lambda_{\min} \le 0$). */
  cond: number | null;
}

export const TRAIN_PARAMS: Record<keyof TrainParams, ParamSpec> = {
  activation: choice('network: softmax (Eq. 1), relu or exp', 'softmax', ['softmax', 'relu', 'exp']),
  n: int('training points', 8, 1),
  d: int('input and output dimension', 2, 1),
  m: evenInt('neurons (even: symmetric initialisation)', 64, 2),
  sigma: num('σ of the initial weights', 1, { min: 0 }),
  seed: int('seed of data and weights', 0),
  data: choice('inputs on the unit sphere or in the unit ball', 'unit-sphere', ['unit-sphere', 'unit-ball']),
  eta: numOrAuto('step size, or "auto" = 1/λ_max(J Jᵀ)'),
  steps: int('step budget', 500, 0),
  epsilon: num('stop at ½‖F − Y‖² ≤ epsilon', 0, { min: 0 }),
};

export const TRAIN_OUTPUTS: (keyof TrainCellResult)[] = [
  'status',
  'converged',
  'steps',
  'loss',
  'lossStart',
  'eta',
  'lambdaMin',
  'lambdaMax',
  'cond',
];

/**
 * Experiment `train`: one float64 gradient-descent run on a generated problem, with the spectrum of $H^* = H(W(0))$.
 *
 * @param p - The cell's parameters.
 * @param _ctx - The executor's context (not used).
 *
 * @see Definition 3.5 (GD on W), Definition 3.6 ($H^*$), Theorem 4.2 ($\lambda = \lambda_{\min}(H^*)$).
 *
 * @example
 * ```ts
 * import { trainExperiment } from '@softmax-ntk/sweep';
 *
 * // One cell of a `train` sweep: GD on a softmax network (n = 4, m = 128) with λ_min and cond of H* at W(0)
 * const params = { activation: 'softmax', n: 4, d: 2, m: 128, sigma: 1, seed: 3, data: 'unit-sphere' };
 * const r = await trainExperiment({ ...params, eta: 'auto', steps: 200, epsilon: 0 });
 * console.log(r.status, r.steps, r.loss < r.lossStart, r.lambdaMin.toPrecision(3), r.cond.toPrecision(3));
 * // → budget 200 true 0.000453 1.63e+4
 * ```
 */
export async function trainExperiment(p: TrainParams, _ctx: ExperimentContext = {}): Promise<TrainCellResult> {
  const { problem } = makeProblem({
    n: p.n,
    dIn: p.d,
    dOut: p.d,
    numNeurons: p.m,
    sigma: p.sigma,
    seed: p.seed,
    data: p.data,
    activation: p.activation,
    init: 'symmetric',
  });
  const s = spectrum({ H: gram({ w: problem.w, a: problem.a, x: problem.x, activation: p.activation }) });
  const r = await train({
    problem,
    precision: 'float64',
    eta: p.eta,
    steps: p.steps,
    epsilon: p.epsilon,
    seed: p.seed,
  });
  return {
    status: r.status,
    converged: r.status === 'converged',
    steps: r.steps,
    loss: r.loss,
    lossStart: r.history.loss[0] as number,
    eta: r.eta,
    lambdaMin: s.lambdaMin,
    lambdaMax: s.lambdaMax,
    cond: Number.isFinite(s.conditionNumber) ? s.conditionNumber : null,
  };
}
