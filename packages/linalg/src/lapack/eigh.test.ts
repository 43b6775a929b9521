import fc from 'fast-check';
import type { Matrix } from '../matrix/matrix';
import { fromRows, matrix } from '../matrix/matrix';
import { matmul } from '../blas/matmul';
import { eigh } from './eigh';
import { eigvalsh } from './eigvalsh';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from './internal/testing';

function symmetricGaussian(rng: Rng, n: number): Matrix {
  const g = gaussian(rng, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = (g.data[i * n + j] as number) + (g.data[j * n + i] as number);
  return { rows: n, cols: n, data: a };
}

/** ‖A·V − V·Λ‖ and ‖VᵀV − I‖ checks. */
function expectDecomposition(a: Matrix, values: Float64Array, v: Matrix): void {
  const n = a.rows;
  const av = matmul({ a, b: v });
  const vl = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) vl[i * n + j] = (v.data[i * n + j] as number) * (values[j] as number);
  expect(av.data).toBeAllClose(vl);
  const vtv = matmul({ a: v, b: v, transA: true });
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  expect(vtv.data).toBeAllClose(eye);
}

describe('eigh: A = V·diag(λ)·Vᵀ, λ ascending', () => {
  it('recovers a known spectrum (κ = 1e6) and its eigenvectors', () => {
    const lambda = geometricSpectrum(80, 1e-6, 1);
    const { a, q } = withSpectrum(new Rng('eigh-known'), lambda);
    const { values, vectors } = eigh({ a });
    // Backward stable: |λ̂ᵢ − λᵢ| ≲ n·u·‖A‖₂ ≈ 80 · 1.1e-16 — the default atol 1e-12 holds for every λ.
    expect(values).toBeAllClose(lambda, { rtol: 0 });
    expectDecomposition(a, values, vectors as Matrix);
    // The eigenvector of the simple λ_max is ±q_{n−1}: |⟨v, q⟩| = 1. The gap is ~0.16, so the angle is ~u/gap.
    let dot = 0;
    for (let i = 0; i < 80; i++) dot += (vectors as Matrix).data[i * 80 + 79]! * q.data[i * 80 + 79]!;
    expect(Math.abs(dot)).toBeCloseTo(1, 12);
  });

  it('matches the closed-form spectrum of the 1-D Laplacian tridiag(−1, 2, −1)', () => {
    const n = 50;
    const a = matrix(n, n);
    for (let i = 0; i < n; i++) {
      a.data[i * n + i] = 2;
      if (i > 0) a.data[i * n + i - 1] = a.data[(i - 1) * n + i] = -1;
    }
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    expect(eigh({ a, vectors: false }).values).toBeAllClose(want);
  });

  it('keeps eigenvectors orthonormal for repeated eigenvalues', () => {
    const lambda = [-1, -1, 0, 2, 2, 2, 5, 5];
    const { a } = withSpectrum(new Rng('eigh-repeat'), lambda);
    const { values, vectors } = eigh({ a });
    expect(values).toBeAllClose(lambda);
    expectDecomposition(a, values, vectors as Matrix);
  });

  it('a diagonal matrix gives its sorted diagonal; zero matrix gives zeros', () => {
    expect(
      Array.from(
        eigh({
          a: fromRows([
            [3, 0, 0],
            [0, -1, 0],
            [0, 0, 2],
          ]),
        }).values,
      ),
    ).toEqual([-1, 2, 3]);
    const z = eigh({ a: matrix(4, 4) });
    expect(Array.from(z.values)).toEqual([0, 0, 0, 0]);
    expectDecomposition(matrix(4, 4), z.values, z.vectors as Matrix);
  });

  it('0 × 0 and 1 × 1', () => {
    const e0 = eigh({ a: matrix(0, 0) });
    expect(e0.values.length).toBe(0);
    expect(e0.vectors?.rows).toBe(0);
    const e1 = eigh({ a: fromRows([[-7]]) });
    expect(Array.from(e1.values)).toEqual([-7]);
    expect(Array.from((e1.vectors as Matrix).data)).toEqual([1]);
  });

  it('eigvalsh returns the values of eigh', () => {
    const a = symmetricGaussian(new Rng('eigvalsh'), 40);
    expect(eigvalsh({ a })).toBeAllClose(eigh({ a }).values);
  });

  it('rejects non-square and non-finite input, naming the entry', () => {
    expect(() => eigh({ a: matrix(3, 4) })).toThrow('invalid argument: `a` must be square, got 3 × 4');
    const a = fromRows([
      [1, 2],
      [2, NaN],
    ]);
    expect(() => eigh({ a })).toThrow('invalid argument: `a` must have finite entries, got NaN at (1, 1)');
    expect(() =>
      eigvalsh({
        a: fromRows([
          [1, Infinity],
          [0, 1],
        ]),
      }),
    ).toThrow(/Infinity at \(0, 1\)/);
  });

  it('property: random symmetric matrices satisfy A·V = V·Λ, VᵀV = I, Σλ = tr A, ascending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const a = symmetricGaussian(new Rng(seed), n);
        const { values, vectors } = eigh({ a });
        for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] as number);
        let tr = 0;
        let sum = 0;
        for (let i = 0; i < n; i++) {
          tr += a.data[i * n + i] as number;
          sum += values[i] as number;
        }
        // Both sums have ≤ 30 terms of size ≲ 15, so they agree to ~1e-13; toBeCloseTo(·, 9) allows 5e-10.
        expect(sum).toBeCloseTo(tr, 9);
        expectDecomposition(a, values, vectors as Matrix);
      }),
      { numRuns: 40, seed: 42 },
    );
  });
});
