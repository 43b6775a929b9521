/**
 * Tests written for the mutation run (bench/results/mutation) of internal/syrkWasm.ts: the kernel memory a product
 * asks for (what it needs, to the 64 KiB page) and the instance going back to the pool.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../../random/rng';
import { pooledMemory, withFreshPool } from '../../wasm/testing';
import type * as SyrkWasmModule from './syrkWasm';

describe('syrkWasm: the kernel memory it takes and gives back', () => {
  // Killed here: `finally { releaseKernels('f64', k); }` → `{}` (the pool stays empty: every product instantiates
  // and grows a fresh memory), and the bytes asked for, 8·(N² + N·min(KC, K)), made larger (`Math.max(KC, K)`):
  // a fresh instance grows to what it is asked for, rounded up to a page.
  it('after a product, the idle f64 instance holds W and one panel, to the page', () => {
    // a fresh module registry: an empty pool, whatever the other tests of this worker left there
    const { kernels, module: sw } = withFreshPool(
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- syrkWasm from the pool's fresh registry
      () => require('./syrkWasm') as typeof SyrkWasmModule,
    );
    const rng = new Rng('syrk-wasm-pool');
    const [N, K] = [64, 300];
    const A = rng.fillNormal(new Float64Array(N * K)) as Float64Array;
    const C = new Float64Array(N * N);
    sw.syrkWasm(true, N, K, 1, A, K, 1, 0, C, N, 1, 0);
    const got: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < N; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let p = 0; p < K; p++) s += A[i * K + p]! * A[j * K + p]!;
        got.push(C[i * N + j]!);
        want.push(s);
      }
    expect(got).toBeAllClose(want, TOLERANCES.float64);

    // W (N × N) and one 256-deep panel of op(A) (N × 256), float64, past the reserved page
    const needed = kernels.KERNELS_BASE + 8 * (N * N + N * 256);
    const { used, fresh } = pooledMemory(kernels, 'f64');
    expect(used).toBeGreaterThanOrEqual(needed);
    expect(used).toBeLessThan(needed + 65536);
    // a new instance has not grown that far (else the lines above could not tell them apart)
    expect(fresh).toBeLessThan(needed);
  });
});
