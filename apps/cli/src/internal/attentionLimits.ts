/**
 * Memory estimates of the attention commands (issue #20, bug 1), checked before the allocation they guard; see
 * internal/limits for the rule and the cap. Shapes: N sequences of n' tokens of dimension d, H heads of key/query
 * dimension d_h; P = H·(2·d_h·d + d²) parameters; R = N·d·n' outputs.
 */
import {
  checkMemory,
  checkMemoryParts,
  f64,
  historyBytes,
  jsonText,
  type HistorySize,
  type SizeOption,
} from './limits';

/** An attention problem's shape, as `attention init` options or an attention file's `shape` give it. */
export interface AttentionSizes {
  numSequences: number;
  dim: number;
  numTokens: number;
  numHeads: number;
  headDim: number;
}

/** P, the parameters of (W^K, W^Q, W^V). */
const params = (s: AttentionSizes): number => s.numHeads * (2 * s.headDim * s.dim + s.dim * s.dim);
/** R = N·d·n', the entries of F (and the rows of H). */
const outputs = (s: AttentionSizes): number => s.numSequences * s.dim * s.numTokens;
/**
 * One forward and gradient pass: X, Y, F and the residual (4·R), per head the keys, queries and values
 * (3·N·H·d_h·n' at most, d_h ≤ d for the values' d) and the n' × n' softmax and its gradient (2·N·H·n'²), θ and ∂L/∂θ (2·P).
 */
const pass = (s: AttentionSizes): number =>
  4 * outputs(s) +
  3 * s.numSequences * s.numHeads * Math.max(s.headDim, s.dim) * s.numTokens +
  2 * s.numSequences * s.numHeads * s.numTokens ** 2 +
  2 * params(s);
/** The NTK Gram: the Jacobian (R × P) and H, H_KQ, H_V with the spectrum's copy (4·R²). */
const gram = (s: AttentionSizes): number => outputs(s) * params(s) + 4 * outputs(s) ** 2;

/** `attention init`: the problem (X, Y, θ), F(0) through one pass (the teacher task: with its heads), and its text. */
export function checkAttentionInitMemory(
  s: AttentionSizes,
  teacherHeads: number,
  sizes: SizeOption[],
  cap: number,
): void {
  const values = 2 * outputs(s) + params(s);
  checkMemory(
    `the attention problem (N = ${s.numSequences}, d = ${s.dim}, n' = ${s.numTokens}, H = ${s.numHeads}, d_h = ${s.headDim})`,
    f64(values + pass({ ...s, numHeads: Math.max(s.numHeads, teacherHeads) })) + jsonText(values),
    sizes,
    cap,
  );
}

/**
 * `attention eval`, `train` and `ntk` on an attention file: one pass (eval, train), and the Gram (ntk; train with
 * `--eta auto`, whose λ_max is H(0)'s, or `--track-kernel`), and train's history. Named as the file's sizes, or
 * `--steps` when the history dominates.
 */
export function checkAttentionFileMemory(
  what: string,
  s: AttentionSizes,
  withGram: boolean,
  cap: number,
  history?: HistorySize,
): void {
  checkMemoryParts(
    `${what} (N = ${s.numSequences}, d = ${s.dim}, n' = ${s.numTokens}, H = ${s.numHeads}, d_h = ${s.headDim}${history ? `, ${history.steps} steps` : ''})`,
    [
      { bytes: f64(pass(s) + (withGram ? gram(s) : 0)), size: { option: "--problem N·d·n' =", value: outputs(s) } },
      ...(history ? [{ bytes: historyBytes(history), size: { option: '--steps', value: history.steps } }] : []),
    ],
    cap,
  );
}
