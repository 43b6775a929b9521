import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeSchedule, ScheduleError, type Schedule } from './schedule';

// Exact, fast checks of makeSchedule that schedule.test.ts (identities, quadrature) and schedule.property.test.ts
// (a seeded fuzz of the grammar, ~25 s per mutant) leave loose: every built-in schedule's β(t), ∫₀ᵗ β, α_t, σ_t²
// written out from its formula with T ≠ 1 (so t/T shows), the defaults, the stored spec, the descriptions, and every
// refusal with its whole message. The mutation run of diffusion-sde selects this file and leaves the property test
// out (tooling/scripts/mutation.mjs); CI runs both.

/** α_t and σ_t² from ∫₀ᵗ g written out: α = exp(−½I), σ² = 1 − e^{−I}. */
function marginals(I: number): { alpha: number; sigma2: number } {
  return { alpha: Math.exp(-I / 2), sigma2: 1 - Math.exp(-I) };
}

function expectSchedule(s: Schedule, g: (t: number) => number, I: (t: number) => number, ts: number[]): void {
  const got = ts.flatMap((t) => [s.g(t), s.integral(t), s.alpha(t), s.sigma2(t)]);
  const want = ts.flatMap((t) => {
    const m = marginals(I(t));
    return [g(t), I(t), m.alpha, m.sigma2];
  });
  expect(got).toBeAllClose(want, TOLERANCES.float64);
}

/** The message of what `fn` throws, after checking that it is a one-line ScheduleError. */
function refusal(fn: () => unknown): string {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ScheduleError);
  expect((err as ScheduleError).field).toBe('schedule');
  expect((err as Error).name).toBe('ScheduleError');
  return (err as Error).message;
}

describe('Eq. 3 schedules written out: linear, constant, cosine with T = 2', () => {
  const ts = [0, 0.05, 0.7, 1.3, 2];

  it('linear defaults: β(t) = 0.1 + (t/T)(20 − 0.1), ∫₀ᵗ β = 0.1t + 19.9t²/(2T)', () => {
    const s = makeSchedule({ spec: 'linear', T: 2 });
    // kills: the default β_min/β_max, slope (β_max − β_min)/T, ½·slope·t², α = exp(−½I), σ² = −expm1(−I)
    expectSchedule(
      s,
      (t) => 0.1 + (t / 2) * 19.9,
      (t) => 0.1 * t + (19.9 * t * t) / 4,
      ts,
    );
    expect(s.spec).toEqual({ kind: 'linear', betaMin: 0.1, betaMax: 20 });
    expect(s.T).toBe(2);
    expect(s.integration).toBe('closed form');
    expect(s.description).toBe('linear β(t) = 0.1 + (t/2)·(20 − 0.1)');
  });

  it('linear with given β_min, β_max; a β_max of 0 is allowed (g decreasing to 0 at T)', () => {
    const s = makeSchedule({ spec: { kind: 'linear', betaMin: 3, betaMax: 0 }, T: 2 });
    expectSchedule(
      s,
      (t) => 3 - 1.5 * t,
      (t) => 3 * t - 0.75 * t * t,
      ts,
    );
    expect(s.spec).toEqual({ kind: 'linear', betaMin: 3, betaMax: 0 });
  });

  it('constant: g = β (default 10), ∫₀ᵗ g = βt', () => {
    const d = makeSchedule({ spec: ' constant ', T: 2 });
    expectSchedule(
      d,
      () => 10,
      (t) => 10 * t,
      ts,
    );
    expect(d.spec).toEqual({ kind: 'constant', beta: 10 });
    expect(d.integration).toBe('closed form');
    expect(d.description).toBe('constant g = 10');
    const s = makeSchedule({ spec: { kind: 'constant', beta: 0.25 } });
    expectSchedule(
      s,
      () => 0.25,
      (t) => 0.25 * t,
      [0, 0.5, 1],
    );
    expect(s.T).toBe(1); // the default horizon
  });

  it('cosine (Nichol & Dhariwal): α_t² = cos²θ(t)/cos²θ(0), θ(t) = π/2·(t/T + s)/(1 + s), capped at gMax', () => {
    const T = 2;
    const sOff = 0.008;
    const theta = (t: number) => ((Math.PI / 2) * (t / T + sOff)) / (1 + sOff);
    // Uncapped: g = −d/dt log ᾱ = 2θ'·tan θ with θ' = π/(2T(1 + s)); the cap starts where that reaches gMax = 20.
    const dTheta = Math.PI / (2 * T * (1 + sOff));
    const tStar = ((Math.atan(20 / (2 * dTheta)) * 2 * (1 + sOff)) / Math.PI - sOff) * T;
    expect(tStar).toBeGreaterThan(1.8); // the cap is near T only (and within [0, T])
    expect(tStar).toBeLessThan(2);
    const Iraw = (t: number) => -Math.log(Math.cos(theta(t)) ** 2 / Math.cos(theta(0)) ** 2);
    const s = makeSchedule({ spec: 'cosine', T });
    // kills: c = π/(2(1+s)), θ's t/T + s, the 2c/T factor, min(T, t*), the cap branch and its integral
    expectSchedule(
      s,
      (t) => (t <= tStar ? 2 * dTheta * Math.tan(theta(t)) : 20),
      (t) => (t <= tStar ? Iraw(t) : Iraw(tStar) + 20 * (t - tStar)),
      [0, 0.05, 0.7, 1.3, 1.8, 1.95, 2],
    );
    expect(s.g(1.95)).toBe(20);
    expect(s.spec).toEqual({ kind: 'cosine', s: 0.008, gMax: 20 });
    expect(s.integration).toBe('closed form');
    expect(s.description).toBe('cosine (s = 0.008), g capped at 20');
  });

  it('cosine with given s and gMax: the cap where 2θ′ tan θ = gMax', () => {
    const T = 1;
    const sOff = 0.1;
    const gMax = 5;
    const dTheta = Math.PI / (2 * T * (1 + sOff));
    const theta = (t: number) => dTheta * (t + sOff * T);
    const tStar = Math.atan(gMax / (2 * dTheta)) / dTheta - sOff * T;
    const Iraw = (t: number) => 2 * Math.log(Math.cos(theta(0)) / Math.cos(theta(t)));
    const s = makeSchedule({ spec: { kind: 'cosine', s: sOff, gMax } });
    expectSchedule(
      s,
      (t) => (t <= tStar ? 2 * dTheta * Math.tan(theta(t)) : gMax),
      (t) => (t <= tStar ? Iraw(t) : Iraw(tStar) + gMax * (t - tStar)),
      [0, 0.3, tStar - 0.01, tStar + 0.01, 1],
    );
    expect(s.description).toBe('cosine (s = 0.1), g capped at 5');
    // s = 0 is allowed (≥ 0): θ(0) = 0, g(0) = 0 < gMax
    expect(makeSchedule({ spec: { kind: 'cosine', s: 0 } }).g(0)).toBe(0);
  });

  it('a gMax exactly g(0) is refused (the cap would start at t = 0)', () => {
    const sOff = 0.5;
    const c = Math.PI / (2 * (1 + sOff));
    const g0 = ((2 * c) / 1) * Math.tan(c * (0 / 1 + sOff)); // the same float64 operations as makeSchedule
    expect(refusal(() => makeSchedule({ spec: { kind: 'cosine', s: sOff, gMax: g0 } }))).toBe(
      `invalid schedule: cosine gMax = ${g0} is below g(0) = ${g0}`,
    );
    expect(makeSchedule({ spec: { kind: 'cosine', s: sOff, gMax: g0 * (1 + 1e-12) } }).g(0)).toBe(g0);
  });

  it('a gMax above every value of g on [0, T] caps nothing: g(T) is the uncapped (2c/T)·tan θ(T), t* = T', () => {
    // θ(T) = π/2 in float64 rounds below π/2, so tan θ(T) ≈ 1.6e16 is finite and g(T) ≈ 5.1e16 < gMax = 1e17
    const sOff = 0.008;
    const c = Math.PI / (2 * (1 + sOff));
    const gT = 2 * c * Math.tan(c * (1 + sOff)); // the same float64 operations as makeSchedule, T = 1
    expect(gT).toBeLessThan(1e17);
    const s = makeSchedule({ spec: { kind: 'cosine', s: sOff, gMax: 1e17 } });
    expect(s.g(1)).toBe(gT);
    expect(s.g(0.5)).toBe(2 * c * Math.tan(c * (0.5 + sOff)));
  });
});

describe('schedule expressions: the positivity check on [0, T] and the integral', () => {
  it('a polynomial: symbolic ∫ by Horner, spec, description', () => {
    const s = makeSchedule({ spec: { kind: 'expression', expression: '2 + 6*t^2' }, T: 3 });
    expectSchedule(
      s,
      (t) => 2 + 6 * t * t,
      (t) => 2 * t + 2 * t ** 3,
      [0, 0.5, 3],
    );
    expect(s.spec).toEqual({ kind: 'expression', expression: '2 + 6*t^2' });
    expect(s.T).toBe(3);
    expect(s.integration).toBe('symbolic (polynomial)');
    expect(s.description).toBe('g(t) = 2 + 6*t^2');
  });

  it('a non-polynomial: quadrature, with its spec and description', () => {
    const s = makeSchedule({ spec: 'exp(t)', T: 2 });
    expectSchedule(s, Math.exp, Math.expm1, [0, 0.5, 2]);
    expect(s.spec).toEqual({ kind: 'expression', expression: 'exp(t)' });
    expect(s.integration).toBe('adaptive quadrature');
    expect(s.description).toBe('g(t) = exp(t)');
  });

  it('positivity is checked at 2001 points of exactly [0, T], T included, nothing beyond', () => {
    // g(T) = 0: refused at the last point, t = T
    expect(refusal(() => makeSchedule({ spec: '1 - t' }))).toBe(
      'invalid schedule: "1 - t" must be finite and positive on [0, T = 1], got g(1) = 0',
    );
    expect(refusal(() => makeSchedule({ spec: '2 - t', T: 2 }))).toBe(
      'invalid schedule: "2 - t" must be finite and positive on [0, T = 2], got g(2) = 0',
    );
    // g(0) = 0: refused at the first point
    expect(refusal(() => makeSchedule({ spec: 't' }))).toBe(
      'invalid schedule: "t" must be finite and positive on [0, T = 1], got g(0) = 0',
    );
    // +∞ at a check point (t = 0.5 = 1000/2000), positive elsewhere
    expect(refusal(() => makeSchedule({ spec: '1/(t - 0.5)^2' }))).toBe(
      'invalid schedule: "1/(t - 0.5)^2" must be finite and positive on [0, T = 1], got g(0.5) = Infinity',
    );
    // positive on [0, T], negative just past T (at the 2002nd point an off-by-one would check): accepted
    expect(makeSchedule({ spec: '1.0001 - t' }).g(1)).toBeCloseTo(1e-4, 15);
  });

  it('a g the quadrature cannot integrate within 4000 subintervals: one line naming the budget', () => {
    expect(refusal(() => makeSchedule({ spec: '2 + sin(1e9*t)' }))).toBe(
      'invalid schedule: ∫₀^1 g does not reach accuracy 1e-12 within 4000 quadrature subintervals',
    );
  });

  it('a quadrature failure of another kind (bisection depth) is wrapped in a ScheduleError naming ∫₀^T g', () => {
    // a jump between check points: the bisection depth (40) runs out long before the evaluation budget
    const message = refusal(() => makeSchedule({ spec: 'abs(t - 0.30001234)/(t - 0.30001234) + 2' }));
    expect(message).toMatch(/^invalid schedule: ∫₀\^1 g: quadrature did not reach tolerance 1e-12 on \[/);
  });
});

describe('makeSchedule refusals: one line each, naming the field', () => {
  it.each([
    [{ spec: 'linear', T: 0 }, 'invalid schedule: `T` must be a finite number > 0, got 0'],
    [{ spec: 'linear', T: -1 }, 'invalid schedule: `T` must be a finite number > 0, got -1'],
    [{ spec: 'linear', T: Infinity }, 'invalid schedule: `T` must be a finite number > 0, got Infinity'],
    [{ spec: 'linear', T: '1' }, 'invalid schedule: `T` must be a finite number > 0, got "1"'],
    [{ spec: null }, 'invalid schedule: expected a schedule spec, got null'],
    [{ spec: 7 }, 'invalid schedule: expected a schedule spec, got 7'],
    [
      { spec: { kind: 'quadratic' } },
      'invalid schedule: `kind` must be linear, constant, cosine or expression, got "quadratic"',
    ],
    [{ spec: { kind: 'linear', betaMin: -1 } }, 'invalid schedule: `betaMin` must be a finite number ≥ 0, got -1'],
    [{ spec: { kind: 'linear', betaMin: NaN } }, 'invalid schedule: `betaMin` must be a finite number ≥ 0, got NaN'],
    [{ spec: { kind: 'linear', betaMax: '20' } }, 'invalid schedule: `betaMax` must be a finite number ≥ 0, got "20"'],
    [
      { spec: { kind: 'linear', betaMin: 0, betaMax: 0 } },
      'invalid schedule: linear β must be positive on [0, T], got β_min = β_max = 0',
    ],
    [
      { spec: { kind: 'linear', betaMin: 0, betaMax: 5 } },
      'invalid schedule: linear β_min must be > 0 (g(0) > 0), got 0',
    ],
    [{ spec: { kind: 'constant', beta: 0 } }, 'invalid schedule: constant β must be > 0, got 0'],
    [
      { spec: { kind: 'constant', beta: Infinity } },
      'invalid schedule: `beta` must be a finite number ≥ 0, got Infinity',
    ],
    [{ spec: { kind: 'cosine', s: -0.1 } }, 'invalid schedule: `s` must be a finite number ≥ 0, got -0.1'],
    [{ spec: { kind: 'cosine', gMax: 0 } }, 'invalid schedule: cosine gMax must be > 0, got 0'],
    [{ spec: { kind: 'cosine', gMax: -1 } }, 'invalid schedule: `gMax` must be a finite number ≥ 0, got -1'],
    [
      { spec: { kind: 'expression', expression: '  ' } },
      'invalid schedule: the expression must be a non-empty string, got "  "',
    ],
    [
      { spec: { kind: 'expression', expression: 3 } },
      'invalid schedule: the expression must be a non-empty string, got 3',
    ],
    [{ spec: '' }, 'invalid schedule: the expression must be a non-empty string, got ""'],
  ])('refuses %j', (options, message) => {
    expect(() => makeSchedule(options as never)).toThrow(exactMessage(message));
    expect(refusal(() => makeSchedule(options as never))).toBe(message);
  });

  it('a cosine gMax below g(0) names both', () => {
    const c = Math.PI / 2 / 1.5;
    expect(refusal(() => makeSchedule({ spec: { kind: 'cosine', s: 0.5, gMax: 1 } }))).toBe(
      `invalid schedule: cosine gMax = 1 is below g(0) = ${2 * c * Math.tan(c * 0.5)}`,
    );
  });

  it('a parser refusal is a ScheduleError with the parser’s line', () => {
    expect(refusal(() => makeSchedule({ spec: '0.1 + 20*x' }))).toMatch(
      /^invalid schedule: .*only variable allowed is t/,
    );
  });
});
