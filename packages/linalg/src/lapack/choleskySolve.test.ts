import { fromRows, matrix } from '../matrix/matrix';
import { matmul } from '../blas/matmul';
import { cholesky } from './cholesky';
import { choleskySolve } from './choleskySolve';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from './internal/testing';

describe('choleskySolve: A·X = B from A = L·Lᵀ', () => {
  // κ(A) = 1e3: the forward error is ≲ κ·n·u ≈ 1e3 · 100 · 1.1e-16 ≈ 1e-11 relative, within the default 1e-10.
  const rng = new Rng('solve');
  const n = 100;
  const { a } = withSpectrum(rng, geometricSpectrum(n, 1e-3, 1));
  const { l } = cholesky({ a });

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

  it('solves a 2 × 2 system exactly', () => {
    const { l: l2 } = cholesky({ a: fromRows([[4, 2], [2, 3]]) });
    expect(choleskySolve({ l: l2, b: new Float64Array([8, 7]) })).toBeAllClose([1.25, 1.5]);
  });

  it('handles n = 0 and validates shapes', () => {
    expect(choleskySolve({ l: matrix(0, 0), b: new Float64Array(0) }).length).toBe(0);
    expect(() => choleskySolve({ l, b: new Float64Array(3) })).toThrow(
      'invalid argument: `b` must have 100 rows to match `l` (100 × 100), got length 3',
    );
    expect(() => choleskySolve({ l, b: matrix(4, 2) })).toThrow(/got 4 × 2/);
    expect(() => choleskySolve({ l: matrix(2, 3), b: new Float64Array(2) })).toThrow(/`l` must be square, got 2 × 3/);
  });
});
