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
