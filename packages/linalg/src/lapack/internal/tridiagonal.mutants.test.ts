/**
 * Tests written for the mutation run (bench/results/mutation) of internal/tridiagonal.ts, on `tql2` and `tred2`
 * directly: what `eigh`'s callers never hand them.
 */
import { fromRows } from '../../matrix/matrix';
import { jacobiEigenvalues } from './testing';
import { EigenConvergenceError, tql2 } from './tridiagonal';

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

  // Killed here: the norm of the scaling reading no coupling (`i > 0 ? … : 0` made `false`, or `i <= 0`): T = 0 on the
  // diagonal with couplings 1e200 is then not scaled, and e_l·e_{l+1} = 1e400 overflows.
  it('couplings of 1e200 on a zero diagonal are scaled too: 0 and ±√2·1e200', () => {
    const d = new Float64Array(3);
    tql2(3, d, Float64Array.from([0, 1e200, 1e200]), null);
    // [[0, 1, 0], [1, 0, 1], [0, 1, 0]] has 0, ±√2; backward stable to 8·n·u·‖T‖ (‖T‖ = √2·1e200)
    expect(d).toBeAllClose([-Math.SQRT2 * 1e200, 0, Math.SQRT2 * 1e200], { rtol: 0, atol: 8 * 3 * U * 2e200 });
  });

  // Killed here: the scaling applied where it is not needed (`norm > 2^400` made `true` or `≥`, `norm < 2^-400` made
  // `true` or `norm < 2^400`, `&&` made `||`): a power of two is exact unless an entry underflows, and beside 1e90
  // (or 2^400) the entries 1e-250 (or 2^-700) do. A diagonal T needs no rotation: its diagonal comes back exactly.
  it('a diagonal T whose norm needs no scaling comes back exactly, its tiny entries too', () => {
    for (const diag of [
      [1e90, 1e-250, -3],
      [2 ** 400, 2 ** -700, 1],
    ]) {
      const d = Float64Array.from(diag);
      tql2(3, d, new Float64Array(3), null);
      expect(Array.from(d)).toEqual([...diag].sort((x, y) => x - y));
    }
  });

  // Killed here: the deflation and convergence thresholds eps·tst1 made eps/tst1: at the scale 1e-10 (inside
  // [2^-400, 2^400], so not rescaled) the threshold would be 2e-6, far above every coupling.
  it('tridiag(−1, 2, −1)·1e-10, n = 12: the closed-form eigenvalues times 1e-10', () => {
    const n = 12;
    const d = new Float64Array(n).fill(2e-10);
    const e = new Float64Array(n).fill(-1e-10);
    tql2(n, d, e, null);
    const want = Array.from({ length: n }, (_, k) => 1e-10 * (2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))));
    // backward stable: 8·n·u·‖T‖ with ‖T‖ < 4·1e-10
    expect(d).toBeAllClose(want, { rtol: 0, atol: 8 * n * U * 4e-10 });
  });

  it('EigenConvergenceError names itself (in error.name and String(error))', () => {
    const error = new EigenConvergenceError('stalled');
    expect(error.name).toBe('EigenConvergenceError');
    expect(String(error)).toBe('EigenConvergenceError: stalled');
    expect(error).toBeInstanceOf(Error);
  });
});
