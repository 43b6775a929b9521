/**
 * The exact denoiser of a Gaussian mixture p₀ for the tests of `denoiserScore` (src/model/scoreModel.ts): it reads
 * the paper's network input (t/T, x)/R back into t and x, takes E[x(0) | x(t) = x] from the float64 reference
 * (Bayes over the components) and returns the target of the parameterisation — x0: the posterior mean; eps:
 * E[ε | x(t) = x] = (x − α·E[x(0) | x])/σ; residual: E[x(0) | x] − c_skip·x with c_skip = α·v/(α²·v + σ²). A
 * score model built on it must give the exact score of p_t under each parameterisation.
 */
import * as reference from '@softmax-ntk/reference';
import type { Matrix } from '@softmax-ntk/linalg';
import type { Parameterization } from '../../src/data/denoisingData';
import type { Schedule } from '../../src/sde/schedule';

export interface ExactDenoiserSetting {
  /** p₀: mixture weights, means and standard deviations (k × d). */
  p0: { weights: number[]; means: Matrix; std: Matrix };
  schedule: Schedule;
  /** T of the input's t/T. */
  T: number;
  /** The input scale R of (t/T, x)/R. */
  R: number;
  /** c_skip's second moment v. */
  v: number;
}

/** The exact denoiser of `setting.p0` for `param`: a function from the paper's inputs (n × (1 + d)) to n × d targets. */
export function exactDenoiser(setting: ExactDenoiserSetting, param: Parameterization): (input: Matrix) => Matrix {
  const { p0, schedule, T, R, v } = setting;
  const d = p0.means.cols;
  return (input) => {
    const out = new Float64Array(input.rows * d);
    for (let i = 0; i < input.rows; i++) {
      const t = input.data[i * (d + 1)]! * R * T;
      const alpha = schedule.alpha(t);
      const sigma2 = schedule.sigma2(t);
      const xi = Float64Array.from({ length: d }, (_, j) => input.data[i * (d + 1) + 1 + j]! * R);
      const post = reference.mixturePosteriorMean({ mixture: p0, alpha, sigma2, x: { rows: 1, cols: d, data: xi } });
      const cSkip = (alpha * v) / (alpha * alpha * v + sigma2);
      for (let j = 0; j < d; j++) {
        const mean = post.data[j]!;
        out[i * d + j] =
          param === 'x0' ? mean : param === 'eps' ? (xi[j]! - alpha * mean) / Math.sqrt(sigma2) : mean - cSkip * xi[j]!;
      }
    }
    return { rows: input.rows, cols: d, data: out };
  };
}
