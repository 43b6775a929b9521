import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { dopri5, DOPRI5_MAX_STEPS } from '../internal/dopri5';

// The RK45 (Dormand–Prince 5(4)) integrator of the probability-flow ODE (likelihood and the rk45 sampler), pinned by
// problems whose answer and step sequence follow from the documented rules: h₀ = |tb − ta|/100, accept when the RMS
// error ≤ 1, h ← h·min(5, max(0.2, 0.9·err^(−1/5))) (×5 at zero error, ×0.2 at a non-finite one), land on tb exactly.

describe('dopri5', () => {
  it('dx/dt = 0: zero error, so h grows ×5 from |tb − ta|/100 and the last step is cut to land on tb', () => {
    const times: number[] = [];
    const r = dopri5(
      Float64Array.from([2, -3]),
      0,
      1,
      (_t, x) => new Float64Array(x.length),
      1e-6,
      1e-6,
      (t) => {
        times.push(t);
        return false;
      },
    );
    // h = 0.01, 0.05, 0.25, then the remaining 0.69 (< 1.25)
    expect(times).toEqual([0.01, 0.060000000000000005, 0.31, 1]);
    expect([r.accepted, r.rejected]).toEqual([4, 0]);
    expect(Array.from(r.x)).toEqual([2, -3]);
  });

  it.each([
    [0, 1, -1],
    [1, 0, 1], // backwards: from 1 to 0 with dx/dt = −x gives x(0) = x(1)·e
    [0, 2, 0.5],
  ])('dx/dt = λx from %p to %p (λ = %p): x·e^{λ(tb − ta)} to the tolerance', (ta, tb, lambda) => {
    let calls = 0;
    const r = dopri5(
      Float64Array.from([1, -2]),
      ta,
      tb,
      (_t, x) => {
        calls++;
        return x.map((e) => lambda * e);
      },
      1e-9,
      1e-12,
    );
    const k = Math.exp(lambda * (tb - ta));
    expect(Array.from(r.x)).toBeAllClose([k, -2 * k], { rtol: 1e-8, atol: 0 }); // 10× the rtol asked
    // FSAL: one evaluation to start, six per attempted step
    expect(calls).toBe(1 + 6 * (r.accepted + r.rejected));
    expect(r.accepted).toBeGreaterThan(3);
  });

  it('dx/dt = t⁴ from 0 to 1: x(1) = 1/5 (the stage times c_s·h matter)', () => {
    const r = dopri5(Float64Array.from([0]), 0, 1, (t) => Float64Array.from([t ** 4]), 1e-10, 1e-12);
    expect(r.x[0]).toBeCloseTo(0.2, 10);
  });

  it('a stiff start is rejected, then accepted with a smaller step; tighter tolerances take more steps', () => {
    // h₀λ = −10, outside the method's stability region: the first step's error is far above 1
    const f = (_t: number, x: Float64Array) => x.map((e) => -1000 * e);
    const loose = dopri5(Float64Array.from([1]), 0, 1, f, 1e-3, 1e-6);
    const tight = dopri5(Float64Array.from([1]), 0, 1, f, 1e-9, 1e-12);
    expect(loose.rejected).toBeGreaterThan(0);
    expect(tight.accepted).toBeGreaterThan(loose.accepted);
    expect(Math.abs(tight.x[0]!)).toBeLessThan(1e-11); // e^{−1000} = 0 to the atol asked
  });

  it('onAccept returning true re-evaluates the first stage at the changed state', () => {
    let calls = 0;
    const r = dopri5(
      Float64Array.from([1]),
      0,
      1,
      (_t, x) => {
        calls++;
        return x.map((e) => -e);
      },
      1e-6,
      1e-9,
      (_t, x) => {
        x[0] = 1; // reset after every step: each step integrates e^{−h} from 1
        return true;
      },
    );
    expect(r.x[0]).toBe(1);
    expect(calls).toBe(1 + 6 * (r.accepted + r.rejected) + r.accepted);
  });

  it('a derivative that is NaN: the step shrinks ×0.2 from 0.01 until below 1e-12 (15 rejections), then the NaN state is returned', () => {
    const r = dopri5(Float64Array.from([1]), 0, 1, () => Float64Array.from([NaN]), 1e-6, 1e-6);
    // 0.01·0.2¹⁴ = 1.6e-12 ≥ 1e-12, 0.01·0.2¹⁵ = 3.3e-13 < 1e-12
    expect([r.accepted, r.rejected]).toEqual([0, 15]);
    expect(Number.isNaN(r.x[0])).toBe(true);
  });

  it('a tolerance no step can meet: steps below 1e-12 are accepted as they are, until the step limit names t', () => {
    expect(DOPRI5_MAX_STEPS).toBe(100000);
    let calls = 0;
    let accepted = 0;
    let message = '';
    try {
      // err ≈ (h·Δk/(1e-40·|x|))², finite and > 1 at every h: no step is ever accepted on its error
      dopri5(
        Float64Array.from([1]),
        0,
        1,
        (t) => {
          calls++;
          return Float64Array.from([1 + Math.sin(1e6 * t)]);
        },
        1e-40,
        0,
        () => {
          accepted++;
          return false;
        },
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^rk45: step limit 100000 reached at t = \d/);
    // exactly 100000 attempted steps (accepted + rejected), 6 evaluations each after the first
    expect(calls).toBe(1 + 6 * DOPRI5_MAX_STEPS);
    // the steps below 1e-12 were accepted, so t moved off 0
    expect(accepted).toBeGreaterThan(0);
    expect(Number(/t = (\S+)$/.exec(message)![1])).toBeGreaterThan(0);
  });
});

// The error norm, pinned by a problem whose error estimate is known in closed form: for dx/dt = t⁴ the 5th-order
// solution is exact and the 4th-order one misses the t⁴ term only, so h·(a5 − a4) = E·h⁵ at every step, with
// E = Σ_j (b5_j − b4_j)·c_j⁴ from the Dormand–Prince tableau (written out here: b5 − b4 are the e_i of Hairer and
// Wanner's DOPRI5 code). With rtol = 0 the scale is atol, so err = √(mean_i (E·h⁵/atol)²).
const c = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const e = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];
const E = Math.abs(e.reduce((sum, ej, j) => sum + ej * c[j]! ** 4, 0));
const quartic = (t: number, x: Float64Array) => x.map((_, i) => (i === 0 ? t ** 4 : 0));

/** The times onAccept sees. */
function acceptedTimes(
  x0: number[],
  ta: number,
  tb: number,
  f: (t: number, x: Float64Array) => Float64Array,
  rtol: number,
  atol: number,
): { times: number[]; accepted: number; rejected: number; x: Float64Array } {
  const times: number[] = [];
  const r = dopri5(Float64Array.from(x0), ta, tb, f, rtol, atol, (t) => {
    times.push(t);
    return false;
  });
  return { times, ...r };
}

describe('dopri5: the error norm, the thresholds and the last step', () => {
  it('err is the RMS over components: [t⁴, 0] at E·h₀⁵/atol = 1.2 gives err = 1.2/√2 ≤ 1 (accepted), then h·0.9·err^(−1/5)', () => {
    const atol = (E * 0.01 ** 5) / 1.2;
    const r = acceptedTimes([0, 0], 0, 1, quartic, 0, atol);
    const err = 1.2 / Math.SQRT2;
    expect(r.rejected).toBe(0);
    expect(r.times[0]).toBe(0.01);
    expect(r.times[1]!).toBeAllClose(0.01 + 0.01 * 0.9 * err ** -0.2, TOLERANCES.float64);
  });

  it('a first step of exactly 1e-12 with err = 1.5 is rejected (only h < 1e-12 is accepted regardless)', () => {
    // h₀ = (1e-10 − 0)/100 = 1e-12 exactly
    expect(1e-10 / 100).toBe(1e-12);
    const r = acceptedTimes([0], 0, 1e-10, quartic, 0, (E * 1e-60) / 1.5);
    expect(r.rejected).toBe(1);
    expect(r.times[0]!).toBeAllClose(1e-12 * 0.9 * 1.5 ** -0.2, TOLERANCES.float64);
  });

  it('a step below 1e-12 is accepted although its err > 1: at E·(1e-13)⁵/atol = 2, h = 1e-12 (err 2e5) → 2e-13 (err 64) is taken', () => {
    const r = acceptedTimes([0], 0, 1e-10, quartic, 0, (E * 1e-65) / 2);
    // err(1e-12) = 2e5 > 1 and h is not below 1e-12: rejected, h·max(0.2, 0.9·(2e5)^(−1/5)) = 0.2·h
    expect(r.rejected).toBe(1);
    expect(r.times[0]!).toBeAllClose(0.2e-12, TOLERANCES.float64);
  });

  it('a NaN derivative with a first step of exactly 1e-12: rejected once (not below 1e-12), then returned', () => {
    const r = dopri5(Float64Array.from([1]), 0, 1e-10, () => Float64Array.from([NaN]), 1e-6, 1e-6);
    expect([r.accepted, r.rejected]).toEqual([0, 1]);
  });

  it('an error estimate that overflows to +∞ (not NaN) is a step too large as NaN is: 15 rejections, then returned', () => {
    // (E·1e200·h⁵/1e-300)² overflows at every h ≥ 1e-13, while x5 stays finite
    const r = dopri5(Float64Array.from([0]), 0, 1, (t) => Float64Array.from([1e200 * t ** 4]), 0, 1e-300);
    expect([r.accepted, r.rejected]).toEqual([0, 15]);
    expect(Number.isFinite(r.x[0])).toBe(true);
  });

  it('the scale is atol + rtol·max(|x|, |x5|): rtol = atol = 1e-3 on dx/dt = −x accepts h₀ = 0.01 (err ~ 1e-10/2e-3)', () => {
    const r = acceptedTimes([1], 0, 1, (_t, x) => x.map((v) => -v), 1e-3, 1e-3);
    expect(r.rejected).toBe(0);
    expect(r.times[0]).toBe(0.01);
  });

  it('from 0.1 to 0.9: h₀ = 0.8/100, and the last step lands on 0.9 although 0.348 + (0.9 − 0.348) rounds above it', () => {
    const r = acceptedTimes([2], 0.1, 0.9, (_t, x) => new Float64Array(x.length), 1e-6, 1e-6);
    expect(0.34800000000000003 + (0.9 - 0.34800000000000003)).toBe(0.9000000000000001);
    expect(r.times).toEqual([0.10800000000000001, 0.14800000000000002, 0.34800000000000003, 0.9]);
  });

  it('a derivative that returns its argument (dx/dt = x as `(t, x) => x`): each stage gets its own copy', () => {
    const r = dopri5(Float64Array.from([1, -2]), 0, 1, (_t, x) => x, 1e-9, 1e-12);
    expect(Array.from(r.x)).toBeAllClose([Math.E, -2 * Math.E], { rtol: 1e-8, atol: 0 }); // 10× the rtol asked
  });
});
