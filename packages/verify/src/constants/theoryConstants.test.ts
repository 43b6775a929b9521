import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { parameterB, theoryConstants } from './theoryConstants';
import { formatLog10 } from '../internal/bigNumber';

describe('Definition 4.1 and Theorem 4.2: theory constants', () => {
  it('B = max{Cσ√log(nd/δ), 1}', () => {
    expect(parameterB({ n: 10, d: 2, delta: 0.05, sigma: 1, C: 11 })).toBeAllClose(
      11 * Math.sqrt(Math.log(400)),
      TOLERANCES.float64,
    );
    expect(parameterB({ n: 10, d: 2, delta: 0.05, sigma: 0.01, C: 11 })).toBe(1);
  });

  it('agrees with the formulas evaluated directly in float64 where they fit (B = 1)', () => {
    const n = 8,
      d = 2,
      lambda = 0.3,
      delta = 0.05,
      epsilon = 0.01;
    const c = theoryConstants({ n, d, lambda, delta, epsilon, sigma: 0.01 });
    expect(c.B).toBe(1);
    const nd = n * d;
    const m = lambda ** -2 * nd ** 2 * Math.exp(18) * Math.log(nd / delta) ** 2;
    const eta = (0.1 * lambda) / (m * nd ** 2 * Math.exp(16));
    const T = Math.log(nd / epsilon) / (m * eta * lambda);
    const R = lambda / (2 * nd * Math.exp(10));
    const D = (4 / (m * lambda)) * Math.exp(3) * Math.sqrt(nd) * Math.sqrt(nd);
    // log-space evaluation loses a few ulps of the exponent (|ln x| ≤ 60 here): 1e-12 relative.
    const tol = { rtol: 1e-12, atol: 0 };
    expect(c.m.value).toBeAllClose(m, tol);
    expect(c.eta.value).toBeAllClose(eta, tol);
    expect(c.T.value).toBeAllClose(T, tol);
    expect(c.T.value).toBeAllClose(10 * lambda ** -2 * nd ** 2 * Math.exp(16) * Math.log(nd / epsilon), tol);
    expect(c.R.value).toBeAllClose(R, tol);
    expect(c.D.value).toBeAllClose(D, tol);
    expect(c.dLessThanR).toBe(D < R);
    expect(c.kernelPerturbation.value).toBeAllClose(lambda / 2, tol);
    expect(c.theorem65.m.value).toBeAllClose(m * nd, tol);
  });

  it('never overflows: B ≥ 10 gives finite log10 values and no Infinity in the text', () => {
    const c = theoryConstants({ n: 64, d: 8, lambda: 0.05, sigma: 4 });
    expect(c.B).toBeGreaterThan(10);
    for (const v of [c.m, c.eta, c.T, c.R, c.D, c.theorem65.m, c.corollary43.T]) {
      expect(Number.isFinite(v.log10)).toBe(true);
      expect(v.value).toBeNull();
      expect(v.text).toMatch(/^\d\.\d{3}·10\^-?\d+$/);
    }
    expect(JSON.stringify(c)).not.toMatch(/Infinity|NaN/);
    expect(c.m.log10).toBeGreaterThan(300);
  });

  it('names unmet conditions and rejects impossible inputs', () => {
    expect(theoryConstants({ n: 4, d: 1, lambda: 2, delta: 0.5, C: 5 }).warnings).toHaveLength(3);
    expect(() => theoryConstants({ n: 4, d: 1, lambda: 0 })).toThrow(
      exactMessage('invalid argument: lambda: expected a finite number > 0, got 0'),
    );
    expect(() => theoryConstants({ n: 4.5, d: 1, lambda: 1 })).toThrow(
      exactMessage('invalid argument: n: expected a positive integer, got 4.5'),
    );
  });

  it('formats mantissa·10^exponent with a carried mantissa', () => {
    expect(formatLog10(Math.log10(9.99996e40))).toBe('1.000·10^41');
    expect(formatLog10(-400.5)).toBe('3.162·10^-401');
    expect(formatLog10(2)).toBe('100');
  });
});
