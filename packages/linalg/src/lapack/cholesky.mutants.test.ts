/**
 * Tests written from the mutation run (bench/results/mutation): `cholesky` gives its WebAssembly memory back once
 * L is copied out. Every other test of cholesky checks L, which a leaked factor still gives, so the `finally`
 * block emptied (`f.dispose()` removed) survived.
 */
import { fromRows } from '../matrix/matrix';
import { acquireKernels, releaseKernels } from '../wasm/kernels';
import { cholesky } from './cholesky';

describe('cholesky: the factor is disposed of once L is out', () => {
  it('the next factorisation of the same size reuses the kernels instance it used', () => {
    // This file's module registry starts with an empty pool: put exactly one instance in it.
    const bytes = 8 * (2 * 2 + 2 * 64 + 2 * 2);
    const k0 = acquireKernels('f64', bytes, 'the test');
    releaseKernels('f64', k0);
    const { l } = cholesky({
      a: fromRows([
        [4, 2],
        [2, 5],
      ]),
    });
    expect(Array.from(l.data)).toEqual([2, 0, 1, 2]);
    // cholesky took k0 from the pool; disposed of, it is back there and is what the next acquire gets.
    const k1 = acquireKernels('f64', bytes, 'the test');
    expect(k1).toBe(k0);
    releaseKernels('f64', k1);
  });
});
