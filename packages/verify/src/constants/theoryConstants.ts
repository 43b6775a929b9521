/**
 * The constants of the main results of Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax" (2024): B (Definition 4.1), the width m, step
 * size $\eta$ and step count $\hat T$ (Theorem 4.2, Corollary 4.3, Theorem 6.5), the
 * radius R (Lemma C.2 / E.2, and Theorem 6.5's proof) and D (Definition A.2).
 *
 * $\Omega(\cdot)$ hides a constant: every "m = Ω(f)" and "T̂ = Ω(f)" is evaluated here as
 * f itself, the expression inside $\Omega$ with constant 1. $\eta$ and R are equalities in
 * the paper and taken as written. All values are computed in log space
 * ($\exp(18B)$ with $B \ge 10$ is beyond float64) and returned as log10 plus a
 * $\mathrm{mantissa} \cdot 10^{\mathrm{exponent}}$ string; nothing overflows and nothing prints Infinity.
 */
import { checkPositive, checkPositiveInt } from '@softmax-ntk/linalg';
import { fromLn, type LogNumber } from '../internal/bigNumber';

/** Options of {@link theoryConstants}. */
export interface TheoryConstantsOptions {
  /** n, training samples. */
  n: number;
  /** d, the output dimension (the paper takes $d_\text{in} = d_\text{out} = d$). */
  d: number;
  /** $\lambda = \lambda_{\min}(H^*) > 0$ (Definition 3.6 at W(0)). */
  lambda: number;
  /** $\delta$, failure probability; the theorems need $\delta \in (0, 0.1)$. Default 0.05. */
  delta?: number;
  /** $\sigma$, the standard deviation of the initial weights (Definition 3.7). Default 1. */
  sigma?: number;
  /** $\varepsilon$, the target loss $\lVert F(\hat T) - Y \rVert^2_F$; the theorems need $\varepsilon \in (0, 0.1)$. Default 0.001. */
  epsilon?: number;
  /** C, the "sufficiently large constant C > 10" of Definition 4.1. Default 11. */
  C?: number;
  /**
   * $\lVert F(0) - Y \rVert_F$ for D (Definition A.2). Default $\sqrt{nd}$, the bound of Lemma
   * D.3 (with constant 1) for labels in the unit ball.
   */
  initialResidual?: number;
}

/**
 * What {@link theoryConstants} returns for given inputs (n, d, $\lambda$, $\delta$, $\sigma$, $\varepsilon$): B (Definition 4.1), the width m, step
 * size $\eta$ and step count $\hat T$ of Theorem 4.2, R (Lemma E.2), D (Definition A.2), and those of Corollary 4.3 and Theorem 6.5.
 */
export interface TheoryConstants {
  /** The inputs the constants were computed from ($n, d, \lambda, \delta, \sigma, \epsilon, C$). */
  inputs: {
    n: number;
    d: number;
    lambda: number;
    delta: number;
    sigma: number;
    epsilon: number;
    C: number;
    initialResidual: number;
  };
  /** $B = \max\lbrace C \sigma \sqrt{\log(nd/\delta)}, 1 \rbrace$ (Definition 4.1), a float64 (it is moderate). */
  B: number;
  /** Theorem 4.2: $m = \lambda^{-2} n^2 d^2 \exp(18B) \log^2(nd/\delta)$. */
  m: LogNumber;
  /** Theorem 4.2: $\eta = 0.1 \lambda / (m n^2 d^2 \exp(16B))$, with $m$ as above. */
  eta: LogNumber;
  /** Theorem 4.2: $\widehat T = (m\eta\lambda)^{-1} \log(nd/\epsilon) = 10 \lambda^{-2} n^2 d^2 \exp(16B) \log(nd/\epsilon)$. */
  T: LogNumber;
  /** Lemma C.2 / E.2 (Condition 4): $R = \lambda / (2nd \exp(10B))$. */
  R: LogNumber;
  /** Definition A.2: $D = 4 m^{-1} \lambda^{-1} \exp(3B) \sqrt{nd} \lVert F(0) - Y \rVert_F$, with $m$ as above. */
  D: LogNumber;
  /** Whether $D < R$ (General Property 4 of Lemma C.2) holds with these values. */
  dLessThanR: boolean;
  /** Lemma 5.1's bound $R \, nd \exp(10B)$ at the $R$ above ($= \lambda/2$, what Claim E.5 needs). */
  kernelPerturbation: LogNumber;
  /** Lemma D.1's gradient constant $\exp(3B)$: $\lVert \Delta w_r \rVert_2 \le \exp(3B) \sqrt{nd} \lVert F - Y \rVert_F$. */
  gradientConstant: LogNumber;
  /**
   * Corollary 4.3 ($d_\text{out} = 1$): $m = \lambda^{-2} n^2 \exp(18B_1) \log^2(n/\delta)$,
   * $\eta = 0.1\lambda / (m n^2 \exp(16B_1))$, $\widehat T = (m\eta\lambda)^{-1} \log(n/\epsilon)$, $B_1 = B$ at $nd = n$.
   */
  corollary43: { B: number; m: LogNumber; eta: LogNumber; T: LogNumber };
  /**
   * Theorem 6.5: $m = \lambda^{-2} n^3 d^3 \exp(18B) \log^2(nd/\delta)$, $\eta = 0.1\lambda / (m n^2 d^2 \exp(16B))$,
   * $R = \lambda / (2n^2 d^2 \exp(10B))$ (its proof).
   */
  theorem65: { m: LogNumber; eta: LogNumber; R: LogNumber };
  /** Conditions of the paper that the inputs do not meet (the values are still computed). */
  warnings: string[];
  /** Which constant each $\Omega(\cdot)$ was given, in words. */
  convention: string;
}

/**
 * How {@link theoryConstants} evaluates the paper's $\Omega(\cdot)$ and $O(\cdot)$: with constant 1, the expression taken as written
 * (the paper leaves the constants unspecified).
 */
export const OMEGA_CONVENTION =
  'Ω(f) is evaluated as f (the expression inside Ω with constant 1); η and R are taken as written; log is the natural logarithm.';

/**
 * $B$ of Definition 4.1: $B = \max\lbrace C \sigma \sqrt{\log(nd/\delta)}, 1 \rbrace$.
 *
 * @see Definition 4.1
 *
 * @example
 * ```ts
 * import { parameterB } from '@softmax-ntk/verify';
 *
 * // B = max{C·σ·√(log(nd/δ)), 1} of Definition 4.1, e.g. n = 8, d = 2, δ = 0.05, σ = 1, C = 1
 * const B = (sigma) => parameterB({ n: 8, d: 2, delta: 0.05, sigma, C: 1 });
 * console.log(B(1).toFixed(6), Math.sqrt(Math.log(16 / 0.05)).toFixed(6), B(0.1)); // 2.401733 2.401733 1
 * ```
 */
export function parameterB({
  n,
  d,
  delta,
  sigma,
  C,
}: {
  n: number;
  d: number;
  delta: number;
  sigma: number;
  C: number;
}): number {
  const L = Math.log((n * d) / delta);
  return Math.max(C * sigma * Math.sqrt(Math.max(L, 0)), 1);
}

/**
 * The constants of the paper's main results in log space: $B$ (Definition 4.1), $m$, $\eta$ and $\widehat T$ (Theorem
 * 4.2), $R$ (Lemma E.2) and $D$ (Definition A.2).
 *
 * @param options - n, d, $\lambda$, $\delta$, $\sigma$, $\varepsilon$ and C of the theorems.
 *
 * @see Definition 4.1, Theorem 4.2, Corollary 4.3, Definition A.2, Lemma E.2 and Theorem 6.5.
 *
 * @example
 * ```ts
 * import { theoryConstants } from '@softmax-ntk/verify';
 *
 * const c = theoryConstants({ n: 8, d: 4, lambda: 0.1 });
 * console.log(c.B.toFixed(2), c.m.text, c.R.text); // 27.96 1.634·10^225 5.744·10^-125
 * ```
 */
export function theoryConstants(options: TheoryConstantsOptions): TheoryConstants {
  const n = checkPositiveInt('n', options.n);
  const d = checkPositiveInt('d', options.d);
  const lambda = checkPositive('lambda', options.lambda);
  const delta = checkPositive('delta', options.delta ?? 0.05);
  const sigma = checkPositive('sigma', options.sigma ?? 1);
  const epsilon = checkPositive('epsilon', options.epsilon ?? 1e-3);
  const C = checkPositive('C', options.C ?? 11);
  const initialResidual = checkPositive('initialResidual', options.initialResidual ?? Math.sqrt(n * d));
  const warnings: string[] = [];
  if (!(delta < 0.1)) warnings.push(`δ = ${delta} is outside (0, 0.1), the range of Theorem 4.2`);
  if (!(epsilon < 0.1)) warnings.push(`ε = ${epsilon} is outside (0, 0.1), the range of Theorem 4.2`);
  if (!(C > 10)) warnings.push(`C = ${C} is not > 10 (Definition 4.1)`);
  if (!(lambda < 1)) warnings.push(`λ = ${lambda} is not < 1 (Table 1 assumes λ < 1)`);
  if (n * d <= delta) warnings.push('nd/δ ≤ 1: log(nd/δ) ≤ 0, B falls back to 1');

  const nd = n * d;
  const B = parameterB({ n, d, delta, sigma, C });
  const lnLam = Math.log(lambda);
  const lnNd = Math.log(nd);
  const logNdDelta = Math.log(nd / delta);
  const logNdEps = Math.log(nd / epsilon);
  // ln m = −2 ln λ + 2 ln(nd) + 18B + 2 ln log(nd/δ)
  const lnM = -2 * lnLam + 2 * lnNd + 18 * B + 2 * Math.log(Math.abs(logNdDelta));
  // ln η = ln 0.1 + ln λ − ln m − 2 ln(nd) − 16B
  const lnEta = Math.log(0.1) + lnLam - lnM - 2 * lnNd - 16 * B;
  // ln T̂ = −(ln m + ln η + ln λ) + ln log(nd/ε)
  const lnT = -(lnM + lnEta + lnLam) + Math.log(Math.abs(logNdEps));
  const lnR = lnLam - Math.log(2) - lnNd - 10 * B;
  const lnD = Math.log(4) - lnM - lnLam + 3 * B + 0.5 * lnNd + Math.log(initialResidual);

  const B1 = parameterB({ n, d: 1, delta, sigma, C });
  const lnN = Math.log(n);
  const lnM1 = -2 * lnLam + 2 * lnN + 18 * B1 + 2 * Math.log(Math.abs(Math.log(n / delta)));
  const lnEta1 = Math.log(0.1) + lnLam - lnM1 - 2 * lnN - 16 * B1;
  const lnT1 = -(lnM1 + lnEta1 + lnLam) + Math.log(Math.abs(Math.log(n / epsilon)));

  const lnM65 = -2 * lnLam + 3 * lnNd + 18 * B + 2 * Math.log(Math.abs(logNdDelta));
  const lnEta65 = Math.log(0.1) + lnLam - lnM65 - 2 * lnNd - 16 * B;
  const lnR65 = lnLam - Math.log(2) - 2 * lnNd - 10 * B;

  return {
    inputs: { n, d, lambda, delta, sigma, epsilon, C, initialResidual },
    B,
    m: fromLn(lnM),
    eta: fromLn(lnEta),
    T: fromLn(lnT),
    R: fromLn(lnR),
    D: fromLn(lnD),
    dLessThanR: lnD < lnR,
    kernelPerturbation: fromLn(lnR + lnNd + 10 * B),
    gradientConstant: fromLn(3 * B),
    corollary43: { B: B1, m: fromLn(lnM1), eta: fromLn(lnEta1), T: fromLn(lnT1) },
    theorem65: { m: fromLn(lnM65), eta: fromLn(lnEta65), R: fromLn(lnR65) },
    warnings,
    convention: OMEGA_CONVENTION,
  };
}
