import fc from 'fast-check';
import { Rng } from '../random/rng';
import { gemm } from './gemm';
import type { Transpose } from './gemm';
import { GEMM_WASM_MIN_FLOPS, useGemmWasm } from './internal/gemmWasm';

/** A strided operand: `rows × cols` logical, stored row- or column-major at an offset inside a padded buffer. */
interface Strided {
  data: Float64Array;
  s1: number;
  s2: number;
  off: number;
  rows: number;
  cols: number;
}

function strided(rng: Rng, rows: number, cols: number, colMajor: boolean, off: number, pad: number): Strided {
  const ld = (colMajor ? rows : cols) + pad;
  const data = new Float64Array(off + ld * (colMajor ? cols : rows) + 3);
  rng.fillNormal(data);
  return colMajor ? { data, s1: 1, s2: ld, off, rows, cols } : { data, s1: ld, s2: 1, off, rows, cols };
}
const at = (x: Strided, i: number, j: number): number => x.data[x.off + i * x.s1 + j * x.s2] as number;

/** Independent reference: the textbook triple loop on op(A), op(B). */
function naive(
  tA: Transpose,
  tB: Transpose,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Strided,
  B: Strided,
  beta: number,
  C: Strided,
): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++)
        s += (tA === 'transpose' ? at(A, k, i) : at(A, i, k)) * (tB === 'transpose' ? at(B, j, k) : at(B, k, j));
      out[i * N + j] = alpha * s + (beta === 0 ? 0 : beta * at(C, i, j));
    }
  }
  return out;
}

function run(
  rng: Rng,
  tA: Transpose,
  tB: Transpose,
  M: number,
  N: number,
  K: number,
  alpha: number,
  beta: number,
  layout: [boolean, boolean, boolean],
  off = 0,
  pad = 0,
): { got: Float64Array; want: Float64Array } {
  const A = tA === 'transpose' ? strided(rng, K, M, layout[0], off, pad) : strided(rng, M, K, layout[0], off, pad);
  const B =
    tB === 'transpose' ? strided(rng, N, K, layout[1], off + 1, pad) : strided(rng, K, N, layout[1], off + 1, pad);
  const C = strided(rng, M, N, layout[2], off + 2, pad);
  const want = naive(tA, tB, M, N, K, alpha, A, B, beta, C);
  gemm(tA, tB, M, N, K, alpha, A.data, A.s1, A.s2, A.off, B.data, B.s1, B.s2, B.off, beta, C.data, C.s1, C.s2, C.off);
  const got = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) got[i * N + j] = at(C, i, j);
  return { got, want };
}

const TRANS: Transpose[] = ['no-transpose', 'transpose'];

describe('gemm: C = α·op(A)·op(B) + β·C', () => {
  // Shapes on both sides of the direct/packed switch, with edge tiles in every dimension
  // and K larger than one packed block (256).
  const shapes: [number, number, number][] = [
    [3, 5, 2],
    [37, 41, 53],
    [9, 130, 301],
    [101, 6, 70],
  ];
  for (const tA of TRANS) {
    for (const tB of TRANS) {
      it(`matches the triple loop for op(A) = ${tA}, op(B) = ${tB}`, () => {
        const rng = new Rng(`gemm-${tA}-${tB}`);
        for (const [M, N, K] of shapes) {
          const { got, want } = run(rng, tA, tB, M, N, K, 1.5, -0.5, [false, false, false]);
          expect(got).toBeAllClose(want);
        }
      });
    }
  }

  it('honours strides and offsets (column-major operands inside padded buffers)', () => {
    const rng = new Rng('gemm-strides');
    for (const layout of [
      [true, true, true],
      [true, false, true],
      [false, true, false],
    ] as [boolean, boolean, boolean][]) {
      const { got, want } = run(rng, 'transpose', 'no-transpose', 45, 38, 67, 0.75, 2, layout, 5, 3);
      expect(got).toBeAllClose(want);
    }
  });

  it('does not write outside C', () => {
    const rng = new Rng('gemm-bounds');
    const M = 40,
      N = 40,
      K = 40,
      ld = 45;
    const C = new Float64Array(ld * M + 10).fill(7);
    const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
    const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    gemm('no-transpose', 'no-transpose', M, N, K, 1, A, K, 1, 0, B, N, 1, 0, 0, C, ld, 1, 5);
    for (let i = 0; i < 5; i++) expect(C[i]).toBe(7);
    for (let i = 0; i < M; i++)
      for (let j = N; j < ld && 5 + i * ld + j < C.length; j++) expect(C[5 + i * ld + j]).toBe(7);
  });

  it('β = 0 overwrites C, NaN included; α = 0 or K = 0 only scales C', () => {
    const A = new Float64Array([1, 2, 3, 4]);
    const C = new Float64Array([NaN, NaN, NaN, NaN]);
    gemm('no-transpose', 'no-transpose', 2, 2, 2, 1, A, 2, 1, 0, A, 2, 1, 0, 0, C, 2, 1, 0);
    expect(C).toBeAllClose([7, 10, 15, 22]);
    gemm('no-transpose', 'no-transpose', 2, 2, 2, 0, A, 2, 1, 0, A, 2, 1, 0, 2, C, 2, 1, 0);
    expect(C).toBeAllClose([14, 20, 30, 44]);
    gemm('no-transpose', 'no-transpose', 2, 2, 0, 1, A, 2, 1, 0, A, 2, 1, 0, -1, C, 2, 1, 0);
    expect(C).toBeAllClose([-14, -20, -30, -44]);
  });

  it('propagates NaN in A or B into the product (no silent zero-skipping)', () => {
    const n = 40;
    const A = new Float64Array(n * n).fill(1);
    const B = new Float64Array(n * n);
    A[3 * n + 5] = NaN; // row 3 of A
    const C = new Float64Array(n * n);
    gemm('no-transpose', 'no-transpose', n, n, n, 1, A, n, 1, 0, B, n, 1, 0, 0, C, n, 1, 0);
    expect(Number.isNaN(C[3 * n + 0] as number)).toBe(true);
    expect(C[4 * n + 0]).toBe(0);
  });

  it('handles empty products (M, N or K = 0) and 1 × 1', () => {
    const C = new Float64Array([3]);
    gemm(
      'no-transpose',
      'no-transpose',
      0,
      0,
      5,
      1,
      new Float64Array(0),
      5,
      1,
      0,
      new Float64Array(0),
      0,
      1,
      0,
      0,
      C,
      1,
      1,
      0,
    );
    expect(C[0]).toBe(3);
    gemm(
      'transpose',
      'transpose',
      1,
      1,
      1,
      2,
      new Float64Array([3]),
      1,
      1,
      0,
      new Float64Array([5]),
      1,
      1,
      0,
      1,
      C,
      1,
      1,
      0,
    );
    expect(C[0]).toBe(33);
  });

  it('A·Aᵀ is exactly symmetric (every entry is summed in the same order)', () => {
    const rng = new Rng('gemm-sym');
    const n = 70,
      k = 300;
    const A = rng.fillNormal(new Float64Array(n * k)) as Float64Array;
    const C = new Float64Array(n * n);
    gemm('no-transpose', 'transpose', n, n, k, 1, A, k, 1, 0, A, k, 1, 0, 0, C, n, 1, 0);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(C[i * n + j]).toBe(C[j * n + i]);
  });

  it('property: random shapes, transposes, layouts, α, β agree with the triple loop', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 90 }),
        fc.constantFrom(...TRANS),
        fc.constantFrom(...TRANS),
        fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
        fc.constantFrom(0, 1, -2.5),
        fc.constantFrom(0, 1, 0.5),
        fc.integer({ min: 0, max: 1000 }),
        (M, N, K, tA, tB, layout, alpha, beta, seed) => {
          const { got, want } = run(new Rng(seed), tA, tB, M, N, K, alpha, beta, layout, seed % 4, seed % 3);
          expect(got).toBeAllClose(want);
        },
      ),
      { numRuns: 60, seed: 20240601 },
    );
  });

  it('both large-product paths: the WebAssembly kernel (N ≥ 4, padded to fours) and the dot products of thin products (N ≤ 3)', () => {
    const rng = new Rng('gemm-paths');
    // [M, N, K]: WebAssembly with M and N not multiples of 4 and K over one 256-deep block, a column panel
    // boundary (N > 256), then the dot-product loop for N = 1 and 3 above the direct-loop size.
    const wasm: [number, number, number][] = [
      [33, 5, 300],
      [7, 259, 20],
      [64, 64, 64],
    ];
    const js: [number, number, number][] = [
      [300, 1, 200],
      [150, 3, 100],
    ];
    for (const [M, N, K] of wasm) expect(useGemmWasm(M, N, K)).toBe(true);
    for (const [M, N, K] of js) {
      expect(M * N * K).toBeGreaterThan(GEMM_WASM_MIN_FLOPS);
      expect(useGemmWasm(M, N, K)).toBe(false);
    }
    for (const tA of TRANS) {
      for (const tB of TRANS) {
        for (const [M, N, K] of [...wasm, ...js]) {
          const { got, want } = run(
            rng,
            tA,
            tB,
            M,
            N,
            K,
            -1.25,
            0.5,
            [tA === 'transpose', false, tB === 'transpose'],
            2,
            1,
          );
          expect(got).toBeAllClose(want);
        }
      }
    }
  });

  it('property: the WebAssembly path for random shapes, transposes, layouts, α, β', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 70 }),
        fc.integer({ min: 4, max: 70 }),
        fc.integer({ min: 30, max: 300 }),
        fc.constantFrom(...TRANS),
        fc.constantFrom(...TRANS),
        fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
        fc.constantFrom(0, 1, -2.5),
        fc.constantFrom(0, 1, 0.5),
        fc.integer({ min: 0, max: 1000 }),
        (M, N, K, tA, tB, layout, alpha, beta, seed) => {
          fc.pre(useGemmWasm(M, N, K));
          const { got, want } = run(new Rng(seed), tA, tB, M, N, K, alpha, beta, layout, seed % 4, seed % 3);
          expect(got).toBeAllClose(want);
        },
      ),
      { numRuns: 30, seed: 20261129 },
    );
  });
});

// The packed JavaScript kernel runs only when the WebAssembly kernel's memory cannot hold the operands (beyond
// 4 GiB), which no test can allocate with dense operands (gemm.beyondWasmMemory.test.ts reaches it once, with
// stride-0 ones): here gemm is loaded with `useGemmWasm` answering false, so every product above the direct-loop
// size with N ≥ 4 takes the packed path. Sizes cross the MC = 96, KC = 256 block edges
// and the MR × NR micro-tile tails.
describe('gemm: the packed JavaScript kernel (the path beyond the WebAssembly memory)', () => {
  let packedGemm: typeof gemm;
  beforeAll(() => {
    jest.isolateModules(() => {
      jest.doMock('./internal/gemmWasm', () => ({
        ...jest.requireActual<Record<string, unknown>>('./internal/gemmWasm'),
        useGemmWasm: () => false,
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh gemm bound to the mock above
      packedGemm = (require('./gemm') as { gemm: typeof gemm }).gemm;
    });
  });

  const shapes: [number, number, number][] = [
    [33, 34, 35],
    [97, 5, 257],
    [100, 13, 300],
    [7, 41, 520],
  ];
  for (const tA of TRANS) {
    for (const tB of TRANS) {
      it(`matches the triple loop for op(A) = ${tA}, op(B) = ${tB}, strided, α and β`, () => {
        const rng = new Rng(11);
        for (const [M, N, K] of shapes) {
          const layout: [boolean, boolean, boolean] = [M % 2 === 0, N % 2 === 0, K % 2 === 0];
          const A = tA === 'transpose' ? strided(rng, K, M, layout[0], 1, 2) : strided(rng, M, K, layout[0], 1, 2);
          const B = tB === 'transpose' ? strided(rng, N, K, layout[1], 2, 1) : strided(rng, K, N, layout[1], 2, 1);
          const C = strided(rng, M, N, layout[2], 3, 1);
          const want = naive(tA, tB, M, N, K, -0.75, A, B, 0.5, C);
          packedGemm(
            tA,
            tB,
            M,
            N,
            K,
            -0.75,
            A.data,
            A.s1,
            A.s2,
            A.off,
            B.data,
            B.s1,
            B.s2,
            B.off,
            0.5,
            C.data,
            C.s1,
            C.s2,
            C.off,
          );
          const got = new Float64Array(M * N);
          for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) got[i * N + j] = at(C, i, j);
          // K ≤ 520 terms of N(0,1)² products: summation-order differences stay near 1e-13 absolute
          expect(got).toBeAllClose(want, { rtol: 1e-12, atol: 1e-12 });
        }
      });
    }
  }
});
