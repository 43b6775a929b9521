/**
 * Memory estimates of the diffusion commands (issue #20, bug 1), checked before
 * the allocation they guard; see internal/limits for the rule and the cap.
 * Each counts the float64 buffers the shapes force the command to hold at once.
 */
import { checkMemory, f64, jsonText, type SizeOption } from './limits';

/**
 * `diffusion train`: the n denoising pairs (inputs n × (d + 1), targets n × d) and, for `nn`, the hidden
 * layer and its gradient (about 4 buffers of n × m); for `ntk` solved in the dual, H* of (n·d)² and its Cholesky
 * factor; in the primal, JᵀJ of p² (p = m(d + 1)) and, while it accumulates, the kernel's p² sum on each of the two
 * threads and the worker's p²/2 answer (3.5·p² in all; its Cholesky factor later needs only p² beside it), and two
 * blocks of J's rows (2²³ float64s each).
 */
export function checkDiffusionTrainMemory(
  kind: 'nn' | 'ntk',
  n: number,
  m: number,
  d: number,
  cap: number,
  solver: 'dual' | 'primal' = 'dual',
  inputs = d + 1,
): void {
  const pairs = 3 * n * (d + inputs);
  const p = m * inputs;
  const bytes =
    kind === 'nn'
      ? f64(pairs + 4 * n * m)
      : solver === 'primal'
        ? f64(pairs + 3.5 * p * p + 2 ** 24 + m * (2 * d + 1))
        : f64(pairs + 2 * (n * d) ** 2 + m * (2 * d + 1));
  checkMemory(
    `training ${kind === 'nn' ? `n = ${n} pairs through m = ${m} neurons` : solver === 'primal' ? `on JᵀJ of ${p} × ${p}` : `on H* of ${n * d} × ${n * d}`}`,
    bytes,
    [
      { option: '--n', value: n },
      { option: '--m', value: m },
    ],
    cap,
  );
}

/** `diffusion sample`: N samples of d coordinates through the sampler's stages (≤ 10 buffers of N × d), and their text. */
export function checkSampleMemory(count: number, d: number, cap: number): void {
  checkMemory(
    `${count} samples of dimension ${d}`,
    f64(10 * count * d) + jsonText(count * d),
    [{ option: '--count', value: count }],
    cap,
  );
}

/**
 * `diffusion likelihood` (and eval's held-out NLL): n points of dimension d through the probability-flow ODE with
 * `directions` Jacobian-vector directions (exact: d; Hutchinson: the probes) and `columns` divergence integrals per
 * point (exact: 1; Hutchinson: the probes). Held at once: the points and their scaled copy (2·n·d), the directions
 * (directions·n·d), RK45's state S = n·(d + columns) about 10 times (the state, 7 stages, a stage input and the
 * 5th-order solution; the number of steps does not matter, no path is stored), one evaluation's score and
 * Jacobian-vector products ((1 + directions)·n·d) with the score's hidden buffers ((2 + directions)·n·width), the
 * per-point results (3n) and their text.
 */
export function checkLikelihoodMemory(
  shape: { points: number; d: number; directions: number; columns: number; width: number },
  sizes: SizeOption[],
  cap: number,
): void {
  const { points: n, d, directions, columns, width } = shape;
  const state = n * (d + columns);
  const bytes =
    f64(2 * n * d + directions * n * d + 10 * state + (1 + directions) * n * d + (2 + directions) * n * width + 3 * n) +
    jsonText(n);
  checkMemory(
    `the likelihood of ${n} points of dimension ${d} with ${directions} Jacobian-vector directions`,
    bytes,
    sizes,
    cap,
  );
}

/**
 * `diffusion eval`: N samples through the sampler (≤ 10 buffers of N × d), 2N fresh draws from p₀ and the
 * pairwise-distance rows of the metrics (N × 2N is never formed: rows are streamed), and the score error's
 * times × points evaluations (4 buffers each).
 */
export function checkEvalMemory(count: number, times: number, perTime: number, d: number, cap: number): void {
  checkMemory(
    `${count} samples and ${times} × ${perTime} score points of dimension ${d}`,
    f64(12 * count * d + 4 * times * perTime * d),
    [
      { option: '--count', value: count },
      { option: '--score-points', value: perTime },
      { option: '--score-times', value: times },
    ],
    cap,
  );
}
