/**
 * Sample quality against fresh draws from $p_0$, each metric beside its noise
 * floor: the same metric between two independent true-sample sets of the same
 * size as the generated one.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { argumentError, checkMatrix } from '../internal/validate';
import { checkFiniteResult } from './nonFiniteResult';
// The unchecked forms: a non-finite metric is reported below under this function's own name (`mmd2Floor`, …).
import {
  energyDistanceUnchecked as energyDistance,
  medianBandwidth,
  mmd2Unchecked as mmd2,
  slicedWasserstein2Unchecked as slicedWasserstein2,
} from './distances';

/** Options of {@link sampleQuality}. */
export interface SampleQualityOptions {
  /** Generated samples, $N \times d$. */
  samples: Matrix;
  /** Draws n fresh samples of $p_0$ (same units as `samples`). */
  reference: (n: number, rng: Rng) => Matrix;
  /** A generator for the reference sets (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Seed of the reference sets and directions (used when `rng` is not given). */
  seed?: number | string;
  /** Sliced-Wasserstein directions (default 128). */
  projections?: number;
  /** Independent true-sample pairs averaged for each noise floor (default 5): one pair alone is noisy. */
  floorPairs?: number;
}

/**
 * What {@link sampleQuality} returns: distances between samples and the target, each beside the floor that samples
 * of the target itself reach.
 */
export interface SampleQuality {
  /** N, the number of samples (and the size of each reference set). */
  n: number;
  /** Pairs averaged in each floor. */
  floorPairs: number;
  /** RBF bandwidth used for every $\mathrm{MMD}^2$ below (median heuristic on samples ∪ the reference set). */
  bandwidth: number;
  /** $\mathrm{MMD}^2$ between the samples and a fresh reference set. */
  mmd2: number;
  /** $\mathrm{MMD}^2$ between two fresh reference sets (mean over `floorPairs` pairs). */
  mmd2Floor: number;
  /** The energy distance between the samples and the reference set. */
  energy: number;
  /** The energy distance between two fresh reference sets (mean over `floorPairs` pairs). */
  energyFloor: number;
  /** $SW_2$ between the samples and the reference set. */
  sw2: number;
  /** $SW_2$ between two fresh reference sets (mean over `floorPairs` pairs). */
  sw2Floor: number;
}

/**
 * Each metric between the samples and a fresh reference set A of the same size N, and its noise
 * floor: the mean of the same metric over `floorPairs` pairs $(B_k, C_k)$ of independent fresh sets of
 * size N (one pair alone varies by a factor of several between draws, e.g. through the
 * multinomial component counts of a mixture).
 * Draw order: $A$, then $B_1, C_1, B_2, C_2, \dots$, then the seed of the $\mathrm{SW}_2$ directions.
 *
 * @param options - The samples, the reference sampler, the generator or seed and the sizes of the estimates.
 *
 * @example
 * ```ts
 * import { Rng } from '@softmax-ntk/linalg';
 * import { parseTarget, sampleQuality } from '@softmax-ntk/diffusion';
 *
 * // Draws of the target itself score at their noise floors; draws squeezed to half the radius do not
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const good = target.sample(500, new Rng(1));
 * const squeezed = { ...good, data: good.data.map((v) => v / 2) };
 * const q = (samples) => sampleQuality({ samples, reference: (n, rng) => target.sample(n, rng), seed: 2 });
 * const [a, b] = [q(good), q(squeezed)];
 * console.log((a.sw2 / a.sw2Floor).toFixed(2), (b.sw2 / b.sw2Floor).toFixed(2), (b.mmd2 / b.mmd2Floor).toFixed(1));
 * // → 0.63 3.49 33.4
 * ```
 */
export function sampleQuality(options: SampleQualityOptions): SampleQuality {
  const samples = checkMatrix('samples', options.samples);
  for (let k = 0; k < samples.data.length; k++)
    if (!Number.isFinite(samples.data[k]))
      throw argumentError(
        'samples',
        `row ${Math.floor(k / samples.cols) + 1}, column ${(k % samples.cols) + 1} must be finite, got ${samples.data[k]}`,
      );
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const N = samples.rows;
  const pairs = options.floorPairs ?? 5;
  const a = options.reference(N, rng);
  const floors: [Matrix, Matrix][] = [];
  for (let k = 0; k < pairs; k++) floors.push([options.reference(N, rng), options.reference(N, rng)]);
  const bandwidth = medianBandwidth(samples, a);
  const projections = options.projections ?? 128;
  const swSeed = rng.int(2 ** 31);
  const mean = (f: (x: Matrix, y: Matrix) => number) => floors.reduce((s, [b, c]) => s + f(b, c), 0) / pairs;
  const q: SampleQuality = {
    n: N,
    floorPairs: pairs,
    bandwidth,
    mmd2: mmd2({ x: samples, y: a, bandwidth }).mmd2,
    mmd2Floor: mean((x, y) => mmd2({ x, y, bandwidth }).mmd2),
    energy: energyDistance({ x: samples, y: a }),
    energyFloor: mean((x, y) => energyDistance({ x, y })),
    sw2: slicedWasserstein2({ x: samples, y: a, projections, seed: swSeed }),
    sw2Floor: mean((x, y) => slicedWasserstein2({ x, y, projections, seed: swSeed })),
  };
  // Finite samples can still give ∞ (squared distances past 1e154) or a reference that draws NaN.
  for (const key of ['bandwidth', 'mmd2', 'mmd2Floor', 'energy', 'energyFloor', 'sw2', 'sw2Floor'] as const)
    checkFiniteResult(
      key,
      q[key],
      'distances between the samples or the reference draws overflow float64, or the reference returned non-finite draws',
    );
  return q;
}
