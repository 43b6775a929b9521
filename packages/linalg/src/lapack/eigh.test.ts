import fc from 'fast-check';
import type { Matrix } from '../matrix/matrix';
import { fromRows, matrix } from '../matrix/matrix';
import { matmul } from '../blas/matmul';
import { eigh } from './eigh';
import { eigvalsh } from './eigvalsh';
import {
  decompositionErrors,
  EIG_FAMILIES,
  Rng,
  geometricSpectrum,
  jacobiEigenvalues,
  symmetricGaussian,
  withSpectrum,
} from './internal/testing';

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
    expect(() => eigh({ a: matrix(3, 4) })).toThrow('invalid argument: a: must be square, got 3 × 4');
    const a = fromRows([
      [1, 2],
      [2, NaN],
    ]);
    expect(() => eigh({ a })).toThrow('invalid argument: a: must have finite entries, got NaN at (1, 1)');
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

describe('eigh: blocked tridiagonalisation (panels of 32, back-transformation blocks of 64) on the wasm kernels', () => {
  // Sizes on both sides of the panel width (32), the 4-wide tile padding, the back-transformation block (64)
  // and several panels with a short last one.
  const sizes = [2, 3, 4, 5, 31, 32, 33, 63, 64, 65, 66, 67, 97, 130];
  it.each(sizes)('n = %i: eigenvalues match cyclic Jacobi; A·V = V·Λ and VᵀV = I', (n) => {
    const a = symmetricGaussian(new Rng(`blocked-${n}`), n);
    const { values, vectors } = eigh({ a });
    // Both routes are backward stable: each |λ̂ − λ| ≤ c·n·u·‖A‖₂ with a modest c, so they agree to within
    // 8·n·u·‖A‖₂ (≈ 4e-12 at n = 130, ‖A‖₂ ≈ 32); the first-order error of a random matrix is usually far smaller.
    const reference = jacobiEigenvalues(a);
    const norm2 = Math.max(Math.abs(reference[0] as number), Math.abs(reference[n - 1] as number));
    expect(values).toBeAllClose(reference, { rtol: 0, atol: 8 * n * 2 ** -53 * norm2 });
    expectDecomposition(a, values, vectors as Matrix);
    expect(eigvalsh({ a })).toBeAllClose(values, { rtol: 0 });
  });

  it.each([1e160, 1e-160])(
    'scale invariance: eigenvalues of s·A are s·λ(A) for s = %s (no overflow or underflow)',
    (scale) => {
      const n = 70;
      const a = symmetricGaussian(new Rng('scaled'), n);
      const scaled = { rows: n, cols: n, data: a.data.map((v) => v * scale) };
      const want = eigvalsh({ a }).map((v) => v * scale);
      const { values, vectors } = eigh({ a: scaled });
      // Relative to ‖s·A‖₂ (≈ 23·s): the same backward error as the unscaled matrix, 8·n·u·‖A‖₂.
      expect(values.map((v) => v / scale)).toBeAllClose(
        Array.from(want, (v) => v / scale),
        {
          rtol: 0,
          atol: 8 * n * 2 ** -53 * 30,
        },
      );
      // The eigenvectors do not depend on the scale.
      const vt = vectors as Matrix;
      expect(vt.data.every(Number.isFinite)).toBe(true);
      expectDecomposition(
        a,
        Float64Array.from(values, (v) => v / scale),
        vt,
      );
    },
  );

  it('reads only the upper triangle: NaN below the diagonal changes nothing', () => {
    const n = 70;
    const a = symmetricGaussian(new Rng('upper-only'), n);
    const b = { rows: n, cols: n, data: a.data.slice() };
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) b.data[i * n + j] = NaN;
    const ea = eigh({ a });
    const eb = eigh({ a: b });
    expect(Array.from(eb.values)).toEqual(Array.from(ea.values));
    expect(Array.from((eb.vectors as Matrix).data)).toEqual(Array.from((ea.vectors as Matrix).data));
  });

  // (a reused kernel memory that held NaN: eigh.mutants.test.ts, 'kernel memory', for both routes)

  it('known spectra: permuted diagonal, I + c·u·uᵀ, clusters 1e-9 apart', () => {
    const n = 100;
    const rng = new Rng('known');
    // Diagonal with entries in random order: eigenvalues are the sorted diagonal, eigenvectors ± unit vectors.
    const diag = Array.from({ length: n }, () => rng.normal());
    const d = matrix(n, n);
    for (let i = 0; i < n; i++) d.data[i * n + i] = diag[i] as number;
    const ed = eigh({ a: d });
    expect(Array.from(ed.values)).toEqual([...diag].sort((x, y) => x - y));
    expectDecomposition(d, ed.values, ed.vectors as Matrix);
    // Rank one plus identity: 1 (n − 1 times) and 1 + c·‖u‖².
    const u = Array.from({ length: n }, () => rng.normal());
    const c = 0.7;
    const r1 = matrix(n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) r1.data[i * n + j] = (i === j ? 1 : 0) + c * (u[i] as number) * (u[j] as number);
    const er = eigh({ a: r1 });
    const top = 1 + c * u.reduce((s, x) => s + x * x, 0);
    // ‖A‖₂ = top ≈ 70: backward error n·u·‖A‖₂ ≈ 1e-12, so atol 1e-11 (ten times that).
    expect(er.values).toBeAllClose([...Array<number>(n - 1).fill(1), top], { rtol: 0, atol: 1e-11 });
    expectDecomposition(r1, er.values, er.vectors as Matrix);
    // Three clusters of near-equal eigenvalues (spacing 1e-9) around −2, 0.5, 3.
    const lambda = Array.from({ length: 60 }, (_, i) => [-2, 0.5, 3][i % 3]! + 1e-9 * Math.floor(i / 3)).sort(
      (x, y) => x - y,
    );
    const { a } = withSpectrum(new Rng('clusters'), lambda);
    const ec = eigh({ a });
    expect(ec.values).toBeAllClose(lambda, { rtol: 0 });
    expectDecomposition(a, ec.values, ec.vectors as Matrix);
  });
});

const U = 2 ** -53;

describe('eigh: matrix families of odd sizes against cyclic Jacobi (strip-mined QL rotations)', () => {
  const families = EIG_FAMILIES;
  const cases = Object.keys(families).flatMap((family) => [1, 2, 3, 17, 33, 65, 130].map((n) => [family, n] as const));
  it.each(cases)(
    '%s, n = %i: λ within 8·n·u·‖A‖₂ of Jacobi; VᵀV = I to 4·n·u; A·V = V·Λ to 8·n·u·‖A‖₂',
    (family, n) => {
      const a = (families[family] as (rng: Rng, n: number) => Matrix)(new Rng(`${family}-${n}`), n);
      const { values, vectors } = eigh({ a });
      const reference = jacobiEigenvalues(a);
      const norm2 = Math.max(Math.abs(reference[0] as number), Math.abs(reference[n - 1] as number));
      // Backward stability of both routes (Householder + QL, cyclic Jacobi): |λ̂ − λ| ≤ c·n·u·‖A‖₂, c modest.
      expect(values).toBeAllClose(reference, { rtol: 0, atol: 8 * n * U * norm2 });
      const { orth, residual } = decompositionErrors(a, values, vectors as Matrix);
      expect(orth).toBeLessThanOrEqual(4 * n * U);
      expect(residual).toBeLessThanOrEqual(8 * n * U * norm2);
      // eigvalsh runs QL (or dsterf) on T, eigh from n > 32 divide and conquer: each backward stable, so the two
      // agree to the same 8·n·u·‖A‖₂ (below n = 33 both run tql2 on the same T: the same bits).
      expect(eigvalsh({ a })).toBeAllClose(values, { rtol: 0, atol: n > 32 ? 8 * n * U * norm2 : 0 });
    },
  );

  it('the benchmark size n = 2048: A = H·Λ·H (H = I − 2·u·uᵀ) has eigenvalues Λ and eigenvectors ±H·eᵢ', () => {
    const n = 2048;
    const rng = new Rng('householder-2048');
    // Λ: n distinct values in [−1, 1] (gaps ≥ 2/n ≈ 1e-3) in random order; H symmetric orthogonal.
    const lambda = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [lambda[i], lambda[j]] = [lambda[j] as number, lambda[i] as number];
    }
    const u = Array.from({ length: n }, () => rng.normal());
    const norm = Math.hypot(...u);
    for (let i = 0; i < n; i++) u[i] = (u[i] as number) / norm;
    // Form: A = Λ − 2·u·(Λu)ᵀ − 2·(Λu)·uᵀ + 4·(uᵀΛu)·u·uᵀ in O(n²).
    const lu = u.map((x, i) => x * (lambda[i] as number));
    const ulu = u.reduce((s, x, i) => s + x * (lu[i] as number), 0);
    const a = matrix(n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        a.data[i * n + j] =
          (i === j ? (lambda[i] as number) : 0) -
          2 * (u[i] as number) * (lu[j] as number) -
          2 * (lu[i] as number) * (u[j] as number) +
          4 * ulu * (u[i] as number) * (u[j] as number);
    const { values, vectors } = eigh({ a });
    const sorted = [...lambda].sort((x, y) => x - y);
    // ‖A‖₂ = 1; forming A costs a few u per entry: 8·n·u covers both.
    expect(values).toBeAllClose(sorted, { rtol: 0, atol: 8 * n * U });
    // Column j of V is ±H·e_k for λ_k = sorted[j]: |⟨v_j, H·e_k⟩| = 1 − O((n·u/gap)²), and ‖v_j ∓ H·e_k‖ ≤ n·u/gap-ish.
    const v = vectors as Matrix;
    const index = new Map(lambda.map((x, k) => [x, k]));
    let worst = 0;
    for (let j = 0; j < n; j++) {
      const k = index.get(sorted[j] as number) as number;
      let dot = 0;
      for (let i = 0; i < n; i++)
        dot += (v.data[i * n + j] as number) * ((i === k ? 1 : 0) - 2 * (u[i] as number) * (u[k] as number));
      const sign = dot < 0 ? -1 : 1;
      for (let i = 0; i < n; i++) {
        const h = (i === k ? 1 : 0) - 2 * (u[i] as number) * (u[k] as number);
        worst = Math.max(worst, Math.abs((v.data[i * n + j] as number) - sign * h));
      }
    }
    // n·u·‖A‖₂ / gap ≈ 2048 · 1.1e-16 / 1e-3 ≈ 2.3e-10; 1e-8 leaves a factor of 40.
    expect(worst).toBeLessThanOrEqual(1e-8);
    // eigvalsh runs n = 2048 on two threads (./internal/tridiagonalThreads), whose symv sums in another order:
    // the same backward error bound, 8·n·u·‖A‖₂, not the same bits.
    expect(eigvalsh({ a })).toBeAllClose(values, { rtol: 0, atol: 8 * n * U });
  }, 600_000);
});
