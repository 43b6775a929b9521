/**
 * Initial weights of the attention layer: Gaussian, and a symmetric
 * initialisation with $F(\theta(0)) = 0$ exactly — the analogue for heads of
 * Definition 3.7 (paired neurons with opposite second-layer weights) of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { Rng } from '@softmax-ntk/linalg';
import { argumentError, checkPositive, checkPositiveInt, show } from '../internal/validate';
import type { AttentionShape, AttentionWeights } from '../problem/problem';

/**
 * How {@link initAttention} draws the weights: `"gaussian"` (independent entries) or `"symmetric"` (paired heads, so
 * that $F(\theta(0)) = 0$, as Definition 3.7 pairs the neurons).
 */
export type AttentionInit = 'gaussian' | 'symmetric';

/** Options of {@link initAttention}: the layer's shape, the initialisation kind, the weights' scale and the seed. */
export interface InitAttentionOptions {
  /** The layer's sizes: d (token dimension), H (heads) and $d_h$ (key/query dimension of a head). */
  shape: Pick<AttentionShape, 'dim' | 'numHeads' | 'headDim'>;
  /** Default `"symmetric"`. */
  kind?: AttentionInit;
  /** Standard deviation of the $W^K$, $W^Q$ entries (default $1/\sqrt d$, so $W^K x$ has O(1) entries for $\lVert x \rVert = O(\sqrt d) \cdot \dots$). */
  sigmaKQ?: number;
  /** Standard deviation of the $W^V$ entries (default $1/\sqrt d$). */
  sigmaV?: number;
  /** Seed of the random draws (the same seed gives the same weights). */
  seed?: number | string;
}

/**
 * `gaussian`: every entry independent $\mathcal{N}(0, \sigma^2)$.
 * `symmetric` (H even): heads 2p and 2p + 1 share $W^K$ and $W^Q$ (Gaussian) and
 * have $W^V_{2p+1} = -W^V_{2p}$, so their terms of $F$ cancel: $F(X) = 0$ for every $X$,
 * exactly in floating point as well (the forward pass adds heads in order).
 *
 * @param options - The shape, the initialisation kind, the scales $\sigma_{KQ}$, $\sigma_V$ and the seed.
 *
 * @see Definition 3.7 (symmetric initialisation), transposed from neurons to heads.
 *
 * @example
 * ```ts
 * import { initAttention } from '@softmax-ntk/attention';
 *
 * const w = initAttention({ shape: { dim: 3, numHeads: 4, headDim: 2 }, seed: 1 });
 * // H·d_h·d = 24 entries in W^K and in W^Q, H·d·d = 36 in W^V; heads 0 and 1 are a pair with opposite W^V
 * console.log(w.wk.length, w.wq.length, w.wv.length, w.wv[0] + w.wv[9]); // 24 24 36 0
 * ```
 */
export function initAttention(options: InitAttentionOptions): AttentionWeights {
  const { shape } = options;
  const d = checkPositiveInt('shape.dim', shape?.dim);
  const H = checkPositiveInt('shape.numHeads', shape?.numHeads);
  const dh = checkPositiveInt('shape.headDim', shape?.headDim);
  const kind = options.kind ?? 'symmetric';
  if (kind !== 'gaussian' && kind !== 'symmetric')
    throw argumentError('kind', `must be "gaussian" or "symmetric", got ${show(kind)}`);
  if (kind === 'symmetric' && H % 2 !== 0)
    throw argumentError('shape.numHeads', `must be even for symmetric initialisation, got ${H}`);
  const sKQ = checkPositive('sigmaKQ', options.sigmaKQ ?? 1 / Math.sqrt(d));
  const sV = checkPositive('sigmaV', options.sigmaV ?? 1 / Math.sqrt(d));
  const rng = new Rng(options.seed ?? 0);
  const wk = new Float64Array(H * dh * d);
  const wq = new Float64Array(H * dh * d);
  const wv = new Float64Array(H * d * d);
  if (kind === 'gaussian') {
    rng.fillNormal(wk, 0, sKQ);
    rng.fillNormal(wq, 0, sKQ);
    rng.fillNormal(wv, 0, sV);
    return { wk, wq, wv };
  }
  const kq = dh * d;
  const vv = d * d;
  for (let p = 0; p < H / 2; p++) {
    const k = rng.fillNormal(new Float64Array(kq), 0, sKQ);
    const q = rng.fillNormal(new Float64Array(kq), 0, sKQ);
    const v = rng.fillNormal(new Float64Array(vv), 0, sV);
    for (const h of [2 * p, 2 * p + 1]) {
      wk.set(k, h * kq);
      wq.set(q, h * kq);
    }
    wv.set(v, 2 * p * vv);
    for (let t = 0; t < vv; t++) wv[(2 * p + 1) * vv + t] = -(v[t] as number);
  }
  return { wk, wq, wv };
}
