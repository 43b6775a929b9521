import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { rowProducts32 } from './rowProducts32';

/** A as float32 values, with its float64 copy for the reference. */
function operand(seed: string, rows: number, cols: number): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(rows * cols)) as Float64Array);
}

/** The float64 reference of A[i0:i1]·A[j0:j1]ᵀ from the same float32 values (exact products, float64 sums). */
function reference(a: Float32Array, cols: number, i0: number, i1: number, j0: number, j1: number): Float64Array {
  const out = new Float64Array((i1 - i0) * (j1 - j0));
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let s = 0;
      for (let r = 0; r < cols; r++) s += (a[i * cols + r] as number) * (a[j * cols + r] as number);
      out[(i - i0) * (j1 - j0) + (j - j0)] = s;
    }
  }
  return out;
}

describe('rowProducts32: blocks of A·Aᵀ in float32 (SIMD WebAssembly)', () => {
  // Shapes around the kernel's edges: block rows in fours (remainders 1–3), columns in pairs (odd widths),
  // row length in fours (tails 1–3), and the 256 × 4096 blocks of the NTK Gram matrix.
  it.each([
    [1, 1, 0, 1, 0, 1],
    [7, 3, 0, 7, 0, 7],
    [13, 37, 2, 13, 0, 5],
    [30, 64, 4, 28, 9, 30],
    [9, 130, 0, 9, 0, 9],
    [512, 4096, 0, 256, 256, 512],
  ])(
    'rows %i, cols %i: block [%i, %i) × [%i, %i) matches float64 sums of the same values',
    (rows, cols, i0, i1, j0, j1) => {
      const a = operand(`rp-${rows}-${cols}`, rows, cols);
      const p = rowProducts32({ a, rows, cols });
      try {
        // float32 sums of `cols` products of N(0,1) entries: the tolerance of the float32 precision (1e-4 of the
        // largest entry, ~ cols^½) covers √cols·u rounding with room to spare
        expect(Float64Array.from(p.block(i0, i1, j0, j1))).toBeAllClose(
          reference(a, cols, i0, i1, j0, j1),
          TOLERANCES.float32,
        );
      } finally {
        p.dispose();
      }
    },
  );

  it('a block is bitwise the same computed again, after other blocks, and by another instance', () => {
    const a = operand('rp-bitwise', 40, 300);
    const p = rowProducts32({ a, rows: 40, cols: 300 });
    const first = p.block(8, 24, 16, 40).slice();
    p.block(0, 40, 0, 40);
    expect(p.block(8, 24, 16, 40)).toEqual(first);
    const q = rowProducts32({ a, rows: 40, cols: 300 });
    expect(q.block(8, 24, 16, 40)).toEqual(first);
    // the diagonal block is symmetric (same pairs of rows, same sum order both ways)
    const d = p.block(0, 9, 0, 9);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(d[i * 9 + j]).toBe(d[j * 9 + i]);
    p.dispose();
    q.dispose();
  });

  it.each([
    [1, 5],
    [7, 9],
    [13, 37],
    [30, 64],
  ])('upper: a diagonal block of %i rows (cols %i) has the same upper triangle, bitwise', (rows, cols) => {
    const a = operand(`rp-upper-${rows}`, rows, cols);
    const p = rowProducts32({ a, rows, cols });
    const full = p.block(0, rows, 0, rows).slice();
    const upper = p.block(0, rows, 0, rows, true);
    for (let i = 0; i < rows; i++) for (let j = i; j < rows; j++) expect(upper[i * rows + j]).toBe(full[i * rows + j]);
    expect(() => p.block(0, rows, 0, rows - 1, true)).toThrow(/upper: needs a diagonal block/);
    p.dispose();
  });

  it('copies A (later changes are not seen) and refuses use after dispose', () => {
    const a = operand('rp-copy', 6, 10);
    const p = rowProducts32({ a, rows: 6, cols: 10 });
    const before = p.block(0, 6, 0, 6).slice();
    a.fill(0);
    expect(p.block(0, 6, 0, 6)).toEqual(before);
    p.dispose();
    expect(() => p.block(0, 1, 0, 1)).toThrow('RowProducts32: used after dispose()');
  });

  it('empty blocks and empty rows', () => {
    const p = rowProducts32({ a: new Float32Array(0), rows: 3, cols: 0 });
    expect(Array.from(p.block(0, 3, 0, 2))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(p.block(1, 1, 0, 3).length).toBe(0);
    p.dispose();
  });

  it('validates its arguments', () => {
    expect(() => rowProducts32({ a: new Float64Array(4) as unknown as Float32Array, rows: 2, cols: 2 })).toThrow(
      'invalid argument: a: must be a Float32Array',
    );
    expect(() => rowProducts32({ a: new Float32Array(4), rows: 2.5, cols: 2 })).toThrow(
      'invalid argument: rows: must be an integer ≥ 0, got 2.5',
    );
    expect(() => rowProducts32({ a: new Float32Array(4), rows: 2, cols: -1 })).toThrow(
      'invalid argument: cols: must be an integer ≥ 0, got -1',
    );
    expect(() => rowProducts32({ a: new Float32Array(5), rows: 2, cols: 2 })).toThrow(
      'invalid argument: a: must hold rows·cols = 4 values, got 5',
    );
    const p = rowProducts32({ a: new Float32Array(4), rows: 2, cols: 2 });
    expect(() => p.block(0, 3, 0, 1)).toThrow(
      'invalid argument: block rows i0 = 0, i1 = 3 must satisfy 0 ≤ i0 ≤ i1 ≤ 2',
    );
    expect(() => p.block(0, 1, 1, 0)).toThrow(
      'invalid argument: block rows j0 = 1, j1 = 0 must satisfy 0 ≤ j0 ≤ j1 ≤ 2',
    );
    p.dispose();
  });
});
