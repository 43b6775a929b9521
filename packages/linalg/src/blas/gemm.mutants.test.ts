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
