/**
 * Tests written for the mutation run (bench/results/mutation) of internal/gemmWasm.ts, beside the bit-for-bit path
 * tests of ../gemm.mutants.test.ts: that the kernel instance a product used goes back to the pool.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../../random/rng';
import { pooledMemory, withFreshPool } from '../../wasm/testing';
import type * as GemmWasmModule from './gemmWasm';

describe('gemmWasm: the kernel instance goes back to the pool', () => {
  // Killed here: gemmWasm.ts `finally { releaseKernels('f64', k); }` → `{}`: without it every product would
  // instantiate a fresh module and grow (and first-touch) a fresh memory, the pool staying empty.
  it('after a product, the idle f64 instance is the one whose memory grew to hold it', () => {
    // a fresh module registry: an empty pool, whatever the other tests of this worker left there
    const { kernels, module: gw } = withFreshPool(
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- gemmWasm from the pool's fresh registry
      () => require('./gemmWasm') as typeof GemmWasmModule,
    );
    const rng = new Rng('gemm-wasm-pool');
    const [M, N, K] = [128, 128, 128];
    // the kernel memory a product needs past the reserved page: op(A), op(B) and W, float64
    const bytes = 8 * (M * K + K * N + M * N);
    const A = rng.fillNormal(new Float64Array(M * K)) as Float64Array;
    const B = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
    const C = new Float64Array(M * N);
    gw.gemmWasm(M, N, K, 1, A, K, 1, 0, B, N, 1, 0, C, N, 1, 0);
    // the product, so that the instance below is that of a working call
    const want = new Float64Array(M * N);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let p = 0; p < K; p++) s += A[i * K + p]! * B[p * N + j]!;
        want[i * N + j] = s;
      }
    expect(C).toBeAllClose(want, TOLERANCES.float64);

    const { used, fresh } = pooledMemory(kernels, 'f64');
    expect(used).toBeGreaterThanOrEqual(kernels.KERNELS_BASE + bytes);
    // a new instance has not grown that far (else the line above could not tell them apart)
    expect(fresh).toBeLessThan(kernels.KERNELS_BASE + bytes);
  });
});
