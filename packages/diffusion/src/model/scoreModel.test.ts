import * as reference from '@softmax-ntk/reference';
import type { Matrix } from '@softmax-ntk/linalg';
import { makeSchedule } from '../sde/schedule';
import { denoiserScore } from './scoreModel';
import { exactDenoiser } from '../../test/support/exactDenoiser';

// p₀ = N(0, v·I). The float64 reference gives E[x(0) | x(t) = x] (by Bayes) and ∇log p_t (literal sums); then
// E[ε | x(t) = x] = (x − α E[x(0) | x])/σ and the residual target is E[x(0)|x] − c_skip x (c_skip = αv/(α²v + σ²)).
// A denoiser that returns the exact posterior mean must give the exact score under each parameterisation: a wrong
// sign or factor in any branch of denoiserScore shows here.
describe('Section 6.1: the denoiser-to-score map is exact for the exact posterior mean', () => {
  const schedule = makeSchedule({ spec: 'linear' });
  const v = 0.7;
  const T = 1;
  const R = 3;
  const d = 2;
  const x: Matrix = { rows: 3, cols: d, data: Float64Array.from([0.4, -1.3, 2.0, 0.25, -0.6, -0.05]) };
  const p0 = {
    weights: [1],
    means: { rows: 1, cols: d, data: new Float64Array(d) },
    std: { rows: 1, cols: d, data: new Float64Array(d).fill(Math.sqrt(v)) },
  };

  // (the paper's inputs are (t/T, x)/R: the exact denoiser recovers t and x from them)
  const setting = { p0, schedule, T, R, v };

  it.each(['x0', 'eps', 'residual'] as const)('%s parameterisation', (param) => {
    const model = denoiserScore({
      dim: d,
      predict: exactDenoiser(setting, param),
      schedule,
      T,
      inputScale: R,
      parameterization: param,
      skipSecondMoment: v,
    });
    for (const t of [0.01, 0.2, 0.9]) {
      const truth = reference.mixtureScore({ mixture: p0, alpha: schedule.alpha(t), sigma2: schedule.sigma2(t), x });
      expect(model.score(t, x).data).toBeAllClose(truth.data, { rtol: 1e-9, atol: 1e-12 }); // (x − α·E[x(0)|x])/σ² cancels ~3 digits at t = 0.01
    }
  });
});
