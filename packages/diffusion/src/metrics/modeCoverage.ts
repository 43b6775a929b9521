/**
 * Mode coverage of samples from a Gaussian-mixture target — the usual "high-quality samples / modes
 * covered" numbers for 2-D toy mixtures: which component each sample sits in, and whether every
 * component received its share.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { argumentError, checkMatrix, checkPositive } from '../internal/validate';
import type { GaussianMixture } from '../target/target';

/** Options of {@link modeCoverage}. */
export interface ModeCoverageOptions {
  /** Samples, $N \times d$, in the mixture's units. */
  samples: Matrix;
  /** The Gaussian mixture whose components are the modes. */
  mixture: GaussianMixture;
  /** A sample is near component k when its standardised distance $\lVert (x - \mu_k)/\mathrm{std}_k \rVert$ is at most this (default 3). */
  radius?: number;
  /** Component k is covered when it holds at least this fraction of its expected share $w_k \cdot N$ (default 0.25). */
  minShare?: number;
}

/**
 * What {@link modeCoverage} returns: how many samples lie near a component, per-component counts and how many
 * components are covered.
 */
export interface ModeCoverage {
  /** N. */
  n: number;
  /** Samples near some component (each counted at its nearest, in standardised distance). */
  near: number;
  /** near / N. */
  nearFraction: number;
  /** What $p_0$ itself gives for `nearFraction`: $P(\chi^2_d \le \mathrm{radius}^2)$ (every component is isotropic-per-coordinate Gaussian). */
  nearFractionExpected: number;
  /** Per component: samples near it. */
  counts: number[];
  /** Per component: $\mathrm{counts}_k / (w_k N)$, 1 for a perfect sampler (times nearFractionExpected). */
  shares: number[];
  /** Components with $\mathrm{shares}_k \ge$ `minShare`. */
  covered: number;
  /** K. */
  components: number;
}

/**
 * $P(\chi^2_d \le r^2)$ = the regularised lower incomplete gamma P(a, x), a = d/2, $x = r^2/2$ (Numerical Recipes §6.2):
 * its series below x = a + 1, where the terms $x^k/((a+1)\dots(a+k))$ decrease from the first; above it, 1 − Q(a, x)
 * with Q by its continued fraction (modified Lentz). The series alone overflows there (its terms grow to $\sim e^x$
 * while the prefactor $e^{-x}$ underflows: $\infty \cdot 0$ = NaN from radius 40 on); the continued fraction's prefactor
 * underflowing to 0 gives 1, the right value to double precision.
 */
function chiSquareCdf(d: number, r2: number): number {
  const a = d / 2;
  const x = r2 / 2;
  let lgammaA = 0; // ln Γ(a) for a = d/2: exact recurrences from Γ(1) = 1, Γ(½) = √π
  for (let b = a; b > 1; b -= 1) lgammaA += Math.log(b - 1);
  if (Math.abs(a - Math.round(a)) > 1e-12) lgammaA += 0.5 * Math.log(Math.PI);
  const prefactor = Math.exp(a * Math.log(x) - x - lgammaA); // x^a e^{−x} / Γ(a)
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10000; k++) {
      term *= x / (a + k);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return Math.min(1, prefactor * sum);
  }
  // Q(a, x) = prefactor · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …)))
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let dd = 1 / b;
  let h = dd;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    dd = an * dd + b;
    if (Math.abs(dd) < tiny) dd = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    dd = 1 / dd;
    const del = dd * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - prefactor * h;
}

/**
 * Mode coverage of samples from a Gaussian-mixture target: the fraction of samples near a component (within
 * `radius` standard deviations) and how many components received at least a set fraction of their share.
 *
 * @param options - The samples, the mixture and the radius.
 *
 * @example
 * ```ts
 * import { Rng } from '@softmax-ntk/linalg';
 * import { modeCoverage, parseTarget } from '@softmax-ntk/diffusion';
 *
 * // Draws of p₀ itself lie near its modes (the expected share within 3 std, in 2-D: 1 − e^{−4.5} = 98.9 %)
 * // and cover all 8
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const c = modeCoverage({ samples: target.sample(2000, new Rng(0)), mixture: target.mixture });
 * console.log(c.nearFraction.toFixed(3), c.nearFractionExpected.toFixed(3), c.covered, c.components);
 * // → 0.990 0.989 8 8
 * ```
 */
export function modeCoverage(options: ModeCoverageOptions): ModeCoverage {
  const { mixture } = options;
  const K = mixture.weights.length;
  const d = mixture.means.cols;
  const samples = checkMatrix('samples', options.samples, d);
  const radius = checkPositive('radius', options.radius ?? 3);
  const minShare = checkPositive('minShare', options.minShare ?? 0.25);
  if (K === 0) throw argumentError('mixture', 'has no components');
  const n = samples.rows;
  const counts = new Array<number>(K).fill(0);
  const r2max = radius * radius;
  let near = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bk = -1;
    for (let k = 0; k < K; k++) {
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const z =
          ((samples.data[i * d + j] as number) - (mixture.means.data[k * d + j] as number)) /
          (mixture.std.data[k * d + j] as number);
        r2 += z * z;
      }
      if (r2 < best) {
        best = r2;
        bk = k;
      }
    }
    if (best <= r2max) {
      near++;
      counts[bk] = (counts[bk] as number) + 1;
    }
  }
  const shares = counts.map((c, k) => c / ((mixture.weights[k] as number) * n));
  return {
    n,
    near,
    nearFraction: near / n,
    nearFractionExpected: chiSquareCdf(d, r2max),
    counts,
    shares,
    covered: shares.filter((s) => s >= minShare).length,
    components: K,
  };
}
