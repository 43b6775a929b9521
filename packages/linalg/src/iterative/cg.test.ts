import { symmetricMatvec } from '../blas/symmetricMatvec';
import { matmul } from '../blas/matmul';
import { cholesky } from '../lapack/cholesky';
import { choleskySolve } from '../lapack/choleskySolve';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from '../lapack/internal/testing';
import { cg } from './cg';

describe('cg: preconditioned conjugate gradients for SPD A·x = b', () => {
  const n = 150;
  // κ = 1e3: CG needs ~√κ·ln(2/tol)/2 ≈ 16·12 ≈ 200 steps at worst; the forward error ≤ κ·‖r‖/‖b‖.
  const { a } = withSpectrum(new Rng('cg'), geometricSpectrum(n, 1e-3, 1));
  const matvec = symmetricMatvec({ a });
  const b = gaussian(new Rng('cg-b'), n, 1).data;
  const xChol = choleskySolve({ l: cholesky({ a }).l, b });

  it('matches a Cholesky solve', () => {
    const r = cg({ n, matvec, b, tol: 1e-12, maxIter: 1000 });
    expect(r.converged).toBe(true);
    expect(r.residualNorm).toBeLessThanOrEqual(1e-12 * Math.hypot(...b));
    // Forward error ≤ κ·tol = 1e-9 relative; both solutions are that close.
    expect(r.x).toBeAllClose(xChol, { rtol: 1e-8 });
    expect(r.iterations).toBeLessThan(400);
  });

  it('a Jacobi-type preconditioner that is exact (M = A via Cholesky) converges in one step', () => {
    const { l } = cholesky({ a });
    const r = cg({ n, matvec, b, tol: 1e-10, preconditioner: (v, out) => out.set(choleskySolve({ l, b: v })) });
    expect(r.iterations).toBe(1);
    expect(r.x).toBeAllClose(xChol);
  });

  it('honours x0 (already the solution: zero iterations) and does not modify it', () => {
    const x0 = xChol.slice();
    const r = cg({ n, matvec, b, tol: 1e-8, x0 });
    expect(r.iterations).toBe(0);
    expect(x0).toEqual(xChol);
    expect(r.converged).toBe(true);
  });

  it('reports non-convergence at maxIter with the true residual', () => {
    const r = cg({ n, matvec, b, tol: 1e-14, maxIter: 5 });
    expect(r.iterations).toBe(5);
    expect(r.converged).toBe(false);
    const ax = matmul({ a, b: { rows: n, cols: 1, data: r.x } }).data;
    let s = 0;
    for (let i = 0; i < n; i++) s += (b[i]! - ax[i]!) ** 2;
    expect(r.residualNorm).toBeCloseTo(Math.sqrt(s), 12);
  });

  it('b = 0 gives x = 0; n = 0 works; NaN stops with converged = false', () => {
    expect(Array.from(cg({ n: 3, matvec: (v, o) => o.set(v), b: new Float64Array(3) }).x)).toEqual([0, 0, 0]);
    expect(cg({ n: 0, matvec: () => undefined, b: new Float64Array(0) }).converged).toBe(true);
    const r = cg({ n: 3, matvec: (_v, o) => o.fill(NaN), b: new Float64Array([1, 2, 3]) });
    expect(r.converged).toBe(false);
  });

  it('validates its options', () => {
    const mv = (v: Float64Array, o: Float64Array) => o.set(v);
    expect(() => cg({ n: 3, matvec: mv, b: new Float64Array(2) })).toThrow(
      'invalid argument: b: must be a Float64Array of length n = 3, got length 2',
    );
    expect(() => cg({ n: 3, matvec: mv, b: new Float64Array(3), x0: new Float64Array(4) })).toThrow(
      /x0: .* got length 4/,
    );
    expect(() => cg({ n: 3, matvec: mv, b: new Float64Array(3), tol: NaN })).toThrow(/tol: must be ≥ 0, got NaN/);
  });
});
