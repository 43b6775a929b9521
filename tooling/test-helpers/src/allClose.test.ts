import { allClose } from './allClose';

describe('allClose', () => {
  it('accepts equal arrays and nested arrays', () => {
    expect(allClose([1, 2, 3], [1, 2, 3]).pass).toBe(true);
    expect([
      [1, 2],
      [3, 4],
    ]).toBeAllClose([
      [1, 2],
      [3, 4 + 1e-13],
    ]);
  });
  it('scales the relative tolerance by the max-norm of expected', () => {
    // |diff| = 1e-9 is 1e-6 relative to its own entry (1e-3), but only 1e-11 of max|e| = 100:
    // within rtol = 1e-10 (bound 1e-8), outside rtol = 1e-12 (bound 1e-10).
    expect(allClose([1e-3 + 1e-9, 100], [1e-3, 100], { rtol: 1e-10, atol: 0 }).pass).toBe(true);
    const r = allClose([1e-3 + 1e-9, 100], [1e-3, 100], { rtol: 1e-12, atol: 0 });
    expect(r.pass).toBe(false);
    expect(r.message).toContain('index [0]');
  });
  it('names the worst index, both values, the difference and the tolerance', () => {
    const r = allClose(
      [
        [1, 2],
        [3, 5],
      ],
      [
        [1, 2],
        [3, 4],
      ],
      { rtol: 0.01, atol: 0 },
    );
    expect(r.pass).toBe(false);
    expect(r.message).toMatch(/index \[1, 1\]: actual 5, expected 4, \|diff\| 1 > tolerance 0\.04/);
  });
  it('never matches NaN and matches infinities only to themselves', () => {
    expect(allClose([NaN], [NaN]).pass).toBe(false);
    expect(allClose([Infinity], [Infinity]).pass).toBe(true);
    expect(allClose([Infinity], [1]).pass).toBe(false);
  });
  it('reports a size mismatch', () => {
    expect(allClose([1, 2], [1, 2, 3]).message).toMatch(/size mismatch/);
  });
  it('works on typed arrays', () => {
    expect(new Float64Array([1, 2])).toBeAllClose(new Float32Array([1, 2]));
  });
});
