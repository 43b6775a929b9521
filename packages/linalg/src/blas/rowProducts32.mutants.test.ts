/**
 * Tests written for the mutation run (bench/results/mutation) of rowProducts32.ts: its refusals, with the whole
 * message, for the block bounds and `upper` that rowProducts32.test.ts leaves out; the size refusal, which names the
 * matrix; and the kernel instance going back to the pool on `dispose()`, once.
 */
import { exactMessage } from '@softmax-ntk/test-helpers';
import { pooledMemory, withFreshPool } from '../wasm/testing';
import type * as RowProductsModule from './rowProducts32';
import { rowProducts32 } from './rowProducts32';

describe('rowProducts32: refusals and the kernel pool', () => {
  // Killed here: `!isCount(lo)` and `!isCount(hi)` → `false` (a negative or fractional bound would reach the kernel)
  it('refuses block bounds that are not counts, naming the bound', () => {
    const p = rowProducts32({ a: new Float32Array(6), rows: 3, cols: 2 });
    try {
      expect(() => p.block(-1, 1, 0, 1)).toThrow(
        exactMessage('invalid argument: block rows i0 = -1, i1 = 1 must satisfy 0 ≤ i0 ≤ i1 ≤ 3'),
      );
      expect(() => p.block(0, 1.5, 0, 1)).toThrow(
        exactMessage('invalid argument: block rows i0 = 0, i1 = 1.5 must satisfy 0 ≤ i0 ≤ i1 ≤ 3'),
      );
      expect(() => p.block(0, 1, 0.5, 1)).toThrow(
        exactMessage('invalid argument: block rows j0 = 0.5, j1 = 1 must satisfy 0 ≤ j0 ≤ j1 ≤ 3'),
      );
    } finally {
      p.dispose();
    }
  });

  // Killed here: `i0 !== j0` → `false` (rowProducts32.test.ts moves only the end, j1)
  it('`upper` refuses a block whose first rows differ (same end)', () => {
    const p = rowProducts32({ a: new Float32Array(6), rows: 3, cols: 2 });
    try {
      expect(() => p.block(1, 3, 0, 3, true)).toThrow(
        exactMessage('invalid argument: upper: needs a diagonal block (i0 = j0, i1 = j1), got [1, 3) × [0, 3)'),
      );
    } finally {
      p.dispose();
    }
  });

  // Killed here: the text `float32 row products of a … matrix` → `` and the bytes asked for, 4·(rows·cols + m·n):
  // a 33,000 × 33,000 block of a 33,000 × 0 matrix needs 4·33,000² bytes = 4.06 GiB with the reserved page.
  it('refuses a block that does not fit in WebAssembly memory, naming the matrix and the size', () => {
    const p = rowProducts32({ a: new Float32Array(0), rows: 33000, cols: 0 });
    try {
      expect(() => p.block(0, 33000, 0, 33000)).toThrow(
        exactMessage(
          'float32 row products of a 33000 × 0 matrix needs 4.06 GiB of WebAssembly memory; the kernels address at most 4 GiB',
        ),
      );
    } finally {
      p.dispose();
    }
  });

  // Killed here: `if (k) releaseKernels('f32', k)` → `if (false) …` or `{}` (the instance never goes back: each
  // rowProducts32 would instantiate and grow a fresh memory), and `if (k)` → `true` (a second dispose() would
  // hand `undefined` to the pool and throw).
  it('dispose() gives the grown instance back to the pool, once', () => {
    const { kernels, module: rp } = withFreshPool(
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- rowProducts32 from the pool's fresh registry
      () => require('./rowProducts32') as typeof RowProductsModule,
    );
    const [rows, cols] = [64, 1024];
    const a = Float32Array.from({ length: rows * cols }, (_, q) => ((q % 7) - 3) / 4);
    const p = rp.rowProducts32({ a, rows, cols });
    const block = p.block(0, rows, 0, rows);
    // entry (0, 0) = Σ_r a_0r², exact in float32 (multiples of 1/16 below 2¹⁴)
    let s = 0;
    for (let r = 0; r < cols; r++) s += a[r]! * a[r]!;
    expect(block[0]).toBe(s);
    p.dispose();
    expect(() => p.dispose()).not.toThrow();
    // the kernel memory the product needed past the reserved page: A and the 64 × 64 block, float32
    const bytes = 4 * (rows * cols + rows * rows);
    const { used, fresh, same } = pooledMemory(kernels, 'f32');
    expect(used).toBeGreaterThanOrEqual(kernels.KERNELS_BASE + bytes);
    // a new instance has not grown that far (else the line above could not tell them apart), and the pool held
    // one instance, not the same one twice
    expect(fresh).toBeLessThan(kernels.KERNELS_BASE + bytes);
    expect(same).toBe(false);
  });
});
