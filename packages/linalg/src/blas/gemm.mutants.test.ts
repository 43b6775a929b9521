/**
 * Tests written for the mutation run (bench/results/mutation) of gemm.ts and internal/gemmWasm.ts. gemm.test.ts
 * compares every path with the triple loop to a tolerance, so a mutant that only moves a product from one path
 * to another (a threshold `<=` made `<`) survived: the paths differ only in rounding. Here each path is pinned
 * bit for bit by the literal sum it documents, at the sizes where the choice between paths is made:
 *
 * - direct loop (M·N·K ≤ 2¹⁵): C ← β·C, then C_ij += (α·a_ik)·b_kj for k ascending;
 * - dot products (N ≤ 3 above it): C_ij += α·(Σ_k a_ik·b_kj), k ascending;
 * - WebAssembly (N ≥ 4 above it): W_ij = Σ_k a_ik·b_kj, k ascending, then C_ij += α·W_ij (C_ij += W_ij when α = 1).
 *
 * α = 0.3 (not a power of two) makes the three roundings differ.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { gemm } from './gemm';
import { GEMM_WASM_MIN_FLOPS, useGemmWasm } from './internal/gemmWasm';

type Form = 'direct' | 'dot' | 'wasm';

/** C = α·A·B + β·C (row-major, no transposes) by the literal sums of `form`. */
function literal(
  form: Form,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  B: Float64Array,
  beta: number,
  C0: Float64Array,
): Float64Array {
  const C = Float64Array.from(C0, (c) => (beta === 0 ? 0 : beta === 1 ? c : beta * c));
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      if (form === 'direct') {
        let c = C[i * N + j]!;
        for (let k = 0; k < K; k++) c = c + alpha * A[i * K + k]! * B[k * N + j]!;
        C[i * N + j] = c;
      } else {
        let s = 0;
        for (let k = 0; k < K; k++) s += A[i * K + k]! * B[k * N + j]!;
        C[i * N + j] = form === 'wasm' && alpha === 1 ? C[i * N + j]! + s : C[i * N + j]! + alpha * s;
      }
    }
  }
  return C;
}

function product(M: number, N: number, K: number, alpha: number, beta: number, seed: string) {
  const rng = new Rng(seed);
  const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
  const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
  const C0 = rng.fillNormal(new Float64Array(M * N)) as Float64Array;
  const C = C0.slice();
  gemm('no-transpose', 'no-transpose', M, N, K, alpha, A, K, 1, 0, B, N, 1, 0, beta, C, N, 1, 0);
  return { A, B, C0, C };
}

describe('gemm: which path computes which product, bit for bit', () => {
  it.each<[Form, number, number, number, number, number]>([
    // M·N·K = 2¹⁵ exactly: still the direct loop.
    ['direct', 32, 32, 32, 0.3, 0.5],
    ['direct', 64, 16, 32, 0.3, 1],
    // Just above: N ≥ 4 goes to WebAssembly, N ≤ 3 to the dot products.
    ['wasm', 33, 32, 32, 0.3, 0.5],
    ['wasm', 32, 4, 257, 0.3, 0],
    ['wasm', 33, 32, 32, 1, 1],
    ['dot', 100, 3, 110, 0.3, 0.5],
    ['dot', 400, 1, 100, 0.3, 1],
  ])('%s: M = %i, N = %i, K = %i, α = %f, β = %f', (form, M, N, K, alpha, beta) => {
    const { A, B, C0, C } = product(M, N, K, alpha, beta, `paths-${form}-${M}-${N}-${K}`);
    const want = literal(form, M, N, K, alpha, A, B, beta, C0);
    const differ = (x: Float64Array): number => x.reduce((n, v, q) => n + (Object.is(v, C[q]) ? 0 : 1), 0);
    // Bit for bit: a product moved to another path differs in the last bits of some entries …
    expect(differ(want)).toBe(0);
    // … as the literal sums of the neighbouring paths show here (else this test could not tell the paths apart).
    for (const other of form === 'direct' ? (['wasm', 'dot'] as const) : (['direct'] as const))
      expect(differ(literal(other, M, N, K, alpha, A, B, beta, C0))).toBeGreaterThan(0);
  });

  it('useGemmWasm: from M·N·K = 2¹⁵ and N = 4 up, not below either', () => {
    expect(GEMM_WASM_MIN_FLOPS).toBe(32 * 32 * 32);
    expect([
      useGemmWasm(32, 32, 32),
      useGemmWasm(32, 4, 256),
      useGemmWasm(31, 32, 32),
      useGemmWasm(64, 3, 512),
    ]).toEqual([true, true, false, false]);
  });

  it('α = 0: A and B are not read (NaN and Infinity in them do not reach C), C is only scaled', () => {
    const A = new Float64Array([NaN, Infinity, 1, 2]);
    const B = new Float64Array([Infinity, 1, NaN, 3]);
    const C = new Float64Array([1, -2, 3, -0]);
    gemm('no-transpose', 'no-transpose', 2, 2, 2, 0, A, 2, 1, 0, B, 2, 1, 0, 1, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([1, -2, 3, -0]);
    gemm('no-transpose', 'no-transpose', 2, 2, 2, 0, A, 2, 1, 0, B, 2, 1, 0, -0.5, C, 2, 1, 0);
    expect(Array.from(C)).toEqual([-0.5, 1, -1.5, 0]);
  });
});

/**
 * The packed JavaScript kernel, as gemm.test.ts loads it: `useGemmWasm` answering false, so every product above the
 * direct-loop size with N ≥ 4 takes it (`packing` from the same fresh module registry, for its scratch buffers).
 */
function loadPacked(): { packed: typeof gemm; scratch: (name: string, size: number) => Float64Array } {
  let packed: typeof gemm | undefined;
  let scratch: ((name: string, size: number) => Float64Array) | undefined;
  jest.isolateModules(() => {
    jest.doMock('./internal/gemmWasm', () => ({
      ...jest.requireActual<Record<string, unknown>>('./internal/gemmWasm'),
      useGemmWasm: () => false,
    }));
    /* eslint-disable @typescript-eslint/no-require-imports -- a fresh gemm and packing bound to the mock above */
    scratch = (require('./internal/packing') as { scratch: typeof scratch }).scratch;
    packed = (require('./gemm') as { gemm: typeof gemm }).gemm;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  if (packed === undefined || scratch === undefined) throw new Error('the packed gemm did not load');
  return { packed, scratch };
}

/** α·op(A)·op(B) + β·C by the textbook triple loop, op(A) = A (M × K) and op(B) = B (K × N) given as (i, k) ↦ value. */
function triple(
  M: number,
  N: number,
  K: number,
  alpha: number,
  a: (i: number, k: number) => number,
  b: (k: number, j: number) => number,
  beta: number,
  c: (i: number, j: number) => number,
): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a(i, k) * b(k, j);
      out[i * N + j] = alpha * s + beta * c(i, j);
    }
  }
  return out;
}

describe('gemm: the packed JavaScript kernel, its scratch and its edge tiles', () => {
  // Killed here: gemm.ts `Math.min(KC, K)` → `Math.max(KC, K)`, `Math.min(NC, N)` → `Math.max(NC, N)`,
  // `Math.min(MC, M)` → `Math.max(MC, M)`, `Math.min(NC, N) / NR` → `* NR`, `Math.min(MC, M) / MR` → `* MR` and the
  // scratch names `'a'` / `'b'` → `""`: the scratch holds exactly one packed block and no more (a block of op(B)
  // kc × ⌈min(NC, N)/NR⌉·NR, of α·op(A) kc × ⌈min(MC, M)/MR⌉·MR). The too-large mutants only waste memory at these
  // sizes, but for N = 10⁵ `Math.max(NC, N)` would allocate 200 MB instead of 4 MiB.
  it('the scratch buffers of a first packed product hold exactly one packed block of op(A) and of op(B)', () => {
    const { packed, scratch } = loadPacked();
    // a fresh registry: no buffer yet (scratch(name, 0) returns the existing buffer, else a new empty one)
    expect([scratch('a', 0).length, scratch('b', 0).length]).toEqual([0, 0]);
    const rng = new Rng('gemm-scratch');
    const [M, N, K] = [37, 34, 35];
    const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
    const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    const C = new Float64Array(M * N);
    packed('no-transpose', 'no-transpose', M, N, K, 1, A, K, 1, 0, B, N, 1, 0, 0, C, N, 1, 0);
    // α·op(A): 35 deep × 40 rows (37 up to a multiple of MR = 4); op(B): 35 deep × 36 columns (34 up to NR = 4)
    expect([scratch('a', 0).length, scratch('b', 0).length]).toEqual([35 * 40, 35 * 36]);
    // the product itself, so that the sizes above are those of a working kernel
    expect(C).toBeAllClose(
      triple(
        M,
        N,
        K,
        1,
        (i, k) => A[i * K + k]!,
        (k, j) => B[k * N + j]!,
        0,
        () => 0,
      ),
      TOLERANCES.float64,
    );
  });

  // Killed here: gemm.ts `SMALL_FLOPS = 32 * 32 * 32` → `32 * 32 / 32` and `32 * 32` → `32 / 32` (both 32): the
  // module-level threshold, evaluated when this fresh registry loads gemm; a 2¹⁵-flop product would then be packed.
  it('in a freshly loaded gemm, M·N·K = 2¹⁵ still takes the direct loop: bit for bit, and no scratch is made', () => {
    const { packed, scratch } = loadPacked();
    const [M, N, K] = [32, 32, 32];
    const rng = new Rng('gemm-fresh-direct');
    const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
    const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    const C0 = rng.fillNormal(new Float64Array(M * N)) as Float64Array;
    const C = C0.slice();
    packed('no-transpose', 'no-transpose', M, N, K, 0.3, A, K, 1, 0, B, N, 1, 0, 0.5, C, N, 1, 0);
    const want = literal('direct', M, N, K, 0.3, A, B, 0.5, C0);
    expect(C.every((v, q) => Object.is(v, want[q]))).toBe(true);
    expect([scratch('a', 0).length, scratch('b', 0).length]).toEqual([0, 0]);
  });

  // Killed here: gemm.ts `nc - jr` → `nc + jr` (a full 4-wide tile at the right edge, nr = 4 instead of N mod 4)
  // and `mc - ir` → `mc + ir` (a full 4-tall tile at the bottom edge). The extra columns and rows come from the zero
  // padding of the packed strips, so they add +0 outside C: every value but −0 is unchanged by that, so the
  // storage around C holds −0 (and −0 + 0 = +0 shows the write).
  it('writes only inside C at the right and bottom edge tiles (the storage around C keeps its −0)', () => {
    const { packed } = loadPacked();
    const rng = new Rng('gemm-edges');
    // M = 37 and N = 34: edge tiles of 1 row and 2 columns; K = 35
    const [M, N, K] = [37, 34, 35];
    const ld = N + 3; // three padding columns after each row of C, and four padding rows after the last
    const off = 2;
    const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
    const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    const C = new Float64Array(off + (M + 4) * ld).fill(-0);
    const inside = (q: number): boolean => q >= off && (q - off) % ld < N && (q - off) / ld < M;
    for (let q = 0; q < C.length; q++) if (inside(q)) C[q] = rng.normal();
    const C0 = C.slice();
    packed('no-transpose', 'no-transpose', M, N, K, -0.75, A, K, 1, 0, B, N, 1, 0, 0.5, C, ld, 1, off);
    const outsideChanged = Array.from(C).filter((v, q) => !inside(q) && !Object.is(v, -0)).length;
    expect(outsideChanged).toBe(0);
    const got = new Float64Array(M * N);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) got[i * N + j] = C[off + i * ld + j]!;
    expect(got).toBeAllClose(
      triple(
        M,
        N,
        K,
        -0.75,
        (i, k) => A[i * K + k]!,
        (k, j) => B[k * N + j]!,
        0.5,
        (i, j) => C0[off + i * ld + j]!,
      ),
      TOLERANCES.float64,
    );
  });

  // Killed here: gemm.ts `N - jc` → `N + jc` (the second column panel 2048 wide instead of N − 2048: reads past the
  // end of op(B), writes past column N of C), `offsetB + pc·sb1 + jc·sb2` → `… − jc·sb2` and `jc·sb2` → `jc / sb2`
  // (the second panel read from the wrong columns of op(B); column-major B, so sb2 ≠ 1 tells · from /).
  it('N = 2051 > NC = 2048: the second column panel, with op(B) column-major', () => {
    const { packed } = loadPacked();
    const rng = new Rng('gemm-panels');
    const [M, N, K] = [3, 2051, 13];
    const ldB = K + 1; // column j of B at j·ldB
    const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
    const B = rng.fillNormal(new Float64Array(ldB * N)) as Float64Array;
    // C row-major with no padding, plus a tail of 8 entries holding −0
    const C = new Float64Array(M * N + 8).fill(-0);
    for (let q = 0; q < M * N; q++) C[q] = rng.normal();
    const C0 = C.slice();
    packed('no-transpose', 'no-transpose', M, N, K, 1.25, A, K, 1, 0, B, 1, ldB, 0, -1, C, N, 1, 0);
    expect(C.subarray(0, M * N)).toBeAllClose(
      triple(
        M,
        N,
        K,
        1.25,
        (i, k) => A[i * K + k]!,
        (k, j) => B[k + j * ldB]!,
        -1,
        (i, j) => C0[i * N + j]!,
      ),
      TOLERANCES.float64,
    );
    expect(Array.from(C.subarray(M * N)).every((v) => Object.is(v, -0))).toBe(true);
  });
});

describe('gemm: the paths at their edges', () => {
  // Killed here: gemm.ts `i < M` → `i <= M` in the dot-product path (N ≤ 3): the extra row i = M reads past op(A)
  // and adds into the row of storage after C.
  it('the dot products of a thin product write no row past M', () => {
    const rng = new Rng('gemm-dot-rows');
    const [M, N, K] = [100, 3, 110];
    expect(M * N * K).toBeGreaterThan(GEMM_WASM_MIN_FLOPS);
    const A = rng.fillNormal(new Float64Array(M * K + 2 * K)) as Float64Array; // two rows of data after op(A)
    const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    const C = new Float64Array((M + 2) * N).fill(7);
    for (let q = 0; q < M * N; q++) C[q] = rng.normal();
    const C0 = C.slice();
    gemm('no-transpose', 'no-transpose', M, N, K, 0.5, A, K, 1, 0, B, N, 1, 0, 2, C, N, 1, 0);
    expect(Array.from(C.subarray(M * N))).toEqual([7, 7, 7, 7, 7, 7]);
    expect(C.subarray(0, M * N)).toBeAllClose(
      triple(
        M,
        N,
        K,
        0.5,
        (i, k) => A[i * K + k]!,
        (k, j) => B[k * N + j]!,
        2,
        (i, j) => C0[i * N + j]!,
      ),
      TOLERANCES.float64,
    );
  });

  // Beyond WebAssembly's 4 GiB gemm runs the packed JavaScript kernel. Here `kernelsFit` answers false (a product
  // that would not fit), so the real `useGemmWasm` refuses it; gemm.beyondWasmMemory.test.ts does the same with a
  // real 4 GiB product (stride-0 operands), too slow for the mutation run.
  // Killed here: gemm.ts `useGemmWasm(M, N, K)` → `true` (the WebAssembly path: C += α·W, W the plain sums) and
  // `N <= 3` → `true` (the dot products: the same as W here): the packed kernel scales op(A) by α when it packs it and
  // adds each KC = 256-deep block sum to C in turn, another rounding, as the second assertion checks.
  it('a product that does not fit in WebAssembly memory, N = 4 and N = 32: the packed kernel, bit for bit', () => {
    let tooBig: typeof gemm | undefined;
    let fits: ((M: number, N: number, K: number) => boolean) | undefined;
    jest.isolateModules(() => {
      jest.doMock('../wasm/kernels', () => ({
        ...jest.requireActual<Record<string, unknown>>('../wasm/kernels'),
        kernelsFit: () => false,
      }));
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh gemm bound to the mock above */
      fits = (require('./internal/gemmWasm') as { useGemmWasm: typeof useGemmWasm }).useGemmWasm;
      tooBig = (require('./gemm') as { gemm: typeof gemm }).gemm;
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    if (tooBig === undefined || fits === undefined) throw new Error('gemm did not load');
    for (const [M, N, K] of [
      [33, 4, 300],
      [21, 32, 520],
    ] as const) {
      expect(fits(M, N, K)).toBe(false);
      const rng = new Rng(`gemm-too-big-${N}`);
      const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
      const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
      const C0 = rng.fillNormal(new Float64Array(M * N)) as Float64Array;
      const C = C0.slice();
      const [alpha, beta] = [0.3, 0.5];
      tooBig('no-transpose', 'no-transpose', M, N, K, alpha, A, K, 1, 0, B, N, 1, 0, beta, C, N, 1, 0);
      // The packed kernel's literal sums: C_ij ← β·C_ij, then for each 256-deep block C_ij += Σ_k (α·a_ik)·b_kj,
      // the block sum accumulated from 0 in k order.
      const packedSum = Float64Array.from(C0, (c) => beta * c);
      for (let i = 0; i < M; i++)
        for (let j = 0; j < N; j++)
          for (let pc = 0; pc < K; pc += 256) {
            let t = 0;
            for (let k = pc; k < Math.min(K, pc + 256); k++) t += alpha * A[i * K + k]! * B[k * N + j]!;
            packedSum[i * N + j] = packedSum[i * N + j]! + t;
          }
      const differ = (x: Float64Array): number => x.reduce((n, v, q) => n + (Object.is(v, C[q]) ? 0 : 1), 0);
      expect(differ(packedSum)).toBe(0);
      // … where the dot products and the WebAssembly kernel (C_ij += α·Σ_k a_ik·b_kj) round otherwise
      expect(differ(literal('dot', M, N, K, alpha, A, B, beta, C0))).toBeGreaterThan(0);
    }
  });
});
