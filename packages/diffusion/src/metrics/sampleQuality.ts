/**
 * Sample quality against fresh draws from p₀, each metric beside its noise
 * floor: the same metric between two independent true-sample sets of the same
 * size as the generated one.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { checkMatrix } from '../internal/validate';
import { energyDistance, medianBandwidth, mmd2, slicedWasserstein2 } from './distances';

export interface SampleQualityOptions {
  /** Generated samples, N × d. */
  samples: Matrix;
  /** Draws n fresh samples of p₀ (same units as `samples`). */
  reference: (n: number, rng: Rng) => Matrix;
  rng?: Rng;
  seed?: number | string;
  /** Sliced-Wasserstein directions (default 128). */
  projections?: number;
}

export interface SampleQuality {
  n: number;
  /** RBF bandwidth used for every MMD² below (median heuristic on samples ∪ first reference set). */
  bandwidth: number;
  mmd2: number;
  mmd2Floor: number;
  energy: number;
  energyFloor: number;
  sw2: number;
  sw2Floor: number;
}

/** Draw order: reference set A (N rows), reference set B (N rows), then the SW₂ directions. */
export function sampleQuality(options: SampleQualityOptions): SampleQuality {
  const samples = checkMatrix('samples', options.samples);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const N = samples.rows;
  const a = options.reference(N, rng);
  const b = options.reference(N, rng);
  const bandwidth = medianBandwidth(samples, a);
  const projections = options.projections ?? 128;
  const swSeed = rng.int(2 ** 31);
  return {
    n: N,
    bandwidth,
    mmd2: mmd2({ x: samples, y: a, bandwidth }).mmd2,
    mmd2Floor: mmd2({ x: b, y: a, bandwidth }).mmd2,
    energy: energyDistance({ x: samples, y: a }),
    energyFloor: energyDistance({ x: b, y: a }),
    sw2: slicedWasserstein2({ x: samples, y: a, projections, seed: swSeed }),
    sw2Floor: slicedWasserstein2({ x: b, y: a, projections, seed: swSeed }),
  };
}
