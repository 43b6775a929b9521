/**
 * Tests written for the mutation run (bench/results/mutation) of syrk.ts: the JavaScript path pinned bit for bit by
 * the literal sums it documents (syrk.test.ts compares with a tolerance, which both paths meet), and the BLAS rules
 * that β = 0 does not read C and α = 0 does not read A.
 *
 * JavaScript path (N²·K < 2¹⁸): C_ij ← β·C_ij on the triangle, then for each KC = 256-deep block
 * C_ij += Σ_p (α·a_ip)·a_jp, the block sum from 0 in p order (a_ip = op(A)_ip).
 *
 * With the WebAssembly path, its both triangles, transposes and offsets, the edge sizes and the threshold, these
 * pin what syrk.test.ts checks (which the mutation run leaves out: its fast-check properties take ~20 s per
 * mutant of packing.ts or syrk.ts on the shared machine).
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import type { Transpose } from './gemm';
import { syrk } from './syrk';
import type { Uplo } from './syrk';
import { SYRK_WASM_MIN_FLOPS, syrkWasm, useSyrkWasm } from './internal/syrkWasm';

describe('syrk: the JavaScript path bit for bit, and what α = 0 and β = 0 leave unread', () => {
  // Killed here: `useSyrkWasm(N, K)` → `true` (the WebAssembly kernel sums −Σ_p a_ip·a_jp and scales by −α after:
  // another rounding, as the last assertion shows)
  it.each<[Uplo, Transpose, number, number]>([
    ['lower', 'no-transpose', 40, 163],
    ['upper', 'transpose', 30, 290],
    ['lower', 'transpose', 13, 300],
    ['upper', 'no-transpose', 9, 7],
  ])('%s, %s, N = %i, K = %i: the literal block sums, bit for bit', (uplo, trans, N, K) => {
    expect(useSyrkWasm(N, K)).toBe(false);
    const rng = new Rng(`syrk-literal-${uplo}-${trans}-${N}-${K}`);
    const A = rng.fillNormal(new Float64Array(1 + N * K)) as Float64Array;
    const [lda, s1, s2] = trans === 'transpose' ? [N, 1, N] : [K, K, 1]; // op(A)_ip at A[1 + i·s1 + p·s2]
    const ld = N + 1; // C_ij at 2 + i·ld + j
    const C0 = rng.fillNormal(new Float64Array(2 + ld * N)) as Float64Array;
    const [alpha, beta] = [0.3, 0.5];
    const inTri = (i: number, j: number): boolean => (uplo === 'lower' ? i >= j : i <= j);
    const want = C0.slice();
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        if (!inTri(i, j)) continue;
        let c = beta * C0[2 + i * ld + j]!;
        for (let pc = 0; pc < K; pc += 256) {
          let t = 0;
          for (let p = pc; p < Math.min(K, pc + 256); p++)
            t += alpha * A[1 + i * s1 + p * s2]! * A[1 + j * s1 + p * s2]!;
          c += t;
        }
        want[2 + i * ld + j] = c;
      }
    const C = C0.slice();
    syrk(uplo, trans, N, K, alpha, A, lda, 1, 1, beta, C, ld, 1, 2);
    const differ = (x: Float64Array): number => x.reduce((n, v, q) => n + (Object.is(v, C[q]) ? 0 : 1), 0);
    expect(differ(want)).toBe(0);
    // … where the WebAssembly kernel rounds otherwise (else this test could not tell the two paths apart)
    const viaWasm = Float64Array.from(C0, (v, q) =>
      q >= 2 && (q - 2) % ld < N && inTri(Math.floor((q - 2) / ld), (q - 2) % ld) ? beta * v : v,
    );
    syrkWasm(uplo === 'lower', N, K, alpha, A, s1, s2, 1, viaWasm, ld, 1, 2);
    expect(differ(viaWasm)).toBeGreaterThan(0);
  });

  // Killed here: `beta === 0` → `false` (0·NaN = NaN would stay) and `alpha === 0` → `false` (the JavaScript path
  // would pack 0·NaN = NaN and add it)
  it('β = 0 overwrites NaN in the triangle; α = 0 only scales it, NaN and Infinity in A unread', () => {
    const A = new Float64Array([1, 2, 3, 4]);
    const C = new Float64Array([NaN, 9, NaN, NaN]);
    syrk('lower', 'no-transpose', 2, 2, 1, A, 2, 1, 0, 0, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([5, 9, 11, 25]);
    const bad = new Float64Array([NaN, Infinity, -Infinity, NaN]);
    syrk('upper', 'transpose', 2, 2, 0, bad, 2, 1, 0, -2, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([-10, -18, 11, -50]);
  });

  // The WebAssembly path (N²·K ≥ 2¹⁸): against dot products, to the float64 tolerance (another summation order);
  // the other triangle and the storage before C untouched. K = 300 crosses the kernel's 256-deep panels.
  it.each<[Uplo, Transpose]>([
    ['lower', 'no-transpose'],
    ['lower', 'transpose'],
    ['upper', 'no-transpose'],
    ['upper', 'transpose'],
  ])('%s, %s, N = 64, K = 300: the WebAssembly path, with offsets', (uplo, trans) => {
    const [N, K] = [64, 300];
    expect(useSyrkWasm(N, K)).toBe(true);
    const rng = new Rng(`syrk-wasm-${uplo}-${trans}`);
    const offA = 2;
    const A = rng.fillNormal(new Float64Array(offA + N * K)) as Float64Array;
    const [lda, s1, s2] = trans === 'transpose' ? [N, 1, N] : [K, K, 1];
    const [offC, ld] = [3, N + 2];
    const C0 = rng.fillNormal(new Float64Array(offC + ld * N)) as Float64Array;
    const C = C0.slice();
    const [alpha, beta] = [-1.25, 0.5];
    syrk(uplo, trans, N, K, alpha, A, lda, 1, offA, beta, C, ld, 1, offC);
    const got: number[] = [];
    const want: number[] = [];
    let changedOutside = 0;
    for (let q = 0; q < C.length; q++) {
      const i = Math.floor((q - offC) / ld);
      const j = (q - offC) % ld;
      const inC = q >= offC && j < N;
      if (inC && (uplo === 'lower' ? i >= j : i <= j)) {
        let s = 0;
        for (let p = 0; p < K; p++) s += A[offA + i * s1 + p * s2]! * A[offA + j * s1 + p * s2]!;
        got.push(C[q]!);
        want.push(alpha * s + beta * C0[q]!);
      } else if (!Object.is(C[q], C0[q])) changedOutside++;
    }
    expect(changedOutside).toBe(0);
    expect(got.length).toBe((N * (N + 1)) / 2);
    expect(got).toBeAllClose(want, TOLERANCES.float64);
  });

  it('N = 0 writes nothing; K = 0 only scales the triangle; 1 × 1', () => {
    const C = new Float64Array([2, 5, 7, 3]);
    syrk('lower', 'no-transpose', 0, 4, 1, new Float64Array(0), 4, 1, 0, 0, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([2, 5, 7, 3]);
    syrk('lower', 'no-transpose', 2, 0, 1, new Float64Array(0), 0, 1, 0, 3, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([6, 5, 21, 9]);
    syrk('upper', 'transpose', 2, 0, 1, new Float64Array(0), 2, 1, 0, 0.5, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([3, 2.5, 21, 4.5]);
    const c = new Float64Array([2]);
    syrk('upper', 'transpose', 1, 1, 2, new Float64Array([4]), 1, 1, 0, 1, c, 1, 1, 0);
    expect(c[0]).toBe(34);
  });

  it('the WebAssembly threshold: N²·K = 2¹⁸ (64²·64) takes it, 63²·66 (just below) does not', () => {
    expect(SYRK_WASM_MIN_FLOPS).toBe(2 ** 18);
    expect([useSyrkWasm(64, 64), useSyrkWasm(63, 66), useSyrkWasm(4096, 16), useSyrkWasm(2, 65536)]).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });

  // Killed here: the JavaScript path's `Math.min(KC, K)`, `Math.min(NC, N)`, `Math.min(MC, N)` made `Math.max`,
  // `/ NR` and `/ MR` made `* NR` and `* MR`, and the scratch names `'a'`, `'b'` → `""`: its scratch holds exactly one
  // packed block of α·op(A) and one of op(A)ᵀ (a fresh module registry: no buffer before).
  it('the scratch buffers of a first JavaScript-path product hold exactly one packed block each', () => {
    let fresh: typeof syrk | undefined;
    let scratch: ((name: string, size: number) => Float64Array) | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- syrk and its scratch pool from one fresh registry */
      scratch = (require('./internal/packing') as { scratch: typeof scratch }).scratch;
      fresh = (require('./syrk') as { syrk: typeof syrk }).syrk;
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    if (fresh === undefined || scratch === undefined) throw new Error('syrk did not load');
    expect([scratch('a', 0).length, scratch('b', 0).length]).toEqual([0, 0]);
    const [N, K] = [37, 35];
    expect(useSyrkWasm(N, K)).toBe(false);
    const A = new Rng('syrk-scratch').fillNormal(new Float64Array(N * K)) as Float64Array;
    fresh('lower', 'no-transpose', N, K, 1, A, K, 1, 0, 0, new Float64Array(N * N), N, 1, 0);
    // 35 deep × 40 rows or columns (37 up to a multiple of 4) for both
    expect([scratch('a', 0).length, scratch('b', 0).length]).toEqual([35 * 40, 35 * 40]);
  });

  // Killed here: the JavaScript path's `nc - jr` → `nc + jr` and `mc - ir` → `mc + ir` (full 4 × 4 tiles at the
  // right and bottom edges, adding the packed strips' zero padding outside C) and the tile tests made to write past
  // the triangle: everything but the triangle holds −0, which any write, even of +0, turns into +0.
  it.each<Uplo>(['lower', 'upper'])(
    '%s, N = 37: writes only the triangle (the rest and the storage around keep −0)',
    (uplo) => {
      const [N, K] = [37, 35];
      const rng = new Rng(`syrk-edges-${uplo}`);
      const A = rng.fillNormal(new Float64Array(N * K)) as Float64Array;
      const [off, ld] = [2, N + 3]; // three padding columns, and four rows after C
      const inTri = (q: number): boolean => {
        const [i, j] = [Math.floor((q - off) / ld), (q - off) % ld];
        return q >= off && i < N && j < N && (uplo === 'lower' ? i >= j : i <= j);
      };
      const C0 = new Float64Array(off + (N + 4) * ld).fill(-0);
      for (let q = 0; q < C0.length; q++) if (inTri(q)) C0[q] = rng.normal();
      const C = C0.slice();
      syrk(uplo, 'no-transpose', N, K, 0.75, A, K, 1, 0, 2, C, ld, 1, off);
      const outside = Array.from(C).filter((v, q) => !inTri(q) && !Object.is(v, -0)).length;
      expect(outside).toBe(0);
      const got: number[] = [];
      const want: number[] = [];
      for (let q = 0; q < C.length; q++) {
        if (!inTri(q)) continue;
        const [i, j] = [Math.floor((q - off) / ld), (q - off) % ld];
        let s = 0;
        for (let p = 0; p < K; p++) s += A[i * K + p]! * A[j * K + p]!;
        got.push(C[q]!);
        want.push(0.75 * s + 2 * C0[q]!);
      }
      expect(got).toBeAllClose(want, TOLERANCES.float64);
    },
  );
});
