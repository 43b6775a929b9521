import { fromRows, matrix } from '../matrix/matrix';
import { eigh } from '../lapack/eigh';
import { gramian } from '../blas/gramian';
import { Rng, gaussian, withSpectrum } from '../lapack/internal/testing';
import { frobeniusNorm } from './frobeniusNorm';
import { maxAbsNorm } from './maxAbsNorm';
import { spectralNorm } from './spectralNorm';

describe('frobeniusNorm', () => {
  it('equals √(Σ a²) and √(Σ λ²) for a symmetric matrix', () => {
    expect(
      frobeniusNorm({
        a: fromRows([
          [3, 0],
          [0, 4],
        ]),
      }),
    ).toBe(5);
    const { a } = withSpectrum(new Rng('fro'), [1, -2, 3, 0.5]);
    expect(frobeniusNorm({ a })).toBeCloseTo(Math.sqrt(1 + 4 + 9 + 0.25), 13);
  });
  it('neither overflows nor underflows', () => {
    expect(frobeniusNorm({ a: fromRows([[3e300, 4e300]]) }) / 5e300).toBeCloseTo(1, 14);
    expect(frobeniusNorm({ a: fromRows([[3e-300, 4e-300]]) }) / 5e-300).toBeCloseTo(1, 14);
  });
  it('empty is 0; NaN gives NaN; Infinity gives Infinity', () => {
    expect(frobeniusNorm({ a: matrix(0, 3) })).toBe(0);
    expect(frobeniusNorm({ a: fromRows([[1, NaN]]) })).toBeNaN();
    expect(frobeniusNorm({ a: fromRows([[1, Infinity]]) })).toBe(Infinity);
  });
});

describe('maxAbsNorm', () => {
  it('is the largest |entry|', () => {
    expect(
      maxAbsNorm({
        a: fromRows([
          [1, -7],
          [3, 2],
        ]),
      }),
    ).toBe(7);
    expect(maxAbsNorm({ a: matrix(0, 0) })).toBe(0);
    expect(maxAbsNorm({ a: fromRows([[1, NaN, 5]]) })).toBeNaN();
    expect(maxAbsNorm({ a: fromRows([[NaN, 1]]) })).toBeNaN();
  });
});

describe('spectralNorm', () => {
  it('symmetric: max |λ| (here a negative eigenvalue dominates)', () => {
    const { a } = withSpectrum(new Rng('spec-sym'), [-5, -1, 0.5, 2, 4.9]);
    const r = spectralNorm({ a, symmetric: true });
    expect(r.converged).toBe(true);
    expect(r.norm).toBeCloseTo(5, 12);
  });

  it('rectangular (tall and wide): σ_max = √λ_max(AᵀA), checked against eigh', () => {
    for (const [rows, cols] of [
      [70, 30],
      [30, 70],
    ] as const) {
      const a = gaussian(new Rng(`spec-${rows}`), rows, cols);
      const lamMax = eigh({ a: gramian({ a, trans: true }), vectors: false }).values[cols - 1] as number;
      const r = spectralNorm({ a });
      expect(r.converged).toBe(true);
      // tol 1e-12 on λ gives σ to ~5e-13 relative plus r²/gap; compare at 1e-10 relative (the default).
      expect([r.norm]).toBeAllClose([Math.sqrt(lamMax)]);
      expect(r.errorEstimate).toBeLessThan(1e-10);
    }
  });

  it('empty matrix has norm 0; a non-square matrix cannot be symmetric', () => {
    expect(spectralNorm({ a: matrix(0, 4) }).norm).toBe(0);
    expect(() => spectralNorm({ a: matrix(2, 3), symmetric: true })).toThrow(
      'invalid argument: a: must be square when `symmetric` is true, got 2 × 3',
    );
    expect(spectralNorm({ a: fromRows([[-3]]), symmetric: true }).norm).toBe(3);
  });
});
