/**
 * Recorders for the network's gradient-descent trainer that follow the NTK
 * along a run: $\lambda_{\min}(H(\tau))$ (Claim E.5 asks $\lambda_{\min}(H(\tau)) \ge \lambda/2$) and the kernel
 * drift $\lVert H(\tau) - H(0) \rVert_F$ (Lemma 5.1), every k steps — Gu, Li, Liang, Shi, Song,
 * "Exploring the Frontiers of Softmax" (2024).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import type { Recorder, StepContext } from '@softmax-ntk/network';
import { gram } from '../gram/gram';
import { checkPositiveInt } from '../internal/validate';
import { spectrum } from '../spectrum/spectrum';

/** Options of {@link kernelRecorders}. */
export interface KernelRecordersOptions {
  /** Record every this many steps (default 10). */
  every?: number;
  /** Also record $\lambda_{\max}(H(\tau))$ (default false). */
  lambdaMax?: boolean;
}

/**
 * Recorders named `lambdaMin`, `kernelDrift` (and `lambdaMax` when asked),
 * computed in float64 from $W(\tau)$ whatever the training precision. H(0) is
 * computed from the problem's W(0) on first use; the two recorders share one
 * $H(\tau)$ per step.
 *
 * @param options - Which columns to record and how often.
 *
 * @see Lemma 5.3 (with Lemmas C.2–C.4); Claim E.5
 *
 * @example
 * ```ts
 * import { makeProblem, train } from '@softmax-ntk/network';
 * import { kernelRecorders } from '@softmax-ntk/ntk';
 *
 * // λ_min(H(τ)) and ‖H(τ) − H(0)‖_F along a GD run, every 50 steps (null between records)
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 256, sigma: 1, seed: 1 });
 * const recorders = kernelRecorders({ every: 50 });
 * const { history: h } = await train({ problem, precision: 'float64', steps: 100, recorders });
 * const at = (col) => h.step.flatMap((s, k) => (col[k] === null ? [] : [`${s}: ${col[k].toPrecision(3)}`]));
 * console.log(at(h.lambdaMin).join(', ')); // 0: 0.475, 50: 0.475, 100: 0.475
 * console.log(at(h.kernelDrift).join(', ')); // 0: 0.00, 50: 0.000373, 100: 0.000373
 * ```
 */
export function kernelRecorders(options: KernelRecordersOptions = {}): Recorder[] {
  const every = checkPositiveInt('every', options.every ?? 10);
  let H0: Matrix | undefined;
  let cached: { step: number; H: Matrix; spec?: ReturnType<typeof spectrum> } | undefined;
  const at = (ctx: StepContext) => {
    if (cached?.step !== ctx.step) {
      const { a, x, activation } = ctx.problem;
      cached = { step: ctx.step, H: gram({ w: ctx.weights(), a, x, activation }) };
    }
    return cached;
  };
  const spec = (ctx: StepContext) => {
    const c = at(ctx);
    c.spec ??= spectrum({ H: c.H });
    return c.spec;
  };
  const recorders: Recorder[] = [
    { name: 'lambdaMin', every, record: (ctx) => spec(ctx).lambdaMin },
    {
      name: 'kernelDrift',
      every,
      record: (ctx) => {
        const { a, x, w, activation } = ctx.problem;
        H0 ??= gram({ w, a, x, activation });
        const H = at(ctx).H.data;
        let s = 0;
        for (let k = 0; k < H.length; k++) s += ((H[k] as number) - (H0.data[k] as number)) ** 2;
        return Math.sqrt(s);
      },
    },
  ];
  if (options.lambdaMax) recorders.push({ name: 'lambdaMax', every, record: (ctx) => spec(ctx).lambdaMax });
  return recorders;
}
