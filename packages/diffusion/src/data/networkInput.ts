/**
 * The network input $(c_t \cdot t/T, c_\text{in}(t) \cdot x)/R \in \mathbb{R}^{d+1}$ of Section 6.1 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024), normalised so training inputs have norm $\le 1$
 * (Assumption 6.1). The paper's input is (t, x(t)): $c_t = 1$ and $c_\text{in} = 1$ (`PAPER_INPUT`).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import type { Schedule } from '../sde/schedule';

/** How (t, x(t)) becomes the network input before the division by R. */
export interface InputFeatures {
  /** $c_t$: the time coordinate is $c_t \cdot t/T$ (1: the paper's). */
  timeScale: number;
  /**
   * $v = \mathbb{E}[x(0)_j^2]$ of the scaled data: when set, x is multiplied by $c_\text{in}(t) = 1/\sqrt{\alpha_t^2v + \sigma_t^2}$, so every
   * coordinate of x(t) has unit second moment at every t (the input preconditioning of Karras et al. 2022,
   * beyond the paper); null: the paper's raw x(t).
   */
  secondMoment: number | null;
  /**
   * $c_b$: when set (> 0), a constant coordinate $c_b$ is appended, so the input is $(c_t t/T, c_\text{in}(t) x, c_b)/R \in
   * \mathbb{R}^{d+2}$ and each neuron's logit $\langle w_r, \cdot\rangle$ gains an offset (beyond the paper). Without it every
   * logit is linear in the input with no offset, so the softmax can tell points apart only by the direction of the
   * input, not by where they lie along it; absent or 0: no such coordinate (the paper's).
   */
  bias?: number;
}

/** The paper's input (t/T, x(t)). */
export const PAPER_INPUT: InputFeatures = Object.freeze({ timeScale: 1, secondMoment: null });

/**
 * Whether `features` is the paper's input (t/T, x(t)) of {@link PAPER_INPUT}: the one place that decides it
 * (a model trained on the paper's inputs keeps the raw score by default, see `createScoreModel`).
 *
 * @param features - $c_t$ and the second moment v of $c_\text{in}(t)$.
 * @example
 * ```ts
 * import { isPaperInput, PAPER_INPUT } from '@softmax-ntk/diffusion';
 *
 * // the paper's (t/T, x(t)), and the package's default features (c_t = 3, c_in from the data's second moment)
 * console.log(isPaperInput(PAPER_INPUT), isPaperInput({ timeScale: 3, secondMoment: 0.04 }));
 * // → true false
 * ```
 */
export function isPaperInput(features: InputFeatures): boolean {
  return (
    features.timeScale === PAPER_INPUT.timeScale && features.secondMoment === PAPER_INPUT.secondMoment && !features.bias
  );
}

/**
 * The width of the network input for data of dimension d: $d + 1$, or $d + 2$ with the constant coordinate
 * ({@link InputFeatures.bias}).
 *
 * @param d - The data dimension.
 * @param features - The input features (default: the paper's input).
 * @example
 * ```ts
 * import { inputWidth, PAPER_INPUT } from '@softmax-ntk/diffusion';
 *
 * // (t/T, x) in d = 2; with a constant coordinate c_b = 1 appended
 * console.log(inputWidth(2, PAPER_INPUT), inputWidth(2, { timeScale: 3, secondMoment: 0.3, bias: 1 })); // 3 4
 * ```
 */
export function inputWidth(d: number, features: InputFeatures = PAPER_INPUT): number {
  return features.bias ? d + 2 : d + 1;
}

/**
 * Rows $(c_t t_i/T, \; c_\text{in}(t_i) x_i)/R$; `t` is one time for all rows or one per row. `schedule` is needed
 * only when `features.secondMoment` is set.
 *
 * @param t - One time for every row, or one time per row.
 * @param x - The noised points x(t), $n \times d$ (scaled units).
 * @param T - The horizon T of the time feature t/T.
 * @param R - The input scale R that every row is divided by.
 * @param features - $c_t$ and the second moment v of $c_\text{in}(t)$ (default: the paper's input).
 * @param schedule - The schedule (needed only when `features.secondMoment` is set).
 *
 * @see Section 6.1 (Assumptions 6.1–6.2)
 *
 * @example
 * ```ts
 * import { makeSchedule, networkInput, PAPER_INPUT } from '@softmax-ntk/diffusion';
 *
 * // The paper's input (t/T, x)/R: one time for every row, T = 1, R = 2
 * const x = { rows: 2, cols: 2, data: new Float64Array([0.2, -0.4, 1, 0]) };
 * const input = networkInput(0.5, x, 1, 2, PAPER_INPUT, makeSchedule({ spec: 'linear' }));
 * console.log(input.rows, input.cols, Array.from(input.data).join(' ')); // 2 3 0.25 0.1 -0.2 0.25 0.5 0
 * ```
 */
export function networkInput(
  t: number | Float64Array,
  x: Matrix,
  T: number,
  R: number,
  features: InputFeatures = PAPER_INPUT,
  schedule?: Schedule,
): Matrix {
  const n = x.rows;
  const d = x.cols;
  const width = inputWidth(d, features);
  const out = new Float64Array(n * width);
  const inv = 1 / R;
  const v = features.secondMoment;
  if (v !== null && !schedule)
    throw new Error('networkInput: input preconditioning (features.secondMoment) needs the schedule');
  const cin = (ti: number) =>
    v === null ? 1 : 1 / Math.sqrt((schedule as Schedule).alpha(ti) ** 2 * v + (schedule as Schedule).sigma2(ti));
  const ct = features.timeScale / T;
  let tPrev = NaN;
  let scale = 1;
  for (let i = 0; i < n; i++) {
    const ti = typeof t === 'number' ? t : (t[i] ?? NaN);
    if (ti !== tPrev) {
      scale = cin(ti) * inv;
      tPrev = ti;
    }
    const o = i * width;
    out[o] = ti * ct * inv;
    for (let j = 0; j < d; j++) out[o + 1 + j] = (x.data[i * d + j] ?? NaN) * scale;
    if (width > d + 1) out[o + d + 1] = (features.bias as number) * inv;
  }
  return { rows: n, cols: width, data: out };
}
