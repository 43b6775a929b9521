import * as reference from '@softmax-ntk/reference';
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { denoiserScore, type DenoiserScoreOptions } from './scoreModel';
import type { Parameterization } from '../data/denoisingData';
import { exactDenoiser } from '../../test/support/exactDenoiser';

// Tests that kill the mutants of denoiserScore which scoreModel.test.ts leaves alive (bench/results/mutation):
// the residual guard, the residual's F coefficient (invisible with a centred Gaussian p₀, whose residual target
// is 0), and the whole closed-form `jvp` branch.

const schedule = makeSchedule({ spec: 'linear' });
const T = 1;
const R = 2.5;
const d = 2;
const rand = (rows: number, cols: number, rng: Rng, scale = 1): Matrix => ({
  rows,
  cols,
  data: rng.fillNormal(new Float64Array(rows * cols), 0, scale),
});

describe('denoiserScore: the residual parameterisation needs skipSecondMoment > 0', () => {
  const base: Omit<DenoiserScoreOptions, 'skipSecondMoment'> = {
    dim: d,
    predict: (input) => ({ rows: input.rows, cols: d, data: new Float64Array(input.rows * d) }),
    schedule,
    T,
    inputScale: R,
    parameterization: 'residual',
  };
  // kills `skipSecondMoment > 0` → `>= 0` (0 would make c_skip = 0 and the x coefficient −1/σ², silently)
  it.each([[0], [-0.5], [undefined], [Number.NaN]])('skipSecondMoment = %p is refused', (v) => {
    expect(() => denoiserScore({ ...base, ...(v === undefined ? {} : { skipSecondMoment: v }) })).toThrow(
      'denoiserScore: the residual parameterisation needs skipSecondMoment > 0',
    );
  });
  it('a positive skipSecondMoment, and the other parameterisations without one, are accepted', () => {
    expect(denoiserScore({ ...base, skipSecondMoment: 1e-9 }).dim).toBe(d);
    expect(denoiserScore({ ...base, parameterization: 'x0' }).dim).toBe(d);
    expect(denoiserScore({ ...base, parameterization: 'eps' }).dim).toBe(d);
  });
});

// p₀ a two-component mixture with non-zero means: the residual target E[x(0)|x] − c_skip·x is not 0 (as it is for
// a centred Gaussian p₀ with v its variance), so each coefficient of each branch shows in the score.
describe('Section 6.1: the denoiser-to-score map of a non-Gaussian p₀ is exact for the exact posterior mean', () => {
  const v = 0.3; // c_skip's v: any positive value gives the exact score for the exact residual target
  const p0 = {
    weights: [0.35, 0.65],
    means: { rows: 2, cols: d, data: Float64Array.from([-1, 0.5, 0.8, -0.3]) },
    std: { rows: 2, cols: d, data: Float64Array.from([0.3, 0.4, 0.5, 0.2]) },
  };
  const x: Matrix = { rows: 3, cols: d, data: Float64Array.from([0.4, -1.3, 1.1, 0.25, -0.6, -0.05]) };
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
    for (const t of [0.05, 0.4, 0.9]) {
      const truth = reference.mixtureScore({ mixture: p0, alpha: schedule.alpha(t), sigma2: schedule.sigma2(t), x });
      // (x − α·E[x(0)|x])/σ² cancels about two digits at t = 0.05
      expect(model.score(t, x).data).toBeAllClose(truth.data, { rtol: 1e-9, atol: 1e-12 });
    }
  });
});

// A linear denoiser F(input) = input·M has the exact input JVP D·M, and with the paper's inputs (t/T, x)/R the
// score's Jacobian along v is, written out here independently of denoiserScore:
//   x0:       (α/σ²)·(v·M₁)/R − v/σ²
//   eps:      −(v·M₁)/(R·σ)
//   residual: (α/σ²)·(v·M₁)/R − v/(α²·v_skip + σ²)
// where M₁ is M without its time row: the time coordinate of the input does not move with x.
describe('denoiserScore.jvp: the score and its input Jacobian in closed form', () => {
  const vSkip = 0.4;
  const rng = new Rng(11);
  const M = rand(d + 1, d, rng);
  const matmul = (A: Matrix, B: Matrix): Matrix => {
    const out = new Float64Array(A.rows * B.cols);
    for (let i = 0; i < A.rows; i++)
      for (let k = 0; k < A.cols; k++)
        for (let j = 0; j < B.cols; j++) out[i * B.cols + j]! += A.data[i * A.cols + k]! * B.data[k * B.cols + j]!;
    return { rows: A.rows, cols: B.cols, data: out };
  };
  const M1: Matrix = { rows: d, cols: d, data: M.data.slice(d) };
  const make = (parameterization: Parameterization, withJvp: boolean) =>
    denoiserScore({
      dim: d,
      predict: (input) => matmul(input, M),
      ...(withJvp
        ? {
            predictJvp: (input: Matrix, dirs: Matrix[]) => ({
              F: matmul(input, M),
              jvp: dirs.map((D) => matmul(D, M)),
            }),
          }
        : {}),
      schedule,
      T,
      inputScale: R,
      parameterization,
      skipSecondMoment: vSkip,
    });
  const x = rand(7, d, rng, 0.8);
  const V = [rand(7, d, rng), rand(7, d, rng)];

  it.each(['x0', 'eps', 'residual'] as const)('%s: no predictJvp, no jvp', (param) => {
    expect('jvp' in make(param, false)).toBe(false);
  });

  it.each(['x0', 'eps', 'residual'] as const)('%s: jvp returns the score and (∂s/∂x)·V_k for each k', (param) => {
    const model = make(param, true);
    expect(typeof model.jvp).toBe('function');
    for (const t of [0.05, 0.7]) {
      const a = schedule.alpha(t);
      const s2 = schedule.sigma2(t);
      const [cF, cx] =
        param === 'x0'
          ? [a / s2, -1 / s2]
          : param === 'eps'
            ? [-1 / Math.sqrt(s2), 0]
            : [a / s2, -1 / (a * a * vSkip + s2)];
      const r = model.jvp!(t, x, V);
      expect([r.score.rows, r.score.cols]).toEqual([x.rows, d]);
      expect(r.score.data).toBeAllClose(model.score(t, x).data, TOLERANCES.float64);
      expect(r.jvp).toHaveLength(V.length);
      V.forEach((Vk, k) => {
        const VM = matmul(Vk, M1);
        const expected = VM.data.map((w, i) => (cF * w) / R + cx * Vk.data[i]!);
        expect([r.jvp[k]!.rows, r.jvp[k]!.cols]).toEqual([x.rows, d]);
        expect(r.jvp[k]!.data).toBeAllClose(expected, TOLERANCES.float64);
      });
    }
  });

  it('the directions are not modified', () => {
    const copy = V.map((Vk) => Float64Array.from(Vk.data));
    make('x0', true).jvp!(0.3, x, V);
    V.forEach((Vk, k) => expect(Vk.data).toEqual(copy[k]));
  });
});
