import { TOLERANCES } from '@softmax-ntk/test-helpers';
import type { Matrix } from '@softmax-ntk/linalg';
import { makeSchedule } from '../sde/schedule';
import { denoiserScore } from './scoreModel';
import type { Parameterization } from '../data/denoisingData';

// p₀ = N(0, v·I): x(t) = α x(0) + σ ε has the closed forms
//   ∇log p_t(x) = −x/(α²v + σ²),  E[x(0) | x(t) = x] = αv·x/(α²v + σ²),  E[ε | x(t) = x] = σ·x/(α²v + σ²),
// and the residual target E[x(0)|x] − c_skip x is 0 (c_skip = αv/(α²v + σ²)). A denoiser that returns the exact
// posterior mean must give the exact score under each parameterisation: a wrong sign or factor in any branch of
// denoiserScore shows here.
describe('Section 6.1: the denoiser-to-score map is exact for the exact posterior mean', () => {
  const schedule = makeSchedule({ spec: 'linear' });
  const v = 0.7;
  const T = 1;
  const R = 3;
  const d = 2;
  const x: Matrix = { rows: 3, cols: d, data: Float64Array.from([0.4, -1.3, 2.0, 0.25, -0.6, -0.05]) };

  // The paper's inputs are (t/T, x)/R: the exact denoiser recovers t and x from them.
  const exactDenoiser =
    (param: Parameterization) =>
    (input: Matrix): Matrix => {
      const out = new Float64Array(input.rows * d);
      for (let i = 0; i < input.rows; i++) {
        const t = input.data[i * (d + 1)]! * R * T;
        const a = schedule.alpha(t);
        const s2 = schedule.sigma2(t);
        const g = a * a * v + s2;
        for (let j = 0; j < d; j++) {
          const xi = input.data[i * (d + 1) + 1 + j]! * R;
          out[i * d + j] = param === 'x0' ? (a * v * xi) / g : param === 'eps' ? (Math.sqrt(s2) * xi) / g : 0;
        }
      }
      return { rows: input.rows, cols: d, data: out };
    };

  it.each(['x0', 'eps', 'residual'] as const)('%s parameterisation', (param) => {
    const model = denoiserScore({
      dim: d,
      predict: exactDenoiser(param),
      schedule,
      T,
      inputScale: R,
      parameterization: param,
      skipSecondMoment: v,
    });
    for (const t of [0.01, 0.2, 0.9]) {
      const g = schedule.alpha(t) ** 2 * v + schedule.sigma2(t);
      expect(model.score(t, x).data).toBeAllClose(
        Array.from(x.data, (u) => -u / g),
        TOLERANCES.float64,
      );
    }
  });
});
