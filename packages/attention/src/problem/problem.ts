/**
 * The attention problem: one layer of multi-head softmax self-attention and its
 * training sequences, as the attention-file spec (docs/spec/attention-file.md)
 * pins it down — the extension of Eq. (7), Section 7 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024).
 *
 * Every tensor is a row-major `Float64Array` in the nesting order of the file:
 * $x[s][\ell][j]$ at $s \cdot d n' + \ell \cdot n' + j$, $\mathrm{wk}[h][a][m]$ at $h \cdot d_h d + a \cdot d + m$, $\mathrm{wv}[h][\ell][m]$ at $h \cdot d^2 + \ell \cdot d + m$.
 */
import { ValidationError } from '@softmax-ntk/linalg';

/** How the heads' outputs are summed: $c_H = 1/\sqrt H$ (`"ntk"`, the NTK scaling) or $1/H$ (`"mean-field"`). */
export type Scaling = 'ntk' | 'mean-field';
/** Every {@link Scaling} of the heads' sum, in the order the CLI lists them. */
export const SCALINGS: readonly Scaling[] = ['ntk', 'mean-field'];

/**
 * The sizes of an attention problem: N sequences of $n'$ tokens of dimension d, and H heads of key/query dimension $d_h$.
 */
export interface AttentionShape {
  /** N, the number of sequences. */
  numSequences: number;
  /** d, the token dimension (rows of $X_s$). */
  dim: number;
  /** $n'$, the number of tokens per sequence (columns of $X_s$). */
  numTokens: number;
  /** H, the number of heads. */
  numHeads: number;
  /** $d_h$, the key/query dimension of a head. */
  headDim: number;
}

/** The trainable matrices $\theta = (W^K, W^Q, W^V)$. */
export interface AttentionWeights {
  /** $H \times d_h \times d$. */
  wk: Float64Array;
  /** $H \times d_h \times d$. */
  wq: Float64Array;
  /** $H \times d \times d$. */
  wv: Float64Array;
}

export interface AttentionProblem extends AttentionWeights {
  /** The sizes N, d, $n'$, H and $d_h$ that the flat arrays are laid out by. */
  shape: AttentionShape;
  /** $N \times d \times n'$: $X_s$, column j is token j. */
  x: Float64Array;
  /** $N \times d \times n'$: the targets $Y_s$. */
  y: Float64Array;
  /** $c_H = 1/\sqrt H$ (`ntk`) or $1/H$ (`mean-field`). */
  scaling: Scaling;
  /** $\tau > 0$ (the file's default is $\sqrt{d_h}$). */
  temperature: number;
}

/**
 * A defect of an attention file or problem object: linalg's `ValidationError` (message `<path>: <detail>`), kept
 * as its own class so that `instanceof AttentionFileError` goes on working. `field` is `x`, `y`, `wk`, `wq`, `wv`,
 * `scaling`, `temperature`, `shape.…`, or `json`.
 *
 * @example
 * ```ts
 * import { AttentionFileError, parseAttentionFile } from '@softmax-ntk/attention';
 *
 * // A text that is not an attention file: field `json`
 * try {
 *   parseAttentionFile('[1, 2]');
 * } catch (e) {
 *   console.log(e instanceof AttentionFileError, e.field, e.message); // true json json: expected an object, got [1,2]
 * }
 * ```
 */
export class AttentionFileError extends ValidationError {
  /** The class name that messages and `error.name` show. */
  override name = 'AttentionFileError';
}

/**
 * $c_H$ of the spec: $1/\sqrt{H}$ for NTK scaling, $1/H$ for mean-field scaling.
 *
 * @param scaling - `ntk` ($c_H = 1/\sqrt H$) or `mean-field` ($c_H = 1/H$).
 * @param numHeads - H, the number of heads.
 *
 * @example
 * ```ts
 * import { outputScale } from '@softmax-ntk/attention';
 *
 * console.log(outputScale('ntk', 16), outputScale('mean-field', 16)); // 0.25 0.0625
 * ```
 */
export function outputScale(scaling: Scaling, numHeads: number): number {
  return scaling === 'ntk' ? 1 / Math.sqrt(numHeads) : 1 / numHeads;
}

/**
 * Number of trainable parameters $P = H(2 d_h d + d^2)$, in the order $(W^K, W^Q, W^V)$.
 *
 * @param shape - The layer's sizes (only d, H and $d_h$ enter the count).
 *
 * @example
 * ```ts
 * import { parameterCount } from '@softmax-ntk/attention';
 *
 * // P = H·(2·d_h·d + d²): 8 heads of d_h = 2 on tokens in R³ → 8·(12 + 9)
 * console.log(parameterCount({ dim: 3, numHeads: 8, headDim: 2, numTokens: 4 })); // 168
 * ```
 */
export function parameterCount(shape: AttentionShape): number {
  const { numHeads: H, headDim: dh, dim: d } = shape;
  return H * (2 * dh * d + d * d);
}
