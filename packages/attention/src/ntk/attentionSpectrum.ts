/**
 * $\lambda_{\min}$ and $\lambda_{\max}$ of the attention NTK (H, $H_{KQ}$ or $H_V$) — the $\lambda$ of Theorem 4.2
 * and Claim E.5 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024), for the self-attention extension — by ntk's `spectrum`.
 */
import { spectrum, type Spectrum } from '@softmax-ntk/ntk';
import { argumentError, show } from '../internal/validate';
import { attentionGram, type GramPart } from './attentionGram';
import type { AttentionProblem } from '../problem/problem';

/**
 * Options of {@link attentionSpectrum}: the problem, which kernel (H, $H_{KQ}$ or $H_V$) and whether every eigenvalue is
 * wanted.
 */
export interface AttentionSpectrumOptions {
  /** The layer at the weights $\theta$ where the kernel's spectrum is wanted. */
  problem: AttentionProblem;
  /** Which kernel: `all` (H, default), `kq` ($H_{KQ}$) or `v` ($H_V$). */
  part?: GramPart;
  /** Every eigenvalue too (dense route). */
  full?: boolean;
}

/**
 * $\lambda_{\min}$ and $\lambda_{\max}$ of the attention NTK Gram matrix ($H$, $H_{KQ}$ or $H_V$), by ntk's `spectrum`.
 *
 * @param options - The problem, the kernel part and whether every eigenvalue is wanted.
 *
 * @example
 * ```ts
 * import { attentionSpectrum, makeAttentionTask } from '@softmax-ntk/attention';
 *
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const s = attentionSpectrum({ problem, part: 'v' });
 * console.log(s.lambdaMin.toFixed(4), s.lambdaMax.toFixed(4), s.method); // 0.0002 11.9789 shift-invert
 * ```
 */
export function attentionSpectrum(options: AttentionSpectrumOptions): Spectrum {
  const part = options.part ?? 'all';
  if (!['all', 'kq', 'v'].includes(part)) throw argumentError('part', `must be "all", "kq" or "v", got ${show(part)}`);
  const g = attentionGram({ problem: options.problem });
  const H = part === 'all' ? g.H : part === 'kq' ? g.HKQ : g.HV;
  return spectrum({ H, ...(options.full ? { full: true } : {}) });
}
