import type { Matrix } from '../matrix/matrix';
import { fromRows, matrix } from '../matrix/matrix';
import { matmul } from '../blas/matmul';
import { cholesky } from './cholesky';
import { choleskySolve } from './choleskySolve';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from './internal/testing';

describe('choleskySolve: A·X = B from A = L·Lᵀ', () => {
  // κ(A) = 1e3: the forward error is ≲ κ·n·u ≈ 1e3 · 100 · 1.1e-16 ≈ 1e-11 relative, within the default 1e-10.
  const rng = new Rng('solve');
  const n = 100;
  // Made in beforeAll, not at describe level: a throw here fails the tests (a mutant of cholesky is killed), where a
  // throw while collecting them fails the suite to load (Stryker counts that a runtime error, not a kill).
  let a: Matrix;
  let l: Matrix;
  beforeAll(() => {
    a = withSpectrum(rng, geometricSpectrum(n, 1e-3, 1)).a;
    l = cholesky({ a }).l;
  });

  it('recovers a known solution vector', () => {
    const x = gaussian(rng, n, 1);
    const b = matmul({ a, b: x }).data;
    const got = choleskySolve({ l, b });
    expect(got).toBeInstanceOf(Float64Array);
    expect(got).toBeAllClose(x.data);
    expect(b).toEqual(matmul({ a, b: x }).data); // b not modified
  });

  it('recovers a known solution matrix (several right-hand sides)', () => {
    const x = gaussian(rng, n, 7);
    const got = choleskySolve({ l, b: matmul({ a, b: x }) });
    expect([got.rows, got.cols]).toEqual([n, 7]);
    expect(got.data).toBeAllClose(x.data);
  });

  it('one right-hand side (unrolled sweeps) agrees with the several-column sweeps, for every remainder of n mod 4', () => {
    for (const k of [1, 2, 3, 4, 5, 6, 7, 9]) {
      const r = new Rng(`solve-${k}`);
      const { a: ak } = withSpectrum(r, geometricSpectrum(k, 1e-2, 1));
      const lk = cholesky({ a: ak }).l;
      const x = gaussian(r, k, 2);
      const bm = matmul({ a: ak, b: x });
      const both = choleskySolve({ l: lk, b: bm }).data;
      const col0 = Float64Array.from({ length: k }, (_, i) => bm.data[2 * i] as number);
      // same sweeps, sums in another order: agreement to rounding (κ = 1e2, n ≤ 9: ~1e-14)
      expect(choleskySolve({ l: lk, b: col0 })).toBeAllClose(
        Array.from({ length: k }, (_, i) => both[2 * i] as number),
        { rtol: 1e-12, atol: 1e-14 },
      );
      expect(choleskySolve({ l: lk, b: { rows: k, cols: 1, data: col0 } }).data).toBeAllClose(
        Array.from({ length: k }, (_, i) => x.data[2 * i] as number),
      );
    }
  });

  it('solves a 2 × 2 system exactly', () => {
    const { l: l2 } = cholesky({
      a: fromRows([
        [4, 2],
        [2, 3],
      ]),
    });
    expect(choleskySolve({ l: l2, b: new Float64Array([8, 7]) })).toBeAllClose([1.25, 1.5]);
  });

  it('handles n = 0 and validates shapes', () => {
    expect(choleskySolve({ l: matrix(0, 0), b: new Float64Array(0) }).length).toBe(0);
    expect(() => choleskySolve({ l, b: new Float64Array(3) })).toThrow(
      'invalid argument: b: must have 100 rows to match `l` (100 × 100), got length 3',
    );
    expect(() => choleskySolve({ l, b: matrix(4, 2) })).toThrow(/got 4 × 2/);
    expect(() => choleskySolve({ l: matrix(2, 3), b: new Float64Array(2) })).toThrow(/l: must be square, got 2 × 3/);
  });
});
