/**
 * Scaling the data to the paper's $\lVert y \rVert \le 1$ (Assumption 6.1 of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax", 2024) and back: the model
 * works on $y = (x - \mathrm{shift})/\mathrm{scale}$ and reports samples as $x = \mathrm{shift} + \mathrm{scale} \cdot y$.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TargetError, type Target } from './target';

/**
 * The affine map between the target's units and the scaled units the score model works in: subtract `shift`, divide
 * by `scale`.
 */
export interface Normalization {
  /** Subtracted first (d entries): the mean of $p_0$. */
  shift: number[];
  /** Then divided by: a bound on $\lVert x - \mathrm{shift} \rVert$ over $p_0$. */
  scale: number;
}

/** Draws used to fit the normalisation of a sampler-only target (fixed seed, so the fit is reproducible). */
const REFERENCE_DRAWS = 20000;

/**
 * - mixture: $\mathrm{shift} = \sum_k w_k \mu_k$,
 *   $\mathrm{scale} = \max_k \lVert \mu_k - \mathrm{shift} \rVert + \max_{k,j} s_{kj} (\sqrt d + 3)$, so a draw
 *   exceeds norm 1 only when its noise is more than 3 standard deviations beyond its typical norm $\sqrt d$
 *   (Assumption 6.1 then holds with overwhelming probability, not surely);
 * - data: shift = the mean row, scale = the largest $\lVert \mathrm{row} - \mathrm{shift} \rVert$ (so
 *   $\lVert y \rVert \le 1$ exactly; norms computed without overflow); constant data (scale 0) and data whose mean
 *   or spread overflows are refused (`TargetError`) before anything trains;
 * - other named sets: the same from 20,000 reference draws (seed "normalization").
 *
 * @param target - The target distribution $p_0$.
 *
 * @see Assumption 6.1
 *
 * @example
 * ```ts
 * import { fitNormalization, fromScaled, parseTarget, toScaled } from '@softmax-ntk/diffusion';
 *
 * // The map to the model's units (‖y‖ ≤ 1, Assumption 6.1) and back; 8 Gaussians on a circle of radius 2
 * const norm = fitNormalization(parseTarget({ type: 'named', name: '8-gaussians' }));
 * console.log(norm.shift.map((s) => Math.abs(s).toFixed(3)).join(' '), norm.scale.toFixed(4)); // 0.000 0.000 2.6621
 * const y = toScaled({ rows: 1, cols: 2, data: new Float64Array([2, 0]) }, norm);
 * const back = fromScaled(y, norm);
 * console.log(Array.from(y.data, (v) => v.toFixed(4)).join(' '), Array.from(back.data, (v) => v.toFixed(6)).join(' '));
 * // → 0.7513 0.0000 2.000000 0.000000
 * ```
 */
export function fitNormalization(target: Target): Normalization {
  const d = target.dim;
  const mix = target.mixture;
  if (mix) {
    const shift = new Array<number>(d).fill(0);
    for (let k = 0; k < mix.weights.length; k++)
      for (let j = 0; j < d; j++) shift[j]! += (mix.weights[k] as number) * (mix.means.data[k * d + j] as number);
    let scale = 0;
    for (let k = 0; k < mix.weights.length; k++) {
      let r2 = 0;
      let smax = 0;
      for (let j = 0; j < d; j++) {
        r2 += ((mix.means.data[k * d + j] as number) - shift[j]!) ** 2;
        smax = Math.max(smax, mix.std.data[k * d + j] as number);
      }
      scale = Math.max(scale, Math.sqrt(r2) + smax * (Math.sqrt(d) + 3));
    }
    return checked({ shift, scale }, target.name);
  }
  const x = target.data ?? target.sample(REFERENCE_DRAWS, new Rng('normalization'));
  const shift = new Array<number>(d).fill(0);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < d; j++) shift[j]! += (x.data[i * d + j] as number) / x.rows;
  let scale = 0;
  const diff = new Float64Array(d);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < d; j++) diff[j] = (x.data[i * d + j] as number) - shift[j]!;
    scale = Math.max(scale, norm2(diff));
  }
  if (scale === 0)
    throw new TargetError(
      'path',
      `${target.name} is constant (every row equals the mean): there is no distribution to normalise and learn`,
    );
  return checked({ shift, scale }, target.name);
}

/** $\lVert v \rVert$ without overflow or underflow: scaled by the largest $\lvert v_j \rvert$ first (entries up to 1e308 stay finite). */
function norm2(v: Float64Array): number {
  let big = 0;
  for (const e of v) big = Math.max(big, Math.abs(e));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (const e of v) s += (e / big) ** 2;
  return big * Math.sqrt(s);
}

/** A normalisation is usable only with a finite shift and a finite scale > 0: refused here, before any training. */
function checked(n: Normalization, name: string): Normalization {
  const bad = n.shift.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0 || !Number.isFinite(n.scale) || !(n.scale > 0))
    throw new TargetError(
      'path',
      `${name} cannot be normalised: ${bad >= 0 ? `its mean's coordinate ${bad} is ${n.shift[bad]}` : `its spread is ${n.scale}`} (values beyond the float64 range)`,
    );
  return n;
}

/**
 * $(x - \mathrm{shift})/\mathrm{scale}$, row by row.
 *
 * @param x - Points in data units, $n \times d$.
 * @param norm - The normalisation (shift, scale).
 *
 * @example
 * ```ts
 * import { toScaled } from '@softmax-ntk/diffusion';
 *
 * // (x − shift)/scale, row by row
 * const x = { rows: 2, cols: 2, data: new Float64Array([3, 1, 1, -1]) };
 * console.log(Array.from(toScaled(x, { shift: [1, 0], scale: 4 }).data).join(' ')); // 0.5 0.25 0 -0.25
 * ```
 */
export function toScaled(x: Matrix, norm: Normalization): Matrix {
  const d = x.cols;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = ((x.data[i] as number) - (norm.shift[i % d] as number)) / norm.scale;
  return { rows: x.rows, cols: d, data: out };
}

/**
 * $\mathrm{shift} + \mathrm{scale} \cdot y$, row by row.
 *
 * @param y - Points in scaled units, $n \times d$.
 * @param norm - The normalisation (shift, scale).
 *
 * @example
 * ```ts
 * import { fromScaled } from '@softmax-ntk/diffusion';
 *
 * // shift + scale·y, row by row: samples of the model back in the target's units
 * const y = { rows: 2, cols: 2, data: new Float64Array([0.5, 0.25, 0, -0.25]) };
 * console.log(Array.from(fromScaled(y, { shift: [1, 0], scale: 4 }).data).join(' ')); // 3 1 1 -1
 * ```
 */
export function fromScaled(y: Matrix, norm: Normalization): Matrix {
  const d = y.cols;
  const out = new Float64Array(y.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (norm.shift[i % d] as number) + norm.scale * (y.data[i] as number);
  return { rows: y.rows, cols: d, data: out };
}
