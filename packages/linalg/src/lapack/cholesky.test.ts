import { fromRows, matrix } from '../matrix/matrix';
import { matmul } from '../blas/matmul';
import { gramian } from '../blas/gramian';
import { cholesky, NotPositiveDefiniteError } from './cholesky';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from './internal/testing';

/** An SPD matrix G·Gᵀ + n·I (well conditioned). */
function spd(seed: string, n: number) {
  const a = gramian({ a: gaussian(new Rng(seed), n, n) });
  for (let i = 0; i < n; i++) a.data[i * n + i] = (a.data[i * n + i] as number) + n;
  return a;
}

function expectLowerWithPositiveDiagonal(l: { rows: number; data: Float64Array }): void {
  const n = l.rows;
  for (let i = 0; i < n; i++) {
    expect(l.data[i * n + i]).toBeGreaterThan(0);
    for (let j = i + 1; j < n; j++) expect(l.data[i * n + j]).toBe(0);
  }
}

describe('cholesky: A + jitter·I = L·Lᵀ', () => {
  it('factors a 2 × 2 matrix with a known factor', () => {
    const { l, jitter } = cholesky({
      a: fromRows([
        [4, 2],
        [2, 3],
      ]),
    });
    expect(jitter).toBe(0);
    expect(l.data).toBeAllClose([2, 0, 1, Math.SQRT2]);
  });

  it('L·Lᵀ = A across several blocks (n = 150, block width 64), L lower with positive diagonal', () => {
    const a = spd('chol-150', 150);
    const { l } = cholesky({ a });
    expectLowerWithPositiveDiagonal(l);
    expect(matmul({ a: l, b: l, transB: true }).data).toBeAllClose(a.data);
  });

  it('L·Lᵀ = A for an ill-conditioned matrix (κ = 1e8) with a known spectrum', () => {
    const { a } = withSpectrum(new Rng('chol-ill'), geometricSpectrum(70, 1e-8, 1));
    const { l } = cholesky({ a });
    // Backward stable: ‖L·Lᵀ − A‖ ≲ n·u·‖A‖ whatever κ is, so the default tolerance holds.
    expect(matmul({ a: l, b: l, transB: true }).data).toBeAllClose(a.data);
  });

  it('reads only the lower triangle', () => {
    const a = spd('chol-lower', 20);
    const b = matrix(20, 20, a.data.slice());
    for (let i = 0; i < 20; i++) for (let j = i + 1; j < 20; j++) b.data[i * 20 + j] = 1e6;
    expect(cholesky({ a: b }).l.data).toEqual(cholesky({ a }).l.data);
  });

  it('throws NotPositiveDefiniteError naming the pivot index and value', () => {
    expect(() =>
      cholesky({
        a: fromRows([
          [1, 0, 0],
          [0, 2, 0],
          [0, 0, -3],
        ]),
      }),
    ).toThrow(/pivot 2 is -3/);
    // A = L₀·L₀ᵀ with L₀ = I + small strictly lower part (well conditioned, so the computed L is
    // close to L₀), then A[100][100] −= 1.5: pivot 100 (in the second block) is 1 − 1.5.
    const n = 130;
    const rng = new Rng('chol-npd');
    const l0 = gaussian(rng, n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) l0.data[i * n + j] = (0.3 / Math.sqrt(n)) * (l0.data[i * n + j] as number);
      for (let j = i + 1; j < n; j++) l0.data[i * n + j] = 0;
      l0.data[i * n + i] = 1;
    }
    const a = matmul({ a: l0, b: l0, transB: true });
    a.data[100 * n + 100] = (a.data[100 * n + 100] as number) - 1.5;
    let err: unknown;
    try {
      cholesky({ a });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotPositiveDefiniteError);
    const e = err as NotPositiveDefiniteError;
    expect(e.pivot).toBe(100);
    // The pivot is 1 − 1.5 up to the rounding of a sum of ~100 products of size ≤ 1: 1e-12 is ~100·u with headroom.
    expect(Math.abs(e.value + 0.5)).toBeLessThan(1e-12);
    expect(e.message).toMatch(/pivot 100 is -0\.(4999|5)/);
  });

  it('jitter makes a singular PSD matrix factorable, and is reported', () => {
    const g = gaussian(new Rng('chol-jitter'), 30, 10);
    const a = gramian({ a: g }); // rank 10 < 30
    expect(() => cholesky({ a })).toThrow(NotPositiveDefiniteError);
    const { l, jitter } = cholesky({ a, jitter: 1e-6 });
    expect(jitter).toBe(1e-6);
    const shifted = a.data.slice();
    for (let i = 0; i < 30; i++) shifted[i * 30 + i] = (shifted[i * 30 + i] as number) + 1e-6;
    expect(matmul({ a: l, b: l, transB: true }).data).toBeAllClose(shifted);
  });

  it('NaN in the lower triangle throws at a NaN pivot', () => {
    const a = spd('chol-nan', 10);
    a.data[7 * 10 + 3] = NaN;
    expect(() => cholesky({ a })).toThrow(/pivot 7 is NaN.*contains NaN/);
  });

  it('0 × 0 and 1 × 1', () => {
    expect(cholesky({ a: matrix(0, 0) }).l.rows).toBe(0);
    expect(Array.from(cholesky({ a: fromRows([[9]]) }).l.data)).toEqual([3]);
    expect(() => cholesky({ a: fromRows([[0]]) })).toThrow(/pivot 0 is 0/);
  });

  it('validates its arguments', () => {
    expect(() => cholesky({ a: matrix(3, 4) })).toThrow('invalid argument: a: must be square, got 3 × 4');
    expect(() => cholesky({ a: matrix(2, 2), jitter: -1 })).toThrow(/jitter: must be a finite number ≥ 0, got -1/);
    expect(() => cholesky({ a: matrix(2, 2), jitter: NaN })).toThrow(/got NaN/);
  });
});
