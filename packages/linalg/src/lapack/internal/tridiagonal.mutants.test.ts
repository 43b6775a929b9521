/**
 * Tests written for the mutation run (bench/results/mutation) of internal/tridiagonal.ts, on `tql2` and `tred2`
 * directly: what `eigh`'s callers never hand them.
 */
import { fromRows } from '../../matrix/matrix';
import { jacobiEigenvalues } from './testing';
import { tql2 } from './tridiagonal';

const U = 2 ** -53;

describe('tql2: inputs eigh never gives it', () => {
  // Killed here: the norm that decides the power-of-two scaling reading e[0] as well (`i > 0` made `i >= 0`, or
  // always true): scaled by 2^-997 for a 1e300 there, the 1e-30 entries underflow.
  it('e[0] is not part of T (the subdiagonal is e[1..n−1]): a 1e300 there changes nothing', () => {
    // T = [[2, 1, 0], [1, 1, 1], [0, 1, 3]]·1e-30: the eigenvalues of the unit-scale matrix (cyclic Jacobi) times 1e-30
    const want = jacobiEigenvalues(
      fromRows([
        [2, 1, 0],
        [1, 1, 1],
        [0, 1, 3],
      ]),
    ).map((v) => v * 1e-30);
    const d = Float64Array.from([2e-30, 1e-30, 3e-30]);
    tql2(3, d, Float64Array.from([1e300, 1e-30, 1e-30]), null);
    // backward stable: 8·n·u·‖T‖ (‖T‖ ≤ 4), on the scale 1e-30 (the Jacobi reference within u·‖T‖_F of its own)
    expect(d).toBeAllClose(want, { rtol: 0, atol: 8 * 3 * U * 4 * 1e-30 });
  });
});
