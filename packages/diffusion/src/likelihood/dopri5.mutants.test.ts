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
    expect(() =>
      // err ≈ (h·Δk/(1e-40·|x|))², finite and > 1 at every h: no step is ever accepted on its error
      dopri5(Float64Array.from([1]), 0, 1, (t) => Float64Array.from([1 + Math.sin(1e6 * t)]), 1e-40, 0),
    ).toThrow(/^rk45: step limit 100000 reached at t = \d/);
  });
});
