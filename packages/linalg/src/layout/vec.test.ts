import fc from 'fast-check';
import { fromRows } from '../matrix/matrix';
import { unvecOutputMajor, vecIndex, vecOutputMajor } from './vec';

describe('output-major vec ordering (problem-file spec)', () => {
  it('puts F[i][ℓ] at ℓ·n + i', () => {
    const F = fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]); // n = 3, d = 2
    expect(Array.from(vecOutputMajor(F))).toEqual([1, 3, 5, 2, 4, 6]);
    expect(vecIndex(1, 2, 3)).toBe(5);
  });
  it('round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (n, d) => {
        const F = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, k) => k * 1.5 - 3) };
        const back = unvecOutputMajor(vecOutputMajor(F), n, d);
        expect(back).toEqual(F);
      }),
    );
  });
});
