/**
 * The problem: a two-layer network and its training data, as pinned down by
 * the problem-file spec (shared/spec/problem-file.md). Notation of Section 3
 * of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { ValidationError, type Matrix } from '@softmax-ntk/linalg';
import type { Activation } from '../network/activation';

/** A problem in memory: data, the two weight layers and the activation — what a problem file holds. */
export interface Problem {
  /** `"softmax"` (Eq. 1), `"relu"` ([MOSW22]) or `"exp"` ([GMS23]). */
  activation: Activation;
  /** $n \times d_\text{in}$; row i is $x_i$. */
  x: Matrix;
  /** $n \times d_\text{out}$; row i is $y_i$. */
  y: Matrix;
  /** $m \times d_\text{in}$; row r is $w_r$ (the paper's W is its transpose). */
  w: Matrix;
  /** $d_\text{out} \times m$; row $\ell$ is $a_{\ell}$ (fixed during training). */
  a: Matrix;
}

/**
 * A defect of a problem file or problem object: linalg's `ValidationError` (message `<path>: <detail>`), kept as
 * its own class so that `instanceof ProblemError` goes on working. `field` is the top-level field: `activation`,
 * `x`, `y`, `w`, `a`, or `json` for a document that is not valid JSON or not an object.
 *
 * @example
 * ```ts
 * import { ProblemError, parseProblem } from '@softmax-ntk/network';
 *
 * // A defect in a problem file is a ProblemError naming the field
 * try {
 *   parseProblem({ activation: 'softmax', x: [[0.1]], y: [[1]], w: [[0], [0]], a: [[1, 1, 1]] });
 * } catch (e) {
 *   console.log(e instanceof ProblemError, e.message); // true a: expected 1 rows of length 2, row 0 has length 3
 * }
 * ```
 */
export class ProblemError extends ValidationError {
  /** The class name that messages and `error.name` show. */
  override name = 'ProblemError';
}

/** A condition of the paper that the problem does not meet; the problem is still usable. */
export interface ProblemWarning {
  /** The field of the problem whose row breaks the condition: `x` ($\lVert x_i \rVert_2 \le 1$) or `y` ($\lVert y_i \rVert_2 \le 1$). */
  field: 'x' | 'y';
  /** The row whose norm exceeds 1. */
  row: number;
  /** Its Euclidean norm. */
  norm: number;
  /** One line naming the field, the row and its norm. */
  message: string;
}
