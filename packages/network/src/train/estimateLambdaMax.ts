/**
 * $\lambda_{\max}(J J^\top)$ by power iteration, for the automatic step size of gradient
 * descent (Definition 3.5 of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024)). For the softmax network $J J^\top = m \cdot H(W)$
 * (Definition 3.6, problem-file spec).
 */
import { Rng, initBackend, type Matrix } from '@softmax-ntk/linalg';
import { powerIteration } from '../internal/engine';
import { checkPositiveInt, checkPrecision } from '../internal/validate';
import { checkProblem } from '../problem/checkProblem';
import type { Problem } from '../problem/problem';
import type { Precision } from '../network/activation';

/** Options of {@link estimateLambdaMax}. */
export interface EstimateLambdaMaxOptions {
  /** The network and inputs (its `w` is the point of evaluation; y is not used). */
  problem: Problem;
  /** Power iterations, default 20. */
  iterations?: number;
  /** Seed of the Gaussian start vector (default 0), or a generator to draw it from. */
  seed?: number | string;
  /** A generator to draw the start vector from (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Default `"float64"`. */
  precision?: Precision;
}

/**
 * $\lambda_{\max}(J J^\top)$ by power iteration, for the automatic step size $\eta = c / \lambda_{\max}(J J^\top)$ of
 * gradient descent.
 *
 * @param options - The problem at the point of evaluation, the iteration count, the seed or generator and the
 *   precision.
 *
 * @see Definition 3.5 (GD) with the Gauss–Newton Hessian $J^\top J$ of the loss: its
 * largest eigenvalue equals $\lambda_{\max}(J J^\top)$, estimated here by power iteration on
 * $v \mapsto J(J^\top v)$ ($v \in \mathbb{R}^{n \times d_\text{out}}$); the result is the Rayleigh quotient $\lVert J^\top v \rVert^2$ of
 * the last unit iterate, which never exceeds $\lambda_{\max}$.
 *
 * @example
 * ```ts
 * import { estimateLambdaMax, makeProblem } from '@softmax-ntk/network';
 * import { gram, spectrum } from '@softmax-ntk/ntk';
 *
 * // λ_max(J Jᵀ) by power iteration; for softmax J Jᵀ = m·H(W) (Definition 3.6), so it is m·λ_max(H)
 * const { problem: p } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const power = await estimateLambdaMax({ problem: p, iterations: 50 });
 * console.log(power.toFixed(3), (64 * spectrum({ H: gram(p), full: true }).lambdaMax).toFixed(3)); // 276.900 276.900
 * ```
 */
export async function estimateLambdaMax(options: EstimateLambdaMaxOptions): Promise<number> {
  const problem = checkProblem(options.problem);
  const precision = checkPrecision(options.precision);
  const iterations = checkPositiveInt('iterations', options.iterations ?? 20);
  if (precision === 'float32') await initBackend();
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  return lambdaMaxWith(problem, problem.w, precision, iterations, rng);
}

export function lambdaMaxWith(problem: Problem, w: Matrix, precision: Precision, iterations: number, rng: Rng): number {
  const n = problem.x.rows;
  const dOut = problem.a.rows;
  const start: Matrix = { rows: n, cols: dOut, data: new Float64Array(n * dOut) };
  rng.fillNormal(start.data);
  return powerIteration({ problem, w, precision, iterations, start });
}
