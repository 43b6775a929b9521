import { KERNELS_BASE, layoutArrays } from './kernels';

describe('layoutArrays', () => {
  it('places the arrays in key order from KERNELS_BASE, each on a 16-byte boundary, none overlapping', () => {
    // float64: 3 entries = 24 bytes → 32; 0 entries → 0; 2 entries = 16 → 16; float32: 5 entries = 20 → 32
    expect(layoutArrays({ a: 3, b: 0, c: 2, d: 1 }, 8)).toEqual({
      at: { a: KERNELS_BASE, b: KERNELS_BASE + 32, c: KERNELS_BASE + 32, d: KERNELS_BASE + 48 },
      bytes: 64,
    });
    expect(layoutArrays({ s: 5, t: 4 }, 4)).toEqual({ at: { s: KERNELS_BASE, t: KERNELS_BASE + 32 }, bytes: 48 });
  });

  it('from another base (past a control block): the offsets move with it, the bytes still count from KERNELS_BASE', () => {
    expect(layoutArrays({ a: 3, b: 2 }, 8, KERNELS_BASE + 256)).toEqual({
      at: { a: KERNELS_BASE + 256, b: KERNELS_BASE + 288 },
      bytes: 304,
    });
  });

  it('leaves the sizes it was given alone', () => {
    const sizes = { a: 3, b: 1 };
    layoutArrays(sizes, 8);
    expect(sizes).toEqual({ a: 3, b: 1 });
  });
});
