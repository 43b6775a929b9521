/**
 * Tests written for the mutation run (bench/results/mutation) of internal/syrkWasm.ts: the kernel memory a product
 * asks for (what it needs, to the 64 KiB page) and the instance going back to the pool.
 */
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../../random/rng';
import { pooledMemory, withFreshPool } from '../../wasm/testing';
import type * as SyrkWasmModule from './syrkWasm';
import { syrkWasm } from './syrkWasm';

/** The lower triangle of the N × N row-major C beside c0 + α·Σ_p a_ip·a_jp (A row-major, N × K). */
function lowerAgainstSums(C: Float64Array, N: number, K: number, A: Float64Array, alpha: number, c0: number) {
  const got: number[] = [];
  const want: number[] = [];
  for (let i = 0; i < N; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += A[i * K + p]! * A[j * K + p]!;
      got.push(C[i * N + j]!);
      want.push(c0 + alpha * s);
    }
  return { got, want };
}

describe('syrkWasm: the kernel memory it takes and gives back', () => {
  // Killed here: `finally { releaseKernels('f64', k); }` → `{}` (the pool stays empty: every product instantiates
  // and grows a fresh memory), and the bytes asked for, 8·(N² + N·min(KC, K)), made larger (`Math.max(KC, K)`: with
  // K = 1300, 64·(1300 − 256) float64s more, 8 pages): a fresh instance grows to what it is asked for, rounded up to a
  // page.
  it('after a product, the idle f64 instance holds W and one panel, to the page', () => {
    // a fresh module registry: an empty pool, whatever the other tests of this worker left there
    const { kernels, module: sw } = withFreshPool(
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- syrkWasm from the pool's fresh registry
      () => require('./syrkWasm') as typeof SyrkWasmModule,
    );
    const rng = new Rng('syrk-wasm-pool');
    const [N, K] = [64, 1300];
    const A = rng.fillNormal(new Float64Array(N * K)) as Float64Array;
    const C = new Float64Array(N * N);
    sw.syrkWasm(true, N, K, 1, A, K, 1, 0, C, N, 1, 0);
    const { got, want } = lowerAgainstSums(C, N, K, A, 1, 0);
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

describe('syrkWasm: operands inside larger arrays, C column-major, and a product past 4 GiB', () => {
  // Killed here: the gather's `i < N` → `<=` (with op(A) the first N rows of a taller array, row N would be set past
  // the panel: a RangeError) and the write-back's lower-triangle `j * strideC2` → `/` (C column-major).
  it('op(A) the first N rows of a taller array, C lower and column-major: the row-major C transposed, bit for bit', () => {
    const [N, K] = [40, 300];
    const rng = new Rng('syrk-wasm-taller');
    const A = rng.fillNormal(new Float64Array((N + 5) * K)) as Float64Array; // N + 5 rows, the first N used
    const rowMajor = new Float64Array(N * N).fill(0.5);
    syrkWasm(true, N, K, -2, A, K, 1, 0, rowMajor, N, 1, 0);
    const ld = N + 1;
    const colMajor = new Float64Array(ld * N).fill(0.5);
    syrkWasm(true, N, K, -2, A, K, 1, 0, colMajor, 1, ld, 0);
    let differ = 0;
    let changed = 0;
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        if (!Object.is(colMajor[i + j * ld], rowMajor[i * N + j])) differ++;
        if (rowMajor[i * N + j] !== 0.5) changed++;
      }
    expect(differ).toBe(0);
    expect(changed).toBe((N * (N + 1)) / 2); // the lower triangle, and nothing else
    // and the row-major lower triangle is 0.5 − 2·Σ_p a_ip·a_jp
    const { got, want } = lowerAgainstSums(rowMajor, N, K, A, -2, 0.5);
    expect(got).toBeAllClose(want, TOLERANCES.float64);
  });

  // Killed here: the description in the kernel pool's error (`syrk of a N × K operand` → ``).
  it('a product whose W would not fit in 4 GiB is refused, naming it, before anything is read', () => {
    const N = 23200; // 8·(N² + N) bytes past the reserved page: 4.01 GiB
    expect(() => syrkWasm(true, N, 1, 1, new Float64Array(0), 1, 1, 0, new Float64Array(0), N, 1, 0)).toThrow(
      exactMessage(
        'syrk of a 23200 × 1 operand needs 4.01 GiB of WebAssembly memory; the kernels address at most 4 GiB',
      ),
    );
  });
});
