/**
 * Fast tests for the mutation run (bench/results/mutation) of eigh.ts, internal/eighWasm.ts and
 * internal/tridiagonal.ts. eigh.test.ts (n = 2048, a fast-check property, cyclic-Jacobi references up to n = 130)
 * takes minutes per mutant and is left out of that run only (`skipTests`; CI runs it); these pin the same lines
 * with known spectra (Q·diag(λ)·Qᵀ, Q Haar-orthogonal) and exact identities, in about a second.
 *
 * They also test the unblocked JavaScript route (EISPACK tred2/tql2), which `eigh` takes only when the blocked
 * WebAssembly one does not fit in 4 GiB (n > 13,300 with vectors), so no other test of this folder reached it: here `eigh` is
 * loaded with `eighFitsWasm` answering false, and the two routes, which share nothing but tql2's shifts, are
 * compared with each other and with the known spectrum.
 */
import type { Matrix } from '../matrix/matrix';
import { fromRows, matrix } from '../matrix/matrix';
import { eigh } from './eigh';
import { acquireKernels, releaseKernels } from '../wasm/kernels';
import { decompositionErrors, Rng, withSpectrum } from './internal/testing';
import { exactMessage } from '@softmax-ntk/test-helpers';

const U = 2 ** -53;

/** n distinct eigenvalues in [−1, 2] (gaps 3/(n − 1)), ascending, and a matrix with them. */
function known(n: number, seed: string): { a: Matrix; lambda: number[] } {
  const lambda = Array.from({ length: n }, (_, i) => (n === 1 ? 0.75 : -1 + (3 * i) / (n - 1)));
  return { a: withSpectrum(new Rng(seed), lambda).a, lambda };
}

type Eigh = typeof eigh;
/** Runs `check` on both routes: the blocked WebAssembly one and the JavaScript tred2/tql2 one. */
const routes: [string, () => Eigh][] = [];
let jsEigh: Eigh;
beforeAll(() => {
  jest.isolateModules(() => {
    jest.doMock('./internal/eighWasm', () => ({
      ...jest.requireActual<Record<string, unknown>>('./internal/eighWasm'),
      eighFitsWasm: () => false,
    }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh eigh bound to the mock above
    jsEigh = (require('./eigh') as { eigh: Eigh }).eigh;
  });
});
routes.push(['WebAssembly', () => eigh], ['JavaScript tred2/tql2', () => jsEigh]);

describe.each(routes)('eigh (%s route): known spectra', (_name, get) => {
  // Sizes around the panel width (32), the 4-wide padding and the back-transformation block (64).
  it.each([1, 2, 3, 5, 33, 67])('n = %i: λ, A·V = V·Λ and VᵀV = I to backward-stability bounds', (n) => {
    const { a, lambda } = known(n, `mutants-${n}`);
    const { values, vectors } = get()({ a });
    // ‖A‖₂ = 2: backward stability gives |λ̂ − λ| ≤ c·n·u·‖A‖₂ (c modest); forming A costs a few u more.
    expect(values).toBeAllClose(lambda, { rtol: 0, atol: 16 * n * U * 2 + 8 * U });
    const { orth, residual } = decompositionErrors(a, values, vectors as Matrix);
    expect(orth).toBeLessThanOrEqual(4 * n * U + 4 * U);
    expect(residual).toBeLessThanOrEqual(16 * n * U * 2 + 8 * U);
    // Values only: the same numbers to the same bound (the vectors path sorts with them), and no `vectors`.
    const valuesOnly = get()({ a, vectors: false });
    expect(valuesOnly.values).toBeAllClose(lambda, { rtol: 0, atol: 16 * n * U * 2 + 8 * U });
    expect(valuesOnly.vectors).toBeUndefined();
  });

  it('repeated eigenvalues keep orthonormal vectors', () => {
    const lambda = [-1, -1, 0, 2, 2, 2, 5, 5, 5, 5, 7];
    const { a } = withSpectrum(new Rng('mutants-repeat'), lambda);
    const { values, vectors } = get()({ a });
    // ‖A‖₂ = 7, n = 11: n·u·‖A‖₂ ≈ 9e-15; 1e-13 is ten times it.
    expect(values).toBeAllClose(lambda, { rtol: 0, atol: 1e-13 });
    const { orth, residual } = decompositionErrors(a, values, vectors as Matrix);
    expect(orth).toBeLessThanOrEqual(1e-14);
    expect(residual).toBeLessThanOrEqual(1e-13);
  });

  it('a diagonal matrix: its diagonal sorted, exactly, and ± unit eigenvectors', () => {
    const diag = [3, -1, 2, 0.5, -4];
    const n = diag.length;
    const a = matrix(n, n);
    for (let i = 0; i < n; i++) a.data[i * n + i] = diag[i]!;
    const { values, vectors } = get()({ a });
    expect(Array.from(values)).toEqual([-4, -1, 0.5, 2, 3]);
    // Column j is ±e_k with diag[k] = values[j].
    const v = vectors as Matrix;
    for (let j = 0; j < n; j++) {
      const k = diag.indexOf(values[j]!);
      const col = Array.from({ length: n }, (_, i) => Math.abs(v.data[i * n + j]!));
      expect(col).toEqual(Array.from({ length: n }, (_, i) => (i === k ? 1 : 0)));
    }
    expect(Array.from(get()({ a, vectors: false }).values)).toEqual([-4, -1, 0.5, 2, 3]);
  });

  // The zero matrix: every Householder step is skipped (a zero column), and T = 0, whose norm 0 must not be scaled
  // (2^round(log2 0) = 0 would divide by zero) and whose zero couplings deflate at once (0 ≤ eps·0).
  it('the zero matrix: eigenvalues 0 and V = I, exactly', () => {
    const n = 4;
    const { values, vectors } = get()({ a: matrix(n, n) });
    expect(Array.from(values)).toEqual([0, 0, 0, 0]);
    expect(Array.from((vectors as Matrix).data)).toEqual(
      Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)),
    );
    expect(Array.from(get()({ a: matrix(n, n), vectors: false }).values)).toEqual([0, 0, 0, 0]);
  });

  // Killed here: tred2's zero-column branch emptied or its loops cut (a row whose part left of the diagonal is zero
  // after the earlier steps: e[i] must be set to 0, not left holding the previous step's q, and row/column i cleared
  // for the accumulated Q).
  it('a zero column met mid-reduction: [[2, 1], [1, 2]] ⊕ [[0, 1, 0], [1, 0, 1], [0, 1, 0]] has −√2, 0, 1, √2, 3', () => {
    const a = matrix(5, 5);
    for (const [i, j, v] of [
      [0, 0, 2],
      [0, 1, 1],
      [1, 1, 2],
      [2, 3, 1],
      [3, 4, 1],
    ] as const) {
      a.data[i * 5 + j] = v;
      a.data[j * 5 + i] = v;
    }
    const { values, vectors } = get()({ a });
    // ‖A‖₂ = 3: the backward-stability bound of the known-spectrum tests
    const bound = 16 * 5 * U * 3 + 8 * U;
    expect(values).toBeAllClose([-Math.SQRT2, 0, 1, Math.SQRT2, 3], { rtol: 0, atol: bound });
    const { orth, residual } = decompositionErrors(a, values, vectors as Matrix);
    expect(orth).toBeLessThanOrEqual(4 * 5 * U + 4 * U);
    expect(residual).toBeLessThanOrEqual(bound);
  });

  it('2 × 2 in closed form: [[2, 1], [1, 2]] has λ = 1, 3 and vectors (1, ∓1)/√2', () => {
    const { values, vectors } = get()({
      a: fromRows([
        [2, 1],
        [1, 2],
      ]),
    });
    expect(values).toBeAllClose([1, 3], { rtol: 0, atol: 4 * U * 3 });
    const v = (vectors as Matrix).data;
    // Column 0 ∝ (1, −1), column 1 ∝ (1, 1), each of norm 1.
    expect([Math.abs(v[0]!), Math.abs(v[2]!), v[0]! * v[2]!, Math.abs(v[1]!), v[1]! * v[3]!]).toBeAllClose(
      [Math.SQRT1_2, Math.SQRT1_2, -0.5, Math.SQRT1_2, 0.5],
      { rtol: 0, atol: 8 * U },
    );
  });

  it('1 × 1 gives the entry and V = [1]', () => {
    const e1 = get()({ a: fromRows([[-7]]) });
    expect(Array.from(e1.values)).toEqual([-7]);
    expect(Array.from((e1.vectors as Matrix).data)).toEqual([1]);
  });

  it('reads only the upper triangle: NaN below the diagonal changes nothing, bit for bit', () => {
    const { a } = known(37, 'mutants-upper');
    const n = a.rows;
    const b = { rows: n, cols: n, data: a.data.slice() };
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) b.data[i * n + j] = NaN;
    const ea = get()({ a });
    const eb = get()({ a: b });
    expect(Array.from(eb.values)).toEqual(Array.from(ea.values));
    expect(Array.from((eb.vectors as Matrix).data)).toEqual(Array.from((ea.vectors as Matrix).data));
  });

  it.each([2 ** 600, 2 ** -600, 1e160, 1e-160])(
    'scale s = %s: eigenvalues s·λ, no overflow or underflow (tql2 scales T by a power of two)',
    (s) => {
      const { a, lambda } = known(9, 'mutants-scale');
      const scaled = { rows: 9, cols: 9, data: a.data.map((x) => x * s) };
      const { values, vectors } = get()({ a: scaled });
      // Relative to ‖s·A‖₂ = 2·s: the same backward error as the unscaled matrix.
      expect(Array.from(values, (x) => x / s)).toBeAllClose(lambda, { rtol: 0, atol: 16 * 9 * U * 2 + 8 * U });
      const { orth } = decompositionErrors(
        a,
        Float64Array.from(values, (x) => x / s),
        vectors as Matrix,
      );
      expect(orth).toBeLessThanOrEqual(4 * 9 * U + 4 * U);
      expect(Array.from(get()({ a: scaled, vectors: false }).values, (x) => x / s)).toBeAllClose(lambda, {
        rtol: 0,
        atol: 16 * 9 * U * 2 + 8 * U,
      });
    },
  );

  it('rejects non-square and non-finite input, naming the entry', () => {
    expect(() => get()({ a: matrix(3, 4) })).toThrow(exactMessage('invalid argument: a: must be square, got 3 × 4'));
    expect(() =>
      get()({
        a: fromRows([
          [1, 2],
          [2, NaN],
        ]),
      }),
    ).toThrow(exactMessage('invalid argument: a: must have finite entries, got NaN at (1, 1)'));
    expect(() =>
      get()({
        a: fromRows([
          [1, Infinity],
          [0, 1],
        ]),
        vectors: false,
      }),
    ).toThrow(exactMessage('invalid argument: a: must have finite entries, got Infinity at (0, 1)'));
    // Only the upper triangle is checked (and read): −Infinity below the diagonal is ignored.
    expect(
      Array.from(
        get()({
          a: fromRows([
            [2, 0],
            [-Infinity, 3],
          ]),
        }).values,
      ),
    ).toEqual([2, 3]);
  });

  it('0 × 0', () => {
    const e0 = get()({ a: matrix(0, 0) });
    expect(e0.values.length).toBe(0);
    expect(e0.vectors?.rows).toBe(0);
    expect(e0.vectors?.data.length).toBe(0);
  });
});

describe('eigh: the two routes agree', () => {
  it.each([4, 33, 70])('n = %i: values to backward-stability bounds, vectors up to sign', (n) => {
    const { a } = known(n, `mutants-routes-${n}`);
    const w = eigh({ a });
    const j = jsEigh({ a });
    expect(j.values).toBeAllClose(w.values, { rtol: 0, atol: 32 * n * U * 2 });
    // The eigenvalues are 3/(n − 1) apart: each vector is determined up to sign to ~n·u·‖A‖₂/gap.
    const vw = (w.vectors as Matrix).data;
    const vj = (j.vectors as Matrix).data;
    let worst = 0;
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vw[i * n + c]! * vj[i * n + c]!;
      worst = Math.max(worst, Math.abs(Math.abs(dot) - 1));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });
});

describe('eigh (WebAssembly route): kernel memory', () => {
  it('does not depend on what a reused kernel memory held (NaN left in its padding)', () => {
    const { a } = known(45, 'mutants-reuse');
    const clean = eigh({ a });
    const cleanValues = eigh({ a, vectors: false });
    const k = acquireKernels('eig', 8 * 200 * 200, 'test');
    new Float64Array(k.memory.buffer).fill(NaN);
    releaseKernels('eig', k);
    const again = eigh({ a });
    expect(Array.from(again.values)).toEqual(Array.from(clean.values));
    expect(Array.from((again.vectors as Matrix).data)).toEqual(Array.from((clean.vectors as Matrix).data));
    const k2 = acquireKernels('eig', 8 * 200 * 200, 'test');
    new Float64Array(k2.memory.buffer).fill(NaN);
    releaseKernels('eig', k2);
    expect(Array.from(eigh({ a, vectors: false }).values)).toEqual(Array.from(cleanValues.values));
  });
});
