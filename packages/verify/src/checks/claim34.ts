/**
 * Check `claim-3.4`: the closed-form gradient of Claim 3.4 equals the
 * gradient of Definition 3.3 and the derivative of the loss (Definition 3.2),
 * on random problems. Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024), Section 3.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { gradient as fastGradient, makeProblem } from '@softmax-ntk/network';
import { TOLERANCE } from '../internal/tolerance';
import { seconds } from '../internal/experiment';
import * as reference from '../reference/index';
import type { CheckOptions, CheckResult } from './types';

/** max |a − b| / max |b| (max-norm relative difference). */
function relDiff(a: Matrix, b: Matrix): number {
  let num = 0,
    den = 0;
  for (let k = 0; k < b.data.length; k++) {
    num = Math.max(num, Math.abs((a.data[k] as number) - (b.data[k] as number)));
    den = Math.max(den, Math.abs(b.data[k] as number));
  }
  return den > 0 ? num / den : num;
}

/**
 * Check `claim-3.4`: the closed-form gradient of Claim 3.4 equals the gradient of Definition 3.3 and the derivative
 * of the loss, on random problems.
 *
 * @param options - Quick sizes, the base seed and a progress hook.
 *
 * @see Claim 3.4 / Claim A.1
 *
 * @example
 * ```ts
 * import { checkClaim34 } from '@softmax-ntk/verify';
 *
 * // Claim 3.4's gradient, taken literally, against Definition 3.3 (relative differences, float64)
 * const r = await checkClaim34({ quick: true });
 * console.log(r.id, r.status); // claim-3.4 held
 * console.log(r.measured['Claim 3.4 (literal) vs Definition 3.3'] < 1e-12, r.bound['float64 agreement (rtol)']);
 * // → true 1e-10
 * ```
 */
// eslint-disable-next-line @typescript-eslint/require-await -- every check has the same Promise API (runChecks awaits each); this one does not need to wait
export async function checkClaim34(options: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const seed = options.seed ?? 0;
  const sizes: [n: number, dIn: number, dOut: number, m: number][] = options.quick
    ? [
        [4, 3, 2, 6],
        [5, 2, 3, 4],
        [3, 4, 1, 8],
      ]
    : [
        [4, 3, 2, 6],
        [5, 2, 3, 4],
        [3, 4, 1, 8],
        [8, 4, 4, 16],
        [6, 3, 2, 32],
        [10, 5, 5, 12],
      ];
  let claimVsDef = 0,
    fastVsDef = 0,
    autodiffVsDef = 0,
    fdVsDef = 0;
  sizes.forEach(([n, dIn, dOut, m], k) => {
    options.onProgress?.(`claim-3.4: problem ${k + 1}/${sizes.length} (n=${n}, d_in=${dIn}, d_out=${dOut}, m=${m})`);
    // Gaussian initialisation (F ≠ 0) and σ = 1; labels in the unit ball.
    const { problem } = makeProblem({
      n: n,
      dIn: dIn,
      dOut: dOut,
      numNeurons: m,
      sigma: 1,
      seed: seed * 1000 + k,
      init: 'gaussian',
    });
    const def = reference.gradient(problem);
    claimVsDef = Math.max(claimVsDef, relDiff(reference.gradientClaim34(problem), def));
    fastVsDef = Math.max(fastVsDef, relDiff(fastGradient(problem), def));
    autodiffVsDef = Math.max(autodiffVsDef, relDiff(reference.gradientAutodiff(problem), def));
    fdVsDef = Math.max(fdVsDef, relDiff(reference.gradientFiniteDifference(problem), def));
  });
  const holds =
    claimVsDef <= TOLERANCE.float64.rtol &&
    fastVsDef <= TOLERANCE.float64.rtol &&
    autodiffVsDef <= TOLERANCE.float64.rtol &&
    fdVsDef <= TOLERANCE.finiteDifference.rtol;
  return {
    id: 'claim-3.4',
    claim:
      'Claim 3.4: Δw_r = m Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i})·⟨a_{ℓ,r}1_m − a_ℓ, S_i⟩·S_{i,r}·x_i equals Definition 3.3 (and so the gradient of the loss of Definition 3.2).',
    measured: {
      'Claim 3.4 (literal) vs Definition 3.3': claimVsDef,
      'network.gradient (fast closed form) vs Definition 3.3': fastVsDef,
      'dual-number autodiff vs Definition 3.3': autodiffVsDef,
      'central differences vs Definition 3.3': fdVsDef,
    },
    bound: {
      'float64 agreement (rtol)': TOLERANCE.float64.rtol,
      'central differences (rtol)': TOLERANCE.finiteDifference.rtol,
    },
    holds,
    status: holds ? 'held' : 'failed',
    details:
      `Max-norm relative differences over ${sizes.length} random problems (Gaussian initialisation so that F ≠ 0, inputs and labels in the unit ball, d_in ≠ d_out in some). ` +
      'Definition 3.3 and Claim 3.4 are the literal loops of the float64 reference; "autodiff" is forward-mode differentiation of the loss with dual numbers (it uses neither formula); ' +
      'central differences use h = 1e-5 (error O(h²) + O(u/h) ≈ 1e-10 relative). The tolerances are those of the test-helpers package (float64 1e-10, finite differences 1e-7). Holds when all four agree within them.',
    setup: { problems: sizes.map((s) => `n=${s[0]}, d_in=${s[1]}, d_out=${s[2]}, m=${s[3]}`), seed },
    seconds: seconds(t0),
  };
}
