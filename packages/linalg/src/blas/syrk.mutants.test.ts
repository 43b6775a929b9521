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
import { stopSyrkThreads, syrkSplit } from './internal/syrkThreads';
import type * as SyrkThreadsModule from './internal/syrkThreads';

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

/**
 * The JavaScript path's literal sums (as the first test above): C_ij ← β·C_ij on the triangle (β = 0: 0), then for
 * each 256-deep block C_ij += Σ_p (α·a_ip)·a_jp, the block sum from 0 in p order; a_ip = A[offA + i·s1 + p·s2],
 * C_ij = C[offC + i·c1 + j·c2]. Entries outside the triangle are left as they are.
 */
function literalSyrk(
  lower: boolean,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  s1: number,
  s2: number,
  offA: number,
  beta: number,
  C: Float64Array,
  c1: number,
  c2: number,
  offC: number,
): void {
  for (let i = 0; i < N; i++)
    for (let j = lower ? 0 : i; j < (lower ? i + 1 : N); j++) {
      const q = offC + i * c1 + j * c2;
      let c = beta === 0 ? 0 : beta * C[q]!;
      for (let pc = 0; pc < K; pc += 256) {
        let t = 0;
        for (let p = pc; p < Math.min(K, pc + 256); p++)
          t += alpha * A[offA + i * s1 + p * s2]! * A[offA + j * s1 + p * s2]!;
        c += t;
      }
      C[q] = c;
    }
}

describe('syrk: the JavaScript path past one block of rows and columns, C column-major', () => {
  // Killed here: C's column stride in the β loop and the tiles (`j * strideC2`, `gj * strideC2` → `/`), the β loop's
  // `i < N` → `<=` (a row past C, in the padding), and the second row block at ic = 96: `iEnd - ic` → `+` (rows past
  // C), `offsetA + ic * sa1` → `-` or `/`.
  it.each<[Uplo, Transpose, number]>([
    ['lower', 'no-transpose', 0],
    ['upper', 'no-transpose', 0.5],
    ['lower', 'transpose', -1.5],
    ['upper', 'transpose', 0],
  ])('%s, %s, β = %d, N = 100 (a second row block), K = 20: the literal sums, bit for bit', (uplo, trans, beta) => {
    const [N, K] = [100, 20];
    expect(useSyrkWasm(N, K)).toBe(false);
    const rng = new Rng(`syrk-colmajor-${uplo}-${trans}`);
    const offA = 1;
    const A = rng.fillNormal(new Float64Array(offA + N * K)) as Float64Array;
    const [lda, s1, s2] = trans === 'transpose' ? [N, 1, N] : [K, K, 1];
    // C_ij at 4 + i + j·ld: column-major, three padding rows below each column and a column after C, all holding 7
    const [offC, ld] = [4, N + 3];
    const C0 = new Float64Array(offC + ld * (N + 1)).fill(7);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) C0[offC + i + j * ld] = rng.normal();
    const want = C0.slice();
    literalSyrk(uplo === 'lower', N, K, 0.625, A, s1, s2, offA, beta, want, 1, ld, offC);
    const C = C0.slice();
    syrk(uplo, trans, N, K, 0.625, A, lda, 1, offA, beta, C, 1, ld, offC);
    const differ = C.reduce((n, v, q) => n + (Object.is(v, want[q]) ? 0 : 1), 0);
    expect(differ).toBe(0);
  });

  // Beyond WebAssembly's 4 GiB syrk runs the packed JavaScript kernel at any size: here `kernelsFit` answers false,
  // so N = 2053 > NC = 2048 takes a second column block (a real one would be N ≥ 23,170).
  // Killed here: `N - jc` → `N + jc` (a second block 2048 wide), `offsetA + pc * sa2 + jc * sa1` → `- jc * sa1` or
  // `jc / sa1` (the wrong columns packed).
  it.each<[Uplo, Transpose]>([
    ['lower', 'no-transpose'],
    ['upper', 'transpose'],
  ])('%s, %s, N = 2053 beyond the WebAssembly memory: the literal sums, bit for bit', (uplo, trans) => {
    let tooBig: typeof syrk | undefined;
    let fits: typeof useSyrkWasm | undefined;
    jest.isolateModules(() => {
      jest.doMock('../wasm/kernels', () => ({
        ...jest.requireActual<Record<string, unknown>>('../wasm/kernels'),
        kernelsFit: () => false,
      }));
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh syrk bound to the mock above */
      fits = (require('./internal/syrkWasm') as { useSyrkWasm: typeof useSyrkWasm }).useSyrkWasm;
      tooBig = (require('./syrk') as { syrk: typeof syrk }).syrk;
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    jest.dontMock('../wasm/kernels');
    if (tooBig === undefined || fits === undefined) throw new Error('syrk did not load');
    const [N, K] = [2053, 3];
    expect(fits(N, K)).toBe(false);
    // Only the last five rows of op(A) are non-zero, so every entry of the triangle is β·1.5 = 0.375 (the block sums
    // of zero products are +0) but the 5 × 5 corner of the second column block: the test stays fast (per-entry loops
    // over 2053² are seconds under jest), and a wrong column block or one too wide shows in that corner or spills.
    const rng = new Rng(`syrk-too-big-${uplo}`);
    const A = new Float64Array(N * K);
    const [lda, s1, s2] = trans === 'transpose' ? [N, 1, N] : [K, K, 1];
    for (let i = 2048; i < N; i++) for (let p = 0; p < K; p++) A[i * s1 + p * s2] = rng.normal();
    const C = new Float64Array(N * N).fill(1.5);
    const want = C.slice();
    for (let i = 0; i < N; i++)
      want.fill(0.375, uplo === 'lower' ? i * N : i * N + i, uplo === 'lower' ? i * N + i + 1 : (i + 1) * N);
    for (let i = 2048; i < N; i++)
      for (let j = 2048; j < N; j++) {
        if (uplo === 'lower' ? i < j : i > j) continue;
        let t = 0;
        for (let p = 0; p < K; p++) t += -0.5 * A[i * s1 + p * s2]! * A[j * s1 + p * s2]!;
        want[i * N + j] = 0.375 + t;
      }
    tooBig(uplo, trans, N, K, -0.5, A, lda, 1, 0, 0.25, C, N, 1, 0);
    expect(want[N * N - 1]).not.toBe(0.375);
    expect(Buffer.from(C.buffer).equals(Buffer.from(want.buffer))).toBe(true);
  });
});

describe('syrk: which WebAssembly path, bit for bit', () => {
  afterAll(() => stopSyrkThreads());

  // Killed here: `useSyrkWasm(N, K)` → `false` and its block emptied (the JavaScript path: another rounding).
  it('from N²K = 2¹⁸ up: β·C, then exactly one syrkWasm over all of K', () => {
    const [N, K] = [64, 300];
    const rng = new Rng('syrk-one-wasm');
    const A = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    const C0 = rng.fillNormal(new Float64Array(N * N)) as Float64Array;
    const want = Float64Array.from(C0, (v, q) => (Math.floor(q / N) >= q % N ? 0.5 * v : v));
    syrkWasm(true, N, K, 1.25, A, 1, N, 0, want, N, 1, 0);
    const literal = C0.slice();
    literalSyrk(true, N, K, 1.25, A, 1, N, 0, 0.5, literal, N, 1, 0);
    expect(literal.reduce((n, v, q) => n + (Object.is(v, want[q]) ? 0 : 1), 0)).toBeGreaterThan(0);
    const C = C0.slice();
    syrk('lower', 'transpose', N, K, 1.25, A, N, 1, 0, 0.5, C, N, 1, 0);
    expect(C.reduce((n, v, q) => n + (Object.is(v, want[q]) ? 0 : 1), 0)).toBe(0);
  });

  // Killed here: `kSplit > 0` → `false` or `<= 0` (one syrkWasm over all of K: another rounding than the halves).
  // syrkThreads.test.ts runs the real split at N²K = 2³⁰; here syrk is loaded with syrkSplit's threshold at 0, so that
  // N = 64, K = 600 splits (at 300) in milliseconds.
  it('on the split path: syrkWasm on the first ⌈K/2⌉ columns of op(A), then on the rest', async () => {
    let split: typeof syrk | undefined;
    let stop: (() => Promise<void>) | undefined;
    jest.isolateModules(() => {
      jest.doMock('./internal/syrkThreads', () => {
        const actual = jest.requireActual<typeof SyrkThreadsModule>('./internal/syrkThreads');
        stop = actual.stopSyrkThreads;
        return { ...actual, syrkSplit: (N: number, K: number) => actual.syrkSplit(N, K, 0) };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh syrk bound to the mock above
      split = (require('./syrk') as { syrk: typeof syrk }).syrk;
    });
    jest.dontMock('./internal/syrkThreads');
    if (split === undefined) throw new Error('syrk did not load');
    const [N, K] = [64, 600];
    expect(syrkSplit(N, K, 0)).toBe(300);
    const rng = new Rng('syrk-halves');
    const A = rng.fillNormal(new Float64Array(N * K)) as Float64Array; // op(A) = A, N × K row-major
    const halves = new Float64Array(N * N);
    syrkWasm(false, N, 300, -1, A, K, 1, 0, halves, N, 1, 0);
    syrkWasm(false, N, 300, -1, A, K, 1, 300, halves, N, 1, 0);
    const once = new Float64Array(N * N);
    syrkWasm(false, N, K, -1, A, K, 1, 0, once, N, 1, 0);
    expect(once.reduce((n, v, q) => n + (Object.is(v, halves[q]) ? 0 : 1), 0)).toBeGreaterThan(0);
    const C = new Float64Array(N * N);
    split('upper', 'no-transpose', N, K, -1, A, K, 1, 0, 0, C, N, 1, 0);
    await stop?.();
    expect(C.reduce((n, v, q) => n + (Object.is(v, halves[q]) ? 0 : 1), 0)).toBe(0);
  });
});
