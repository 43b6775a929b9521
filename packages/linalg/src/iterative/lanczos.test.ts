import type { Matrix } from '../matrix/matrix';
import { fromRows } from '../matrix/matrix';
import { symmetricMatvec } from '../blas/symmetricMatvec';
import { matmul } from '../blas/matmul';
import { eigh } from '../lapack/eigh';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from '../lapack/internal/testing';
import { lanczos } from './lanczos';

describe('lanczos: extreme eigenvalues of a matrix-free symmetric operator', () => {
  // A spectrum with κ = 1e4 whose ends are well separated (relative gap ~1e-2), n = 200.
  const n = 200;
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) lambda[i] = 1e-4 + (i === 0 ? 0 : 0.01 + (i / (n - 1)) * 0.99);
  const { a } = withSpectrum(new Rng('lanczos'), lambda);
  const matvec = symmetricMatvec({ a });
  const dense = eigh({ a, vectors: false }).values;

  it('λ_min agrees with eigh to the requested relative residual, and reports convergence', () => {
    const r = lanczos({ n, matvec, which: 'smallest', tol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.residuals[0]).toBeLessThanOrEqual(Math.max(1e-10 * (r.values[0] as number), r.residualFloor));
    // |θ − λ| ≤ min(r, r²/gap); both are far below 1e-14 here, and eigh is exact to ~n·u.
    expect(Math.abs((r.values[0] as number) - (dense[0] as number))).toBeLessThan(1e-14);
    expect(Math.abs((r.values[0] as number) - (lambda[0] as number))).toBeLessThan(1e-14);
    expect(r.errorEstimates[0]).toBeLessThanOrEqual(r.residuals[0] as number);
    expect(r.iterations).toBeLessThan(n); // converged before the Krylov space is exhausted
  });

  it("which: 'largest' and 'both' with k = 3 agree with eigh", () => {
    const big = lanczos({ n, matvec, which: 'largest', k: 3, tol: 1e-12 });
    expect(big.converged).toBe(true);
    // The top three are only 0.005 apart: error ≤ r²/gap ≈ (1e-12)²/5e-3, and ~n·u from eigh.
    expect(big.values).toBeAllClose(dense.slice(n - 3));
    const both = lanczos({ n, matvec, which: 'both', k: 3, tol: 1e-12 });
    expect(both.values).toBeAllClose([...dense.slice(0, 3), ...dense.slice(n - 3)]);
  });

  it('thick restarts converge to the same λ_min with a small basis', () => {
    const r = lanczos({ n, matvec, which: 'smallest', k: 2, tol: 1e-10, maxBasis: 20 });
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    expect(r.values).toBeAllClose(dense.slice(0, 2));
  });

  it('returns unit Ritz vectors with A·y ≈ θ·y', () => {
    const r = lanczos({ n, matvec, which: 'both', k: 2, vectors: true, maxBasis: 40 });
    const y = r.vectors as Matrix;
    expect([y.rows, y.cols]).toEqual([n, 4]);
    const ay = matmul({ a, b: y });
    for (let j = 0; j < 4; j++) {
      let nrm = 0;
      let res = 0;
      for (let i = 0; i < n; i++) {
        nrm += y.data[i * 4 + j]! ** 2;
        res += (ay.data[i * 4 + j]! - r.values[j]! * y.data[i * 4 + j]!) ** 2;
      }
      expect(Math.sqrt(nrm)).toBeCloseTo(1, 12);
      // The true residual matches the Lanczos estimate up to rounding (~u·‖A‖·√n ≈ 2e-15).
      expect(Math.abs(Math.sqrt(res) - r.residuals[j]!)).toBeLessThan(1e-13);
    }
  });

  it('hard spectrum (κ = 1e6, geometric, relative gap ~1e-7): exact once the Krylov space is exhausted', () => {
    const m = 120;
    const lam = geometricSpectrum(m, 1e-6, 1);
    const hard = withSpectrum(new Rng('lanczos-hard'), lam).a;
    const r = lanczos({ n: m, matvec: symmetricMatvec({ a: hard }), which: 'smallest', tol: 1e-8 });
    expect(r.converged).toBe(true);
    // Absolute accuracy ~u·‖A‖ (the floor), i.e. ~1e-10 relative to λ_min = 1e-6.
    expect(Math.abs((r.values[0] as number) - 1e-6)).toBeLessThan(1e-14);
  });

  it('gives up honestly at maxIter', () => {
    const r = lanczos({ n, matvec, which: 'smallest', tol: 1e-14, maxIter: 10 });
    expect(r.iterations).toBe(10);
    expect(r.converged).toBe(false);
    expect(r.residuals[0]).toBeGreaterThan(1e-14 * (r.values[0] as number));
  });

  it('is deterministic for a seed', () => {
    const r1 = lanczos({ n, matvec, which: 'smallest', seed: 5, maxIter: 30 });
    const r2 = lanczos({ n, matvec, which: 'smallest', seed: 5, maxIter: 30 });
    expect(r1.values[0]).toBe(r2.values[0]);
  });

  it('handles an invariant start space (breakdown) on a diagonal matrix, and n = 1', () => {
    const d = new Float64Array([5, 1, 3, 2, 4]);
    const r = lanczos({
      n: 5,
      matvec: (v, out) => {
        for (let i = 0; i < 5; i++) out[i] = d[i]! * v[i]!;
      },
      which: 'both',
      k: 2,
    });
    expect(r.values).toBeAllClose([1, 2, 4, 5]);
    expect(r.converged).toBe(true);
    const one = lanczos({
      n: 1,
      matvec: (v, out) => {
        out[0] = -3 * v[0]!;
      },
      which: 'smallest',
    });
    expect(Array.from(one.values)).toEqual([-3]);
    const e = lanczos({
      n: 3,
      matvec: symmetricMatvec({
        a: fromRows([
          [2, 0, 0],
          [0, 2, 0],
          [0, 0, 2],
        ]),
      }),
      which: 'largest',
    });
    expect(e.values[0]).toBeCloseTo(2, 14);
  });

  it('NaN from the operator gives NaN values and converged = false', () => {
    const r = lanczos({ n: 10, matvec: (_v, out) => out.fill(NaN), which: 'smallest', maxIter: 20 });
    expect(r.converged).toBe(false);
    expect(Number.isNaN(r.values[0] as number)).toBe(true);
  });

  it('validates its options', () => {
    const mv = (v: Float64Array, out: Float64Array) => out.set(v);
    expect(() => lanczos({ n: -1, matvec: mv, which: 'smallest' })).toThrow(
      'invalid argument: n: must be a non-negative integer, got -1',
    );
    expect(() => lanczos({ n: 4, matvec: mv, which: 'middle' as 'smallest' })).toThrow(
      /which: must be .* got "middle"/,
    );
    expect(() => lanczos({ n: 4, matvec: mv, which: 'both', k: 3 })).toThrow(/k: must be an integer in \[1, 2\]/);
    expect(() => lanczos({ n: 4, matvec: mv, which: 'smallest', tol: -1 })).toThrow(/tol: must be ≥ 0, got -1/);
    expect(() => lanczos({ n: 50, matvec: mv, which: 'smallest', k: 4, maxBasis: 5 })).toThrow(
      /maxBasis: must be an integer ≥ k·ends \+ 2 = 6/,
    );
  });

  it('agrees with eigh on a random Gram matrix G·Gᵀ/m (the NTK use)', () => {
    const g = gaussian(new Rng('lanczos-gram'), 60, 90);
    const h = matmul({ a: g, b: g, transB: true, alpha: 1 / 90 });
    const r = lanczos({ n: 60, matvec: symmetricMatvec({ a: h }), which: 'both' });
    const ev = eigh({ a: h, vectors: false }).values;
    expect(r.values).toBeAllClose([ev[0] as number, ev[59] as number]);
  });
});
