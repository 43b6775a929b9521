/**
 * Tests written for the mutation run (bench/results/mutation) of syrkRows.ts: the kernel memory a band asks for
 * (its accumulators and one panel, to the 64 KiB page) and the instance going back to the pool.
 */
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { pooledMemory, withFreshPool } from '../wasm/testing';
import type * as SyrkRowsModule from './syrkRows';
import { syrkLowerRows } from './syrkRows';

describe('syrkLowerRows: the kernel memory it takes and gives back', () => {
  // Killed here: `finally { releaseKernels('net', kern); }` → `{}` (the pool stays empty: every band instantiates
  // and grows a fresh memory), and the bytes asked for, 8·((r1 − r0)·r1 + r1·min(KC, k)), made larger
  // (`Math.max(KC, k)`): a fresh instance grows to what it is asked for, rounded up to a page.
  it('after a band, the idle net instance holds its accumulators and one panel, to the page', () => {
    const { kernels, module: sr } = withFreshPool(
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- syrkRows from the pool's fresh registry
      () => require('./syrkRows') as typeof SyrkRowsModule,
    );
    const rng = new Rng('syrk-rows-pool');
    const [r0, r1, k] = [40, 100, 300];
    const A = rng.fillNormal(new Float64Array(r1 * k)) as Float64Array;
    const out = new Float64Array(r1 * r1);
    sr.syrkLowerRows(A, k, r0, r1, out, r1);
    const got: number[] = [];
    const want: number[] = [];
    for (let i = r0; i < r1; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[i * k + p]! * A[j * k + p]!;
        got.push(out[i * r1 + j]!);
        want.push(s);
      }
    expect(got).toBeAllClose(want, TOLERANCES.float64);

    // the band's (r1 − r0) × r1 accumulators and one 256-deep panel of A[0:r1] (r1 × 256), float64
    const needed = kernels.KERNELS_BASE + 8 * ((r1 - r0) * r1 + r1 * 256);
    const { used, fresh } = pooledMemory(kernels, 'net');
    expect(used).toBeGreaterThanOrEqual(needed);
    expect(used).toBeLessThan(needed + 65536);
    // a new instance has not grown that far (else the lines above could not tell them apart)
    expect(fresh).toBeLessThan(needed);
  });

  // Killed here: `rows <= 0` → `false` (a reversed band would make a view of negative length and throw)
  it('a reversed band (r1 < r0) writes nothing', () => {
    const A = Float64Array.from({ length: 12 }, (_, q) => q - 5);
    const out = new Float64Array(16).fill(7);
    syrkLowerRows(A, 2, 5, 3, out, 4);
    expect(Array.from(out)).toEqual(new Array<number>(16).fill(7));
  });

  // Killed here: `i < r1` → `i <= r1` in the copy-out (an extra row r1, empty, set at offset r1·ldo past the end of
  // an `out` that ends with row r1 − 1's entries)
  it('writes into an `out` that ends right after the band’s last row', () => {
    const A = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3 × 2
    const out = new Float64Array(2 * 5 + 3).fill(-1); // rows 5 apart, the last row's 3 entries end it
    syrkLowerRows(A, 2, 0, 3, out, 5);
    expect(Array.from(out)).toEqual([5, -1, -1, -1, -1, 11, 25, -1, -1, -1, 17, 39, 61]);
  });

  // Killed here: the text `Gram rows r0…r1 − 1 of a r1 × k operand` → `` and `r1 - 1` → `r1 + 1`: a band of 23,200
  // rows needs 8·23,200² bytes of accumulators, 4.01 GiB with the reserved page
  it('refuses a band that does not fit in WebAssembly memory, naming the rows and the size', () => {
    expect(() => syrkLowerRows(new Float64Array(0), 0, 0, 23200, new Float64Array(0), 23200)).toThrow(
      exactMessage(
        'Gram rows 0…23199 of a 23200 × 0 operand needs 4.01 GiB of WebAssembly memory; the kernels address at most 4 GiB',
      ),
    );
  });
});
