/**
 * Targets $p_0$ of the diffusion model (the data distribution of Eq. 3 in Gu,
 * Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024,
 * Section 6.1), as named by the target file (shared/spec/target-file.md).
 */
import { ValidationError, type Matrix, type Rng } from '@softmax-ntk/linalg';

/** The target file's JSON, one of the three types of the spec. */
export type TargetSpec =
  | { type: 'gaussian-mixture'; weights: number[]; means: number[][]; std: (number | number[])[] }
  | { type: 'named'; name: NamedTarget }
  | { type: 'data'; path: string; sha256?: string };

/** The built-in 2-D targets $p_0$ (mixtures of Gaussians and the usual toy shapes), by the names `parseTarget` accepts. */
export const NAMED_TARGETS = [
  '8-gaussians',
  '25-gaussians',
  'two-moons',
  'swiss-roll',
  'checkerboard',
  'rings',
] as const;
/** The names of the built-in 2-D targets (`8-gaussians`, `two-moons`, …). */
export type NamedTarget = (typeof NAMED_TARGETS)[number];

/**
 * A Gaussian mixture $\sum_k w_k \mathcal{N}(\mu_k, \operatorname{diag}(s_k^2))$ with diagonal covariances;
 * isotropic components have all d entries of their row of `std` equal.
 */
export interface GaussianMixture {
  /** K. */
  weights: Float64Array;
  /** $K \times d$. */
  means: Matrix;
  /** $K \times d$, per-coordinate standard deviations (> 0 for a density at t = 0). */
  std: Matrix;
}

/**
 * A target distribution $p_0$ as {@link parseTarget} reads it: its spec, name, dimension, and the mixture or data that
 * define it.
 */
export interface Target {
  /** The spec it was read from (paths of `data` targets made absolute). */
  spec: TargetSpec;
  /** A short human name, e.g. `8-gaussians` or `gaussian-mixture (K = 2)`. */
  name: string;
  /** d. */
  dim: number;
  /** The exact mixture (original units) when $p_0$ is one: then $p_t$ and $\nabla\log p_t$ are exact. */
  mixture?: GaussianMixture;
  /** The data rows of a `data` target (original units). */
  data?: Matrix;
  /**
   * n fresh draws from $p_0$, $n \times d$, original units.
   *
   * @param n - The number of draws.
   * @param rng - The generator to draw from (advanced by the call).
   */
  sample(n: number, rng: Rng): Matrix;
}

/**
 * A malformed target: linalg's `ValidationError` (message `<path>: <detail>`), kept as its own class so that
 * `instanceof TargetError` goes on working. `field` is the top-level field: `type`, `weights`, `means`, `std`,
 * `name`, `path` (also for defects of the data file it names), `sha256`, or `json` for a document that is not a
 * JSON object.
 *
 * @example
 * ```ts
 * import { TargetError, parseTarget } from '@softmax-ntk/diffusion';
 *
 * // A malformed target names its field: here two weights for one mean
 * try {
 *   parseTarget({ type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[0, 0]], std: [[1, 1]] });
 * } catch (e) {
 *   console.log(e instanceof TargetError, e.field, e.message);
 *   // → true means means: expected K = 2 rows (one per weight), got 1
 * }
 * ```
 */
export class TargetError extends ValidationError {
  /** The class name that messages and `error.name` show. */
  override name = 'TargetError';
}
