/**
 * Tests written from the mutation run (bench/results/mutation): ops64's `mulExpCol` in each of its two documented
 * forms, one row at a time (a tolerance scaled by the largest row would not see a row 70 orders of magnitude
 * smaller): a_ij·exp(c_i) bit for bit where exp(c_i) is a positive finite float64, and the log form
 * sign(a_ij)·exp(c_i + log|a_ij|) where exp(c_i) underflows to 0 or overflows to +∞.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import type { Matrix } from '@softmax-ntk/linalg';
import { ops64 } from './ops64';

const row = (data: number[]): Matrix => ({ rows: 1, cols: data.length, data: Float64Array.from(data) });
const mulExpCol = (a: number[], c: number) => Array.from(ops64.mulExpCol(row(a), row([c])).data);

describe('ops64.mulExpCol: a ⊙ exp(c·1ᵀ)', () => {
  it('a_ij·exp(c_i) exactly when the factor is representable', () => {
    const a = [-2, 0.3, 1e-300, 7, 0];
    for (const c of [0.5, -1, 700, -700]) expect(mulExpCol(a, c)).toEqual(a.map((v) => v * Math.exp(c)));
  });
  it('exp(c) underflowing to 0: the products stay finite and non-zero (log form)', () => {
    expect(Math.exp(-750)).toBe(0);
    // 1e300·e^−750 = e^(300·ln 10 − 750) ≈ 2.4e−26: compared as ratios (an absolute floor would accept 0)
    const expected = Math.exp(300 * Math.LN10 - 750);
    const got = mulExpCol([1e300, -3e300], -750);
    expect([(got[0] as number) / expected, (got[1] as number) / expected]).toBeAllClose([1, -3], TOLERANCES.float64);
  });
  it('exp(c) overflowing to +∞: finite products, and 0 for a = 0 (log form)', () => {
    expect(Math.exp(800)).toBe(Infinity);
    expect(mulExpCol([1e-300, -2e-300, 0], 800)).toBeAllClose(
      [Math.exp(800 - 300 * Math.LN10), -2 * Math.exp(800 - 300 * Math.LN10), 0],
      TOLERANCES.float64,
    );
  });
});
