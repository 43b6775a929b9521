/**
 * Tests written from the mutation run (bench/results/mutation): symmetricMatvec reads only the lower triangle, as
 * documented, so the upper one may hold anything.
 */
import { matrix } from '../matrix/matrix';
import { symmetricMatvec } from './symmetricMatvec';

describe('symmetricMatvec reads the lower triangle only', () => {
  it('A·v of the symmetric matrix whose lower triangle is stored, whatever the upper one holds', () => {
    // lower triangle of [[2, 1, 4], [1, 3, -1], [4, -1, 5]]; the upper entries are garbage
    const a = matrix(3, 3, Float64Array.from([2, 1e300, NaN, 1, 3, -7, 4, -1, 5]));
    const out = new Float64Array(3);
    symmetricMatvec({ a })(Float64Array.from([1, -1, 2]), out);
    // [2 − 1 + 8, 1 − 3 − 2, 4 + 1 + 10]
    expect(Array.from(out)).toEqual([9, -4, 15]);
  });
});
