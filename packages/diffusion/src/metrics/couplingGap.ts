/**
 * The coupling term $Z_1$ of Claim G.1 (Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax", 2024): the mean squared gap between two
 * denoisers, typically the GD-trained network $F_\text{nn}$ and its NTK regression
 * $F_\text{ntk}$ fitted on the same data from the same W(0) (Theorem F.2 bounds it).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { forEachStratifiedTime, type StratifiedTimesOptions } from '../internal/stratifiedTimes';
import { checkFiniteResult } from './nonFiniteResult';

/** Options of {@link couplingGap}. */
export interface CouplingGapOptions extends StratifiedTimesOptions {
  /** $F_a(t, x)$ and $F_b(t, x)$: $n \times d$ outputs for $n \times d$ inputs x at one time t. */
  a: (t: number, x: Matrix) => Matrix;
  /** $F_b(t, x)$: the second model's $n \times d$ outputs (compared with $F_a$'s). */
  b: (t: number, x: Matrix) => Matrix;
}

/**
 * $Z_1 = \frac{1}{T - T_0} \int_{T_0}^{T} \mathbb{E} \lVert F_a(t, x(t)) - F_b(t, x(t)) \rVert^2 \, dt$,
 * $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$, by stratified Monte Carlo (as `scoreError`), and the same for
 * $\lVert F_a \rVert^2$ (a scale to compare it with).
 *
 * @param options - The two models, the data and the stratified times.
 *
 * @see Claim G.1 (coupling term) and Theorem F.2.
 *
 * @example
 * ```ts
 * import { makeSchedule, couplingGap } from '@softmax-ntk/diffusion';
 *
 * // E‖F_a − F_b‖² over t and x(t): F_a(t, x) = x and F_b = x + 0.1 differ by 0.1 in each of 2 coordinates
 * const schedule = makeSchedule({ spec: 'linear' });
 * const sampleData = (n, rng) => ({ rows: n, cols: 2, data: rng.fillNormal(new Float64Array(2 * n)) });
 * const a = (t, x) => x;
 * const b = (t, x) => ({ ...x, data: x.data.map((v) => v + 0.1) });
 * const { gap } = couplingGap({ a, b, schedule, sampleData, times: 8, perTime: 16, seed: 1 });
 * console.log(gap.toFixed(6)); // 0.020000
 * ```
 */
export function couplingGap(options: CouplingGapOptions): { gap: number; scaleA: number } {
  let gap = 0;
  let scaleA = 0;
  forEachStratifiedTime(options, (t, X, _sigma2, K) => {
    const fa = options.a(t, X).data;
    const fb = options.b(t, X).data;
    let g = 0;
    let sa = 0;
    for (let i = 0; i < fa.length; i++) {
      g += ((fa[i] as number) - (fb[i] as number)) ** 2;
      sa += (fa[i] as number) ** 2;
    }
    gap += g / X.rows / K;
    scaleA += sa / X.rows / K;
  });
  const cause = 'a model returned non-finite values, or their squared difference overflows';
  checkFiniteResult('gap', gap, cause);
  checkFiniteResult('scaleA', scaleA, cause);
  return { gap, scaleA };
}
