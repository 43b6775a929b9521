/**
 * Recorders of the attention NTK along training: relative kernel movement
 * $\lVert H(\tau) - H(0) \rVert_F / \lVert H(0) \rVert_F$ (the quantity of Lemma 5.1) and $\lambda_{\min}$ of H, $H_{KQ}$,
 * $H_V$ (the quantity of Claim E.5, $\lambda_{\min}(H(\tau)) \ge \lambda/2$) — Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024), for the self-attention extension.
 */
import { spectrum } from '@softmax-ntk/ntk';
import { checkPositiveInt } from '../internal/validate';
import { attentionGram, type AttentionGram } from '../ntk/attentionGram';
import type { AttentionProblem } from '../problem/problem';
import type { AttentionRecorder, AttentionStepContext } from './types';

/**
 * Options of {@link attentionKernelRecorders}: the problem at $\theta(0)$ and how often to record the kernel's
 * drift $\lVert H(\tau) - H(0) \rVert$.
 */
export interface AttentionKernelRecordersOptions {
  /** The problem at $\theta(0)$ (H(0) is computed once from it). */
  problem: AttentionProblem;
  /** Record every K steps (default 1). */
  every?: number;
}

function frob(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

/**
 * Columns `kernelDrift`, `lambdaMin`, `lambdaMinKQ`, `lambdaMinV`; the Gram is formed once per recorded step.
 *
 * @param options - The problem at $\theta(0)$ and how often to record.
 *
 * @example
 * ```ts
 * import { attentionKernelRecorders, makeAttentionTask, trainAttention } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const r = await trainAttention({ problem, steps: 20, recorders: attentionKernelRecorders({ problem, every: 10 }) });
 * // ‖H(τ) − H(0)‖ / ‖H(0)‖ and λ_min(H(τ)) at τ = 0, 10, 20
 * const at = (column) => [0, 10, 20].map((t) => r.history[column][t].toFixed(4)).join(' ');
 * console.log(at('kernelDrift')); // 0.0000 0.0396 0.0500
 * console.log(at('lambdaMin')); // 0.0019 0.0023 0.0026
 * ```
 */
export function attentionKernelRecorders(options: AttentionKernelRecordersOptions): AttentionRecorder[] {
  const every = checkPositiveInt('every', options.every ?? 1);
  const H0 = attentionGram({ problem: options.problem }).H;
  const norm0 = frob(H0.data);
  let cacheStep = -1;
  let cache: AttentionGram | undefined;
  const gramAt = (ctx: AttentionStepContext): AttentionGram => {
    if (ctx.step !== cacheStep || !cache) {
      cache = attentionGram({ problem: ctx.problem() });
      cacheStep = ctx.step;
    }
    return cache;
  };
  return [
    {
      name: 'kernelDrift',
      every,
      record: (ctx) => {
        const H = gramAt(ctx).H.data;
        let s = 0;
        for (let t = 0; t < H.length; t++) s += ((H[t] as number) - (H0.data[t] as number)) ** 2;
        return Math.sqrt(s) / norm0;
      },
    },
    { name: 'lambdaMin', every, record: (ctx) => spectrum({ H: gramAt(ctx).H, method: 'dense' }).lambdaMin },
    { name: 'lambdaMinKQ', every, record: (ctx) => spectrum({ H: gramAt(ctx).HKQ, method: 'dense' }).lambdaMin },
    { name: 'lambdaMinV', every, record: (ctx) => spectrum({ H: gramAt(ctx).HV, method: 'dense' }).lambdaMin },
  ];
}
