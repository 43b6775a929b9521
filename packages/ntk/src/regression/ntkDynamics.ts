/**
 * Eq. (25) of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024): gradient descent on the NTK regression parameter $\gamma$,
 *
 * $$\gamma(\tau+1) = \gamma(\tau) - \eta \, (\kappa H^* \gamma(\tau) - \operatorname{vec}(Y)), \quad \gamma(0) = 0,$$
 *
 * with predictions $F_\text{ntk}(\gamma(\tau), x) = \kappa \cdot K^*_x \gamma(\tau)$ (Eq. 23; $\kappa = m$ for softmax,
 * so $\kappa \cdot H^* = J J^\top$ at W(0), the same operator that drives the network's own GD
 * with the same $\eta$ — which is what Theorem F.2 compares, step by step).
 */
import { gemm, unvecOutputMajor, vecOutputMajor, type Matrix } from '@softmax-ntk/linalg';
import { crossGram } from '../gram/crossGram';
import { gram } from '../gram/gram';
import { checkMatrix, checkNet, checkPositive, checkPositiveInt, type Activation } from '../internal/validate';
import { argumentError } from '@softmax-ntk/linalg';

/** Options of {@link ntkDynamics}. */
export interface NtkDynamicsOptions {
  /** W(0), $m \times d_\text{in}$. */
  w: Matrix;
  /** $d_\text{out} \times m$. */
  a: Matrix;
  /** Training inputs, $n \times d_\text{in}$. */
  x: Matrix;
  /** Training labels, $n \times d_\text{out}$. */
  y: Matrix;
  /** Test inputs whose predictions are tracked (optional). */
  xTest?: Matrix;
  /** Step size $\eta$ (the network's GD step size, for a like-for-like comparison). */
  eta: number;
  /** Number of steps. */
  steps: number;
  /** Record predictions every this many steps (default 1; step 0 and the last are always recorded). */
  every?: number;
  /** Default `"softmax"`. */
  activation?: Activation;
}

/** One recorded step of {@link ntkDynamics}: the NTK predictions on the training (and test) inputs and the loss. */
export interface NtkDynamicsRecord {
  /** $\tau$, the step of the record. */
  step: number;
  /** $F_\text{ntk}$ on the training inputs, $n \times d_\text{out}$. */
  train: Matrix;
  /** $F_\text{ntk}$ on the test inputs, $n_\text{te} \times d_\text{out}$ (when `xTest` was given). */
  test?: Matrix;
  /** $\frac12\lVert F_\text{ntk} - Y \rVert_F^2$ (Eq. 24). */
  loss: number;
}

/**
 * Gradient descent on the NTK regression parameter $\gamma$ (Eq. 25), with the predictions
 * $F_\text{ntk}(\gamma(\tau), x)$ and the loss at each recorded step.
 *
 * @param options - W(0), a, the training data x, y, the optional test inputs, the step size $\eta$ and the number of steps.
 *
 * @see Definition F.1; Theorem F.2; Eq. (25)
 *
 * @example
 * ```ts
 * import { estimateLambdaMax, makeProblem } from '@softmax-ntk/network';
 * import { ntkDynamics } from '@softmax-ntk/ntk';
 *
 * // GD on γ (Eq. 25) with the network's step η = 1/λ_max(J Jᵀ): the loss ½‖F_ntk − Y‖²_F falls from ½‖Y‖²_F
 * const { problem: p } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const eta = 1 / (await estimateLambdaMax({ problem: p }));
 * const records = ntkDynamics({ w: p.w, a: p.a, x: p.x, y: p.y, eta, steps: 100, every: 50 });
 * console.log(records.map((r) => `${r.step}: ${r.loss.toExponential(3)}`).join(', '));
 * // → 0: 1.429e+0, 50: 6.202e-4, 100: 9.345e-6
 * ```
 */
export function ntkDynamics(options: NtkDynamicsOptions): NtkDynamicsRecord[] {
  const { m, dOut } = checkNet(options, { x: options.x, ...(options.xTest ? { xTest: options.xTest } : {}) });
  const y = checkMatrix('y', options.y);
  const n = options.x.rows;
  if (y.rows !== n || y.cols !== dOut)
    throw argumentError('y', `must be n × d_out = ${n} × ${dOut}, got ${y.rows} × ${y.cols}`);
  checkPositive('eta', options.eta);
  const steps = options.steps === 0 ? 0 : checkPositiveInt('steps', options.steps);
  const every = checkPositiveInt('every', options.every ?? 1);
  const activation = options.activation ?? 'softmax';
  const kappa = activation === 'softmax' ? m : 1;
  const net = { w: options.w, a: options.a, x: options.x, activation };
  const H = gram(net);
  const K = options.xTest ? crossGram({ ...net, xTest: options.xTest }) : undefined;
  const nd = n * dOut;
  const vy = vecOutputMajor(y);
  const gamma = new Float64Array(nd);
  const f = new Float64Array(nd); // κ·H·γ, the training predictions
  const eta = options.eta;
  const out: NtkDynamicsRecord[] = [];
  const record = (step: number) => {
    let loss = 0;
    for (let k = 0; k < nd; k++) loss += ((f[k] as number) - (vy[k] as number)) ** 2;
    const rec: NtkDynamicsRecord = { step, train: unvecOutputMajor(f, n, dOut), loss: loss / 2 };
    if (K && options.xTest) {
      const ft = new Float64Array(K.rows);
      // Form: f_te = κ·K·γ
      gemm('no-transpose', 'no-transpose', K.rows, 1, nd, kappa, K.data, nd, 1, 0, gamma, 1, 1, 0, 0, ft, 1, 1, 0);
      rec.test = unvecOutputMajor(ft, options.xTest.rows, dOut);
    }
    out.push(rec);
  };
  record(0);
  for (let t = 1; t <= steps; t++) {
    // Form: γ ← γ − η·(f − vec(Y)), then f = κ·H·γ
    for (let k = 0; k < nd; k++) gamma[k] = (gamma[k] as number) - eta * ((f[k] as number) - (vy[k] as number));
    gemm('no-transpose', 'no-transpose', nd, 1, nd, kappa, H.data, nd, 1, 0, gamma, 1, 1, 0, 0, f, 1, 1, 0);
    if (t % every === 0 || t === steps) record(t);
  }
  return out;
}
