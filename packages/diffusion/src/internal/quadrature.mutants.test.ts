import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { integrate } from './quadrature';

/** f, and how many times the quadrature called it. */
function counted(f: (x: number) => number): { f: (x: number) => number; calls: () => number } {
  let n = 0;
  return {
    f: (x) => {
      n++;
      return f(x);
    },
    calls: () => n,
  };
}

// For f = c·x¹⁴ the 15-point Kronrod rule is exact (degree 22) and the 7-point Gauss rule misses by its error term
// c·L¹⁵(7!)⁴/(15·(14!)²) on an interval of length L, wherever it lies (f⁽¹⁴⁾ = c·14! is constant). So the estimate
// |K15 − G7| of every interval at bisection level k is c·L¹⁵·E/2^{15k}, E = (7!)⁴/(15·(14!)²), and the rule stops at
// the first level k where it is at most budget·scale = tol/2^k·max(1, |∫f|): it calls f 15·(2^{k+1} − 1) times.
const E = 5040 ** 4 / (15 * 87178291200 ** 2);
function expectedCalls(c: number, L: number, tol: number, whole: number): number {
  const scale = Math.max(1, Math.abs(whole));
  let k = 0;
  while ((c * L ** 15 * E) / 2 ** (15 * k) > (tol / 2 ** k) * scale) k++;
  return 15 * (2 ** (k + 1) - 1);
}

describe('adaptive Gauss–Kronrod (7, 15) quadrature', () => {
  it.each([
    // [c, a, b, tol]: no bisection, one level, two levels, and a large integral whose scale |∫f| > 1 loosens the
    // absolute tolerance (with scale 1 it would need one more level)
    [1, 0, 1, 1e-8],
    [1, 0, 1, 1e-12],
    [1, 0, 1, 1e-14],
    [2000, 0.5, 1.5, 1e-9],
    [-3, -1, 0.25, 1e-13],
  ])(
    'c·x¹⁴ with c = %p on [%p, %p], tol %p: the exact integral, with the bisections its error term predicts',
    (c, a, b, tol) => {
      const exact = (c * (b ** 15 - a ** 15)) / 15;
      const f = counted((x) => c * x ** 14);
      expect(integrate(f.f, a, b, tol)).toBeAllClose(exact, TOLERANCES.float64);
      expect(f.calls()).toBe(expectedCalls(Math.abs(c), b - a, tol, exact));
    },
  );

  it('the levels differ between the cases above (each pins a different stopping rule)', () => {
    expect([1e-8, 1e-12, 1e-14].map((tol) => expectedCalls(1, 1, tol, 1 / 15))).toEqual([15, 45, 105]);
    // the scale max(1, |∫f|) = 2000·(1.5¹⁵ − 0.5¹⁵)/15 ≈ 5.8e4 saves levels here
    const whole = (2000 * (1.5 ** 15 - 0.5 ** 15)) / 15;
    expect(expectedCalls(2000, 1, 1e-9, whole)).toBeLessThan(expectedCalls(2000, 1, 1e-9, 1));
  });

  it('smooth integrands against their closed forms, reversed limits change the sign', () => {
    expect(integrate(Math.exp, 0, 1)).toBeAllClose(Math.E - 1, TOLERANCES.float64);
    expect(integrate(Math.sin, 0, 3)).toBeAllClose(1 - Math.cos(3), TOLERANCES.float64);
    expect(integrate(Math.exp, 1, 0)).toBeAllClose(1 - Math.E, TOLERANCES.float64);
    // an odd integrand on a shifted interval: c = (a + b)/2 and h = (b − a)/2 both matter
    expect(integrate((x) => x ** 3, 1, 2)).toBeAllClose(15 / 4, TOLERANCES.float64);
    // the error estimate |K15 − G7| is not |K15 + G7|: a smooth integrand needs no bisection (15 calls)
    const g = counted(Math.cos);
    expect(integrate(g.f, 0, 1)).toBeAllClose(Math.sin(1), TOLERANCES.float64);
    expect(g.calls()).toBe(15);
  });

  it('a kink needs bisections up to the tolerance, and maxDepth bounds them with a message', () => {
    const kink = (x: number) => Math.abs(x - 1 / 3);
    const exact = (1 / 3) ** 2 / 2 + (2 / 3) ** 2 / 2;
    expect(integrate(kink, 0, 1, 1e-10)).toBeAllClose(exact, { rtol: 1e-10, atol: 0 }); // the tolerance asked for
    // no bisection allowed: the first estimate (the kink inside) is refused
    expect(() => integrate(kink, 0, 1, 1e-10, 0)).toThrow(
      /^quadrature did not reach tolerance 1e-10 on \[0, 1\] \(error estimate \d/,
    );
    // three bisections are not enough for 1e-10: the message names the interval that failed at depth 3
    expect(() => integrate(kink, 0, 1, 1e-10, 3)).toThrow(
      /^quadrature did not reach tolerance 1e-10 on \[0\.25, 0\.375\]/,
    );
    // c·x¹⁴ on [0, 1] at 1e-12 needs exactly one bisection: maxDepth 1 is enough, 0 is not
    expect(integrate((x) => x ** 14, 0, 1, 1e-12, 1)).toBeAllClose(1 / 15, TOLERANCES.float64);
    expect(() => integrate((x) => x ** 14, 0, 1, 1e-12, 0)).toThrow(/did not reach tolerance/);
  });

  it('an empty interval is 0 without evaluating f; a zero integrand stops at once even with tol 0', () => {
    const f = counted((x) => 1 / x);
    expect(integrate(f.f, 0, 0)).toBe(0);
    expect(f.calls()).toBe(0);
    // |K15 − G7| = 0 ≤ 0·scale: the first estimate is accepted
    const z = counted(() => 0);
    expect(integrate(z.f, -1, 2, 0)).toBe(0);
    expect(z.calls()).toBe(15);
    // tol 0: only the relative floor |K15 − G7| ≤ 1e-15·|value| can stop it; a constant has error at rounding level
    // x¹⁴ on [1, 1.1]: |K15 − G7| is rounding (~4e-17, not 0), below 1e-15·|value| ≈ 2e-16: accepted at once
    const near = counted((x) => x ** 14);
    expect(integrate(near.f, 1, 1.1, 0)).toBeAllClose((1.1 ** 15 - 1) / 15, TOLERANCES.float64);
    expect(near.calls()).toBe(15);
    const one = counted(() => 1);
    expect(integrate(one.f, 0, 1, 0)).toBeAllClose(1, TOLERANCES.float64);
    expect(one.calls()).toBe(15);
  });
});
