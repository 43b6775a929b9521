import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { integrate } from '../internal/quadrature';
import { makeSchedule, ScheduleError } from './schedule';

describe('Eq. 3 schedules: g(t), ∫₀ᵗ g, α_t, σ_t²', () => {
  it('linear: closed-form ∫g matches quadrature, α_T and σ_t² = 1 − α_t²', () => {
    const s = makeSchedule({ spec: 'linear' });
    for (const t of [0, 1e-3, 0.3, 1]) {
      expect(s.integral(t)).toBeAllClose(
        integrate((u) => s.g(u), 0, t),
        TOLERANCES.float64,
      );
      expect(s.sigma2(t)).toBeAllClose(1 - s.alpha(t) ** 2, TOLERANCES.float64);
    }
    // ∫₀¹ (0.1 + 19.9 t) dt = 0.1 + 9.95
    expect(s.integral(1)).toBeAllClose(10.05, TOLERANCES.float64);
  });

  it('an expression that is a polynomial is integrated symbolically and equals the linear schedule', () => {
    const e = makeSchedule({ spec: '0.1 + 19.9*t' });
    const l = makeSchedule({ spec: 'linear' });
    expect(e.integration).toBe('symbolic (polynomial)');
    for (const t of [0.01, 0.5, 1]) expect(e.integral(t)).toBeAllClose(l.integral(t), TOLERANCES.float64);
    const cubic = makeSchedule({ spec: '1 + 3*t^2 + t^3' });
    expect(cubic.integral(0.7)).toBeAllClose(0.7 + 0.7 ** 3 + 0.7 ** 4 / 4, TOLERANCES.float64);
  });

  it('a non-polynomial expression falls back to adaptive quadrature accurate to 1e-12', () => {
    const s = makeSchedule({ spec: '2 + sin(10*t) + exp(t)' });
    expect(s.integration).toBe('adaptive quadrature');
    const exact = (t: number) => 2 * t + (1 - Math.cos(10 * t)) / 10 + Math.expm1(t);
    for (const t of [0.001, 0.37, 1]) expect(s.integral(t)).toBeAllClose(exact(t), { rtol: 0, atol: 1e-12 });
  });

  it('cosine: continuous at the cap, α decreasing, ∫g matches quadrature of g', () => {
    const s = makeSchedule({ spec: 'cosine' });
    for (const t of [0.2, 0.85, 0.95, 1])
      expect(s.integral(t)).toBeAllClose(
        integrate((u) => s.g(u), 0, t, 1e-12),
        { rtol: 1e-9, atol: 1e-12 },
      ); // g has a kink at the cap: quadrature converges more slowly there
    expect(s.alpha(0)).toBe(1);
    expect(s.alpha(1)).toBeLessThan(0.1);
  });

  it.each([
    ['t +', /cannot parse/],
    ['t - 0.5', /positive on \[0, T = 1\]/],
    ['0.1 + 20*x', /only variable allowed is t/],
    ['1/(t - 0.5)', /finite and positive/],
  ])('refuses the expression %j', (expr, msg) => {
    expect(() => makeSchedule({ spec: expr })).toThrow(ScheduleError);
    expect(() => makeSchedule({ spec: expr })).toThrow(msg);
  });
});

describe('issue #20 regressions: schedule expressions are a restricted grammar that cannot hang', () => {
  it('bug 2: (1+t)^k for k up to 64 is integrated exactly in milliseconds (mathjs rationalize took 46 s at k = 5)', () => {
    for (const k of [5, 8, 20, 64]) {
      const t0 = Date.now();
      const s = makeSchedule({ spec: `(1+t)^${k}` });
      expect(s.integration).toBe('symbolic (polynomial)');
      // ∫₀ᵗ (1+s)^k ds = ((1+t)^{k+1} − 1)/(k+1), independent of the coefficient expansion
      for (const t of [0.3, 1])
        expect(s.integral(t)).toBeAllClose((Math.pow(1 + t, k + 1) - 1) / (k + 1), TOLERANCES.float64);
      expect(Date.now() - t0).toBeLessThan(5000); // generous (loaded machine): the work is a few thousand flops, against 46 s before
    }
  });

  it('bug 2: a degree past 64 falls back to bounded quadrature, matching the closed form', () => {
    const s = makeSchedule({ spec: '(1+t)^100' });
    expect(s.integration).toBe('adaptive quadrature');
    const exact = (Math.pow(2, 101) - 1) / 101;
    expect(s.integral(1)).toBeAllClose(exact, { rtol: 1e-11, atol: 0 }); // quadrature tolerance 1e-12 relative, plus rounding of 2^101
  });

  it('a g the quadrature cannot resolve within its budget is refused at once, not at sampling time', () => {
    const t0 = Date.now();
    expect(() => makeSchedule({ spec: '2 + sin(1e9*t)' })).toThrow(/within 4000 quadrature subintervals/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it.each([
    ['1 + 0*sum(zeros(30000,30000))', /function "sum"/],
    ['evaluate("1+1")', /function "evaluate"/],
    ['createUnit("foo")', /function "createUnit"/],
    ['import({})', /function "import"/],
    ['1 + [1,2][1]', /array|index|accessor/],
    ['f(x) = x', /assignment/],
    ['"1"', /constant/],
    ['1 + 2 cm', /only variable allowed is t/],
    ['exp(1, 2)', /takes one argument/],
    [`1${'+t'.repeat(300)}`, /more than 500/],
  ])('bug 3: refuses %j with one line, without running it', (expr, msg) => {
    let err: unknown;
    try {
      makeSchedule({ spec: expr });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScheduleError);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).not.toContain('\n');
  });

  it('bug 3: nothing leaks into the shared mathjs instance', async () => {
    const mathjs = await import('mathjs');
    expect(() => makeSchedule({ spec: 'createUnit("zork")' })).toThrow(ScheduleError);
    expect(() => mathjs.unit('1 zork')).toThrow();
  });

  it('the whitelisted functions and constants evaluate as Math does', () => {
    const s = makeSchedule({ spec: '1 + exp(t) + log1p(t) + sqrt(1 + t) + tanh(t) + pi*e*t' });
    const t = 0.37;
    expect(s.g(t)).toBeAllClose(
      1 + Math.exp(t) + Math.log1p(t) + Math.sqrt(1 + t) + Math.tanh(t) + Math.PI * Math.E * t,
      TOLERANCES.float64,
    );
  });
});
