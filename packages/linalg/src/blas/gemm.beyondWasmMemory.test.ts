/**
 * gemm beyond WebAssembly's 4 GiB, unmocked: the product that gemm.mutants.test.ts simulates with `kernelsFit`
 * answering false, here for real. Left out of the mutation run (tooling/scripts/mutation.mjs, `skipTests`): its
 * 2²⁶-deep sums take a second here and minutes under a mutant that breaks the packed kernel's loops.
 */
import { gemm } from './gemm';
import { useGemmWasm } from './internal/gemmWasm';

describe('gemm: a product beyond the WebAssembly memory', () => {
  // K = 2²⁶ with stride-0 operands (A_ik = a_i, B_kj = b_j from arrays of M and N entries) needs
  // 8·(4K + 4K + 16) bytes = 4 GiB + 128 of kernel memory, so `useGemmWasm` answers false while the test allocates
  // a few bytes. Would fail: `useGemmWasm(M, N, K)` → `true` in gemm.ts (the WebAssembly path refuses the size with a
  // RangeError) and `N <= 3` → `true` (the dot products: one sum over all K, scaled by α once, where the packed
  // kernel scales op(A) by α and adds C one KC = 256-deep block sum at a time — the roundings differ, checked below).
  it('beyond the WebAssembly memory, N = 4: the packed kernel, bit for bit its block sums', () => {
    const [M, N, K] = [4, 4, 2 ** 26];
    expect(useGemmWasm(M, N, K)).toBe(false);
    const a = new Float64Array([1, -3, 0.5, 2]);
    const b = new Float64Array([3, 1, -0.25, 5]);
    const alpha = 0.3;
    const beta = 0.5;
    const C0 = new Float64Array([1, -2, 3, 0.25, 0, 7, -1, 2, 5, 4, -6, 1, 0.5, -0.5, 9, 11]);
    const C = C0.slice();
    gemm('no-transpose', 'no-transpose', M, N, K, alpha, a, 1, 0, 0, b, 0, 1, 0, beta, C, N, 1, 0);
    // The packed kernel's literal sums: C_ij ← β·C_ij, then for each of the K/256 blocks C_ij += Σ_256 (α·a_i)·b_j,
    // the block sum accumulated from 0 in k order (every block has the same terms, so one block sum serves all).
    const packedSum = new Float64Array(M * N);
    // The dot products' literal sum: C_ij ← β·C_ij + α·Σ_K a_i·b_j, the sum exact here (a_i·b_j·2²⁶ are dyadic
    // rationals of a few bits).
    const dotSum = new Float64Array(M * N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let block = 0;
        for (let p = 0; p < 256; p++) block += alpha * a[i]! * b[j]!;
        let c = beta * C0[i * N + j]!;
        for (let q = 0; q < K / 256; q++) c += block;
        packedSum[i * N + j] = c;
        dotSum[i * N + j] = beta * C0[i * N + j]! + alpha * (a[i]! * b[j]! * K);
      }
    }
    const differ = (x: Float64Array): number => x.reduce((n, v, q) => n + (Object.is(v, C[q]) ? 0 : 1), 0);
    expect(differ(packedSum)).toBe(0);
    // … and the dot products would not give it (else this test could not tell the two paths apart)
    expect(differ(dotSum)).toBeGreaterThan(0);
    // and it is the product (dotSum is exact up to one rounding of α·s): 2¹⁸ block sums added to a running total
    // lose at most 2¹⁸·u ≈ 3e-11 relative, so 1e-9 of the largest entry holds with room to spare
    expect(C).toBeAllClose(dotSum, { rtol: 1e-9, atol: 0 });
  });
});
