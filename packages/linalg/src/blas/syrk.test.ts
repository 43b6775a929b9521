import fc from 'fast-check';
import { Rng } from '../random/rng';
import { syrk } from './syrk';
import type { Uplo } from './syrk';
import type { Transpose } from './gemm';
import { SYRK_WASM_MIN_FLOPS, useSyrkWasm } from './internal/syrkWasm';

/** Independent reference: (op(A)·op(A)ᵀ)_ij by a dot product loop. */
function naive(trans: Transpose, N: number, K: number, A: Float64Array, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < K; k++)
    s +=
      trans === 'transpose'
        ? (A[k * N + i] as number) * (A[k * N + j] as number)
        : (A[i * K + k] as number) * (A[j * K + k] as number);
  return s;
}

function check(
  seed: number | string,
  uplo: Uplo,
  trans: Transpose,
  N: number,
  K: number,
  alpha: number,
  beta: number,
): void {
  const rng = new Rng(seed);
  const A = rng.fillNormal(new Float64Array(N * K)) as Float64Array;
  const off = 3,
    ld = N + 2;
  const C = rng.fillNormal(new Float64Array(off + ld * N)) as Float64Array;
  const C0 = C.slice();
  syrk(uplo, trans, N, K, alpha, A, trans === 'transpose' ? N : K, 1, 0, beta, C, ld, 1, off);
  const got: number[] = [];
  const want: number[] = [];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const q = off + i * ld + j;
      const inTri = uplo === 'lower' ? i >= j : i <= j;
      if (!inTri) {
        expect(C[q]).toBe(C0[q]); // the other triangle is untouched
        continue;
      }
      got.push(C[q] as number);
      want.push(alpha * naive(trans, N, K, A, i, j) + (beta === 0 ? 0 : beta * (C0[q] as number)));
    }
  }
  for (let q = 0; q < off; q++) expect(C[q]).toBe(C0[q]);
  expect(got).toBeAllClose(want);
}

describe('syrk: C = α·op(A)·op(A)ᵀ + β·C on one triangle', () => {
  for (const uplo of ['lower', 'upper'] as Uplo[]) {
    for (const trans of ['no-transpose', 'transpose'] as Transpose[]) {
      it(`${uplo}, ${trans}: matches dot products and leaves the other triangle alone`, () => {
        check(`syrk-${uplo}-${trans}`, uplo, trans, 67, 301, 0.5, -1.5);
        check(`syrk-${uplo}-${trans}-b`, uplo, trans, 9, 3, 2, 0);
      });
    }
  }

  it('handles N = 0, K = 0 (only scales) and 1 × 1', () => {
    const C = new Float64Array([2]);
    syrk('lower', 'no-transpose', 1, 0, 1, new Float64Array(0), 0, 1, 0, 3, C, 1, 1, 0);
    expect(C[0]).toBe(6);
    syrk('lower', 'no-transpose', 1, 1, 1, new Float64Array([4]), 1, 1, 0, 1, C, 1, 1, 0);
    expect(C[0]).toBe(22);
    syrk('upper', 'transpose', 0, 4, 1, new Float64Array(0), 0, 1, 0, 0, C, 1, 1, 0);
    expect(C[0]).toBe(22);
  });

  it('property: random N, K, uplo, trans, α, β', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 80 }),
        fc.constantFrom<Uplo>('lower', 'upper'),
        fc.constantFrom<Transpose>('no-transpose', 'transpose'),
        fc.constantFrom(1, -1, 0.25),
        fc.constantFrom(0, 1, 2),
        fc.integer({ min: 0, max: 1e6 }),
        (N, K, uplo, trans, alpha, beta, seed) => check(seed, uplo, trans, N, K, alpha, beta),
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it('property: the WebAssembly path (N²·K ≥ 2¹⁸), K across several 256-column panels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 90 }),
        fc.integer({ min: 64, max: 700 }),
        fc.constantFrom<Uplo>('lower', 'upper'),
        fc.constantFrom<Transpose>('no-transpose', 'transpose'),
        fc.constantFrom(1, -1, 0.25),
        fc.constantFrom(0, 1, 2),
        fc.integer({ min: 0, max: 1e6 }),
        (N, K, uplo, trans, alpha, beta, seed) => {
          expect(useSyrkWasm(N, K)).toBe(true);
          check(seed, uplo, trans, N, K, alpha, beta);
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  });

  it('the two paths meet at the threshold: 63²·66 (JavaScript) and 64²·64 (WebAssembly) both match', () => {
    expect(63 * 63 * 66).toBeLessThan(SYRK_WASM_MIN_FLOPS);
    expect(useSyrkWasm(63, 66)).toBe(false);
    expect(useSyrkWasm(64, 64)).toBe(true);
    check('syrk-js-edge', 'lower', 'no-transpose', 63, 66, 1, 0);
    check('syrk-wasm-edge', 'lower', 'no-transpose', 64, 64, 1, 0);
  });
});
