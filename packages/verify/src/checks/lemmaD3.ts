/**
 * Check `lemma-d.3`: symmetric initialisation (Definition 3.7) gives
 * F(W(0)) = 0 and $\lVert F(0) - Y \rVert_F \le \sqrt{nd}$ (Lemma D.3 with constant 1, labels in
 * the unit ball). Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { forward } from '@softmax-ntk/network';
import { seconds, sphereProblem } from '../internal/experiment';
import * as reference from '../reference/index';
import type { CheckOptions, CheckResult } from './types';

const U = 2 ** -53;

/**
 * Check `lemma-d.3`: the symmetric initialisation gives $F(W(0)) = 0$ and $\lVert F(0) - Y \rVert_F \le \sqrt{nd}$.
 *
 * @param options - Quick sizes, the base seed and a progress hook.
 *
 * @see Lemma D.3
 *
 * @example
 * ```ts
 * import { checkLemmaD3 } from '@softmax-ntk/verify';
 *
 * // Definition 3.7's symmetric initialisation gives F(W(0)) = 0 exactly, so ‖F(0) − Y‖_F = ‖Y‖_F ≤ √(nd)
 * const r = await checkLemmaD3({ quick: true });
 * console.log(r.id, r.status, r.measured['max |F(W(0))| (network.forward)']); // lemma-d.3 held 0
 * console.log(r.measured['max ‖F(0) − Y‖_F / √(nd)'].toFixed(4)); // 0.4790
 * ```
 */
// eslint-disable-next-line @typescript-eslint/require-await -- every check has the same Promise API (runChecks awaits each); this one does not need to wait
export async function checkLemmaD3(options: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const seed = options.seed ?? 0;
  const sizes: [number, number, number, number][] = options.quick
    ? [
        [8, 4, 64, 1],
        [8, 4, 64, 4],
        [16, 2, 256, 1],
      ]
    : [
        [8, 4, 64, 1],
        [8, 4, 64, 4],
        [16, 2, 256, 1],
        [32, 8, 1024, 1],
        [64, 8, 4096, 1],
        [64, 8, 4096, 4],
      ];
  let maxF = 0,
    maxFScaled = 0,
    maxRatio = 0,
    refMaxF = 0;
  const rows: (number | string)[][] = [];
  sizes.forEach(([n, d, m, sigma], k) => {
    options.onProgress?.(`lemma-d.3: problem ${k + 1}/${sizes.length} (n=${n}, d=${d}, m=${m}, σ=${sigma})`);
    const p = sphereProblem({ n, dIn: d, dOut: d, m, sigma, seed: seed * 1000 + k });
    const F = forward(p);
    let fmax = 0,
      res = 0;
    for (let t = 0; t < F.data.length; t++) {
      fmax = Math.max(fmax, Math.abs(F.data[t] as number));
      res += ((F.data[t] as number) - (p.y.data[t] as number)) ** 2;
    }
    const ratio = Math.sqrt(res) / Math.sqrt(n * d);
    maxF = Math.max(maxF, fmax);
    // F = m·Σ_r a_{ℓ,r} S_{i,r}: rounding of a sum of m terms of size ≤ m·S_{i,r} is ≤ m·m·u·max S; scale by m² u.
    maxFScaled = Math.max(maxFScaled, fmax / (m * m * U));
    maxRatio = Math.max(maxRatio, ratio);
    if (m <= 256) refMaxF = Math.max(refMaxF, Math.max(...Array.from(reference.forward(p).data, Math.abs)));
    rows.push([n, d, m, sigma, fmax, Math.sqrt(res), Math.sqrt(n * d), ratio]);
  });
  const holds = maxFScaled <= 1 && maxRatio <= 1;
  return {
    id: 'lemma-d.3',
    claim:
      'Lemma D.3 (with Definition 3.7): symmetric initialisation gives F(W(0), x) = 0, hence ‖F(0) − Y‖_F = ‖Y‖_F ≤ √(nd) when ‖y_i‖₂ ≤ 1.',
    measured: {
      'max |F(W(0))| (network.forward)': maxF,
      'max |F(W(0))| (float64 reference)': refMaxF,
      'max |F(W(0))| / (m²·u)': maxFScaled,
      'max ‖F(0) − Y‖_F / √(nd)': maxRatio,
    },
    bound: {
      '|F(W(0))| (exact arithmetic)': 0,
      'rounding allowance m²·u, as a multiple': 1,
      '‖F(0) − Y‖_F / √(nd)': 1,
    },
    holds,
    status: holds ? 'held' : 'failed',
    details:
      'Problems with inputs on the unit sphere, labels uniform in the unit ball and the symmetric initialisation of Definition 3.7 (σ = 1 and σ = 4). ' +
      'F(W(0)) is 0 in exact arithmetic (paired neurons cancel); in float64 it is allowed m²·u (u = 2⁻⁵³), the rounding bound of a sum of m terms of size at most m. ' +
      'Lemma D.3 states O(√(nd)); the constant taken is 1. Holds when both measured ratios are ≤ 1.',
    setup: { problems: sizes.map(([n, d, m, s]) => `n=${n}, d=${d}, m=${m}, σ=${s}`), seed },
    table: { columns: ['n', 'd', 'm', 'σ', 'max |F(W(0))|', '‖F(0) − Y‖_F', '√(nd)', 'ratio'], rows },
    seconds: seconds(t0),
  };
}
