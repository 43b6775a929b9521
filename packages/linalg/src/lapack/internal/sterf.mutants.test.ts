/**
 * Tests written for the mutation run (bench/results/mutation) of internal/sterf.ts: the give-up path (a NaN never
 * deflates, so the sweep budget 30·n runs out and the whole message is checked), dlae2's tie |a − c| = 2|b| (its own
 * branch, rt = 2|b|·√2), and 2 × 2 blocks closed at the top and at the bottom of a larger matrix, against closed forms;
 * the split and deflation tests at their equality cases, the scaling decided by the block's own largest entry (1e300,
 * 1e-300 and graded blocks, each scale compared on its own), and a rotation with c = 0, against closed forms or cyclic
 * Jacobi on the dense matrix.
 */
import { exactMessage } from '@softmax-ntk/test-helpers';
import { fromRows } from '../../matrix/matrix';
import { sterf } from './sterf';
import { jacobiEigenvalues } from './testing';
import { EigenConvergenceError } from './tridiagonal';

const U = 2 ** -53;

function bySterf(d: number[], e: number[]): number[] {
  const dd = Float64Array.from(d);
  sterf(dd.length, dd, Float64Array.from(e));
  return Array.from(dd);
}

describe('sterf: paths the spectrum tests leave out', () => {
  it('a NaN on the diagonal never deflates: EigenConvergenceError after 30·n sweeps, with the whole message', () => {
    for (const [d, e, sweeps] of [
      [[1, NaN, 2], [1, 1], 90], // QL (the bottom end is the larger)
      [[2, NaN, 1], [1, 1], 90], // QR
      [[NaN, 3, 1, 4, 1], [1, 0.5, 2, 1], 150],
      // a converged 1 × 1 block first: a zero coupling is left, yet the stalled block's are not all zero
      [[1, 2, NaN, 1], [0, 1, 1], 120],
    ] as const) {
      expect(() => bySterf([...d], [...e])).toThrow(EigenConvergenceError);
      expect(() => bySterf([...d], [...e])).toThrow(
        exactMessage(`tridiagonal QL/QR (dsterf) did not converge within ${sweeps} sweeps`),
      );
    }
  });

  it('dlae2 at the tie |a − c| = |2b|: [[1, 1], [1, 3]] has 2 ∓ √2 (and its mirror, QR then QL)', () => {
    // |a − c| = 2 = |2b|: neither |a − c| > |2b| nor < holds, rt = |2b|·√2 = 2√2.
    expect(bySterf([1, 3], [1])).toBeAllClose([2 - Math.SQRT2, 2 + Math.SQRT2], { rtol: 0, atol: 4 * U * 4 });
    expect(bySterf([3, 1], [-1])).toBeAllClose([2 - Math.SQRT2, 2 + Math.SQRT2], { rtol: 0, atol: 4 * U * 4 });
    // negative sum: [[−1, 1], [1, −3]] has −2 ∓ √2 (the root of larger magnitude first, the other from the product)
    expect(bySterf([-1, -3], [1])).toBeAllClose([-2 - Math.SQRT2, -2 + Math.SQRT2], { rtol: 0, atol: 4 * U * 4 });
  });

  // Killed here: dlae2's `sm + rt` → `sm - rt`, and `sm < 0` / `sm > 0` → `true` (the root of larger magnitude formed
  // with cancellation, and the other one, det/rt1, from it).
  it('dlae2 keeps a tiny eigenvalue: [[±1, 1e-5], [1e-5, ±2e-10]] has ±(1 + 1e-10) and ±(ac − b²)/(1 + 1e-10)', () => {
    for (const s of [1, -1]) {
      const [a, b, c] = [s, 1e-5, s * 2e-10];
      // Vieta: the larger root (no cancellation: a and c have one sign) and det / it
      const big = (a + c + s * Math.hypot(a - c, 2 * b)) / 2;
      const small = (a * c - b * b) / big;
      const want = s > 0 ? [small, big] : [big, small];
      // relative to each eigenvalue: cancellation in 0.5·(a + c ∓ rt) would cost ~u/1e-10 ≈ 1e-6 of the small one
      expect(bySterf([a, c], [b])).toBeAllClose(want, { rtol: 8 * U, atol: 0 });
    }
  });

  // Killed here: the block norm's diagonal loop (`Math.max` → `Math.min`, emptied, or stopping before lend): a huge
  // diagonal entry whose coupling, 1e140, is below SSFMAX ≈ 4.5e153 then leaves the block unscaled, and γ² overflows.
  it('a block with a 1e300 diagonal entry at either end is scaled: the 1 × 1 and 2 × 2 parts, relatively exact', () => {
    // The coupling 1e140 moves the eigenvalues by ~(1e140)²/1e300 = 1e-20: [[1, 0.5], [0.5, 1]] gives 0.5 and 1.5.
    expect(bySterf([1e300, 1, 1], [1e140, 0.5])).toBeAllClose([0.5, 1.5, 1e300], { rtol: 8 * U, atol: 0 });
    expect(bySterf([1, 1, 1e300], [0.5, 1e140])).toBeAllClose([0.5, 1.5, 1e300], { rtol: 8 * U, atol: 0 });
  });

  // Relative accuracy across a split (each block is scaled on its own). The two scales are compared apart:
  // toBeAllClose's rtol is relative to the largest expected entry, 1e300, which would hide any 1e-300 result.
  // Killed here: the split search emptied or never splitting (one block 1e-300…1e300, scaled by SSFMAX/1.1e300 ≈
  // 4e-147: the 1e-300 entries underflow to 0).
  it('blocks of 1e300 and of 1e-300 split at a zero coupling: each scaled on its own, relatively exact', () => {
    // [[1, 1], [1, 2]]·1e-300 has (3 ∓ √5)/2·1e-300, the smaller one det/larger = 1/((3 + √5)/2) (no cancellation);
    // [[1, 0.1], [0.1, 1]]·1e300 has 0.9e300 and 1.1e300
    const big = (3 + Math.sqrt(5)) / 2;
    const got = bySterf([1e300, 1e300, 1e-300, 2e-300], [1e299, 0, 1e-300]);
    expect(got.slice(0, 2)).toBeAllClose([1e-300 / big, big * 1e-300], { rtol: 8 * U, atol: 0 });
    expect(got.slice(2)).toBeAllClose([0.9e300, 1.1e300], { rtol: 8 * U, atol: 0 });
    // Killed here: the split test `≤` made `<`: a zero coupling beside a zero diagonal entry meets it with equality
    // (0 ≤ √0·√|d|·EPS = 0), so only `≤` splits [[1, 1], [1, 0]]·1e-300 (eigenvalues (1 ± √5)/2·1e-300, the negative
    // one −1/((1 + √5)/2) by Vieta) from [[1, 0.1], [0.1, 1]]·1e300 (0.9e300, 1.1e300).
    const phi = (1 + Math.sqrt(5)) / 2;
    const zeroBeside = bySterf([1e-300, 0, 1e300, 1e300], [1e-300, 0, 1e299]);
    expect(zeroBeside.slice(0, 2)).toBeAllClose([-1e-300 / phi, phi * 1e-300], { rtol: 8 * U, atol: 0 });
    expect(zeroBeside.slice(2)).toBeAllClose([0.9e300, 1.1e300], { rtol: 8 * U, atol: 0 });
  });

  // Killed here: the scaling's `anorm < SSFMIN` made `true`: a block whose largest entry, 1e150, is within
  // [SSFMIN, SSFMAX] ≈ [1.2e-122, 4.5e153] must not be scaled; scaled by SSFMIN/1e150 ≈ 1e-272 its 1e-100 entries
  // underflow to 0. And the choice of QL or QR (the chase starts at the smaller end, LAPACK's rule for graded
  // matrices) made fixed or reversed: chased from the 1e150 end, the 1e-100 eigenvalues come out as 0.
  it('a graded block (1e-100 … 1e150) in the safe range is left unscaled: its small eigenvalues, relatively exact', () => {
    // T = [[2, 1, 0], [1, 1, 1e110], [0, 1e110, 1e250]]·1e-100. The coupling 1e10 moves the leading 2 × 2's
    // eigenvalues by about (1e10)²/1e150 = 1e-130, a relative 1e-30: they are [[2, 1], [1, 1]]'s (3 ∓ √5)/2·1e-100.
    const big = (3 + Math.sqrt(5)) / 2;
    const want = [1e-100 / big, big * 1e-100];
    // QL (the bottom end is the larger), and the mirror image, QR
    for (const got of [
      bySterf([2e-100, 1e-100, 1e150], [1e-100, 1e10]),
      bySterf([1e150, 1e-100, 2e-100], [1e10, 1e-100]),
    ]) {
      expect(got.slice(0, 2)).toBeAllClose(want, { rtol: 8 * U, atol: 0 });
      // the large one is 1e150 + ~1e-130: 1e150 correctly rounded
      expect(got[2]).toBe(1e150);
    }
  });

  // Killed here: the block norm's off-diagonal loop running to `i <= lend`: at the last block it reads e[n − 1],
  // which is not part of T (sterf takes e[0…n − 2]); a caller's e of length n may hold anything there.
  it('e[n − 1] is not part of T: a 1e300 there leaves a 1e-200 matrix unscaled by it, relatively exact', () => {
    // T = [[2, 1, 0], [1, 1, 1], [0, 1, 3]]·1e-200: the eigenvalues of the unit-scale matrix (cyclic Jacobi) times
    // 1e-200. With e[2] = 1e300 read into the norm the block is scaled by SSFMAX/1e300 and its entries underflow.
    const t = fromRows([
      [2, 1, 0],
      [1, 1, 1],
      [0, 1, 3],
    ]);
    const d = Float64Array.from([2e-200, 1e-200, 3e-200]);
    sterf(3, d, Float64Array.from([1e-200, 1e-200, 1e300]));
    // 8·n·u·‖T‖ at unit scale (‖T‖ ≤ 4), on the scale 1e-200 (the Jacobi reference is within u·‖T‖_F of its own)
    expect(Array.from(d)).toBeAllClose(
      jacobiEigenvalues(t).map((v) => v * 1e-200),
      { rtol: 0, atol: 8 * 3 * U * 4 * 1e-200 },
    );
  });

  // Killed here: the deflation tests' `≤` (QL: |e_mm|² ≤ EPS²·|d_mm·d_mm+1|, QR: |e_mm−1|² ≤ EPS²·|d_mm·d_mm−1|)
  // made `<`. A coupling 1e-170 beside two zero diagonal entries passes the split test (its bound √0·√0·EPS is 0),
  // and its square underflows to 0: only `0 ≤ 0` deflates it; left in, the shift from that 2 × 2 is 0/0 = NaN.
  it('a coupling whose square underflows, between zero diagonal entries, deflates (QL and QR): no 0/0 shift', () => {
    // T = [[0, 1e-170, 0], [1e-170, 0, 1], [0, 1, 1]]: the coupling moves the eigenvalues by ~(1e-170)² = 1e-340, so
    // they are 0 and [[0, 1], [1, 1]]'s (1 ∓ √5)/2, the negative one −1/((1 + √5)/2) by Vieta.
    const phi = (1 + Math.sqrt(5)) / 2;
    const want = [-1 / phi, 0, phi];
    expect(bySterf([0, 0, 1], [1e-170, 1])).toBeAllClose(want, { rtol: 0, atol: 8 * 3 * U * 2 });
    expect(bySterf([1, 0, 0], [1, 1e-170])).toBeAllClose(want, { rtol: 0, atol: 8 * 3 * U * 2 });
  });

  // Killed here: QR's `c !== 0 ? γ²/c : oldc·bb` made `true` (0/0 = NaN) or `oldc / bb`. The shift from the bottom
  // 2 × 2 [[0, 1], [1, 0]] is −1, equal to the top entry d_0 = −1: γ = d_0 − σ = 0 exactly, so the first rotation
  // has c = 0 and takes the `oldc·bb` branch (QL: the mirror image).
  it('a sweep whose first rotation has c = 0 (γ = d − σ = 0 exactly), QR and QL: the eigenvalues of the dense T', () => {
    // [[−1, 2, 0], [2, 0, 1], [0, 1, 0]] and its mirror: one spectrum, by cyclic Jacobi on the dense matrix
    const want = jacobiEigenvalues(
      fromRows([
        [-1, 2, 0],
        [2, 0, 1],
        [0, 1, 0],
      ]),
    );
    // backward stable: 8·n·u·‖T‖ (‖T‖ ≤ 3), the reference within u·‖T‖_F of its own
    expect(bySterf([-1, 0, 0], [2, 1])).toBeAllClose(want, { rtol: 0, atol: 8 * 3 * U * 3 });
    expect(bySterf([0, 0, -1], [1, 2])).toBeAllClose(want, { rtol: 0, atol: 8 * 3 * U * 3 });
  });

  // Killed here: QR's deflation test |e|² ≤ EPS²·|d_mm·d_mm−1| with the product made a quotient (`*` → `/` twice):
  // at entries ~1e-10 the threshold grows by ~1e20 and couplings are dropped that are not negligible.
  it('QR (large top end) at scale 1e-10: the eigenvalues are 1e-10 times those at scale 1', () => {
    const n = 40;
    const d = Array.from({ length: n }, (_, i) => 10 * (1 - i / n) + Math.cos(i));
    const e = Array.from({ length: n - 1 }, (_, i) => 1 + Math.sin(i) / 2);
    const want = bySterf(d, e).map((v) => v * 1e-10);
    // ‖T‖ ≤ 11 + 2·1.5: backward stable at both scales, 8·n·u·‖T‖ each
    expect(
      bySterf(
        d.map((v) => v * 1e-10),
        e.map((v) => v * 1e-10),
      ),
    ).toBeAllClose(want, {
      rtol: 0,
      atol: 16 * n * U * 14 * 1e-10,
    });
  });

  it('2 × 2 blocks split off at either end of a 5 × 5 matrix, QL and QR: closed forms, ascending', () => {
    // [[2, 1], [1, 2]] (1, 3), [[7]], [[−4, 2], [2, −1]] (−5, 0): blocks split by zero couplings.
    const want = [-5, 0, 1, 3, 7];
    expect(bySterf([2, 2, 7, -4, -1], [1, 0, 0, 2])).toBeAllClose(want, { rtol: 0, atol: 8 * U * 7 });
    // the same blocks in the other order: the large end of each block is the other one
    expect(bySterf([-1, -4, 7, 2, 2], [2, 0, 0, 1])).toBeAllClose(want, { rtol: 0, atol: 8 * U * 7 });
    // Killed here: QR's 2 × 2 close zeroing e[l + 1] instead of e[l − 1], the next block's coupling: a QR pair
    // [[−4, 2], [2, −1]] (its top end the larger) right before [[2, 1], [1, 2]]
    expect(bySterf([-4, -1, 2, 2], [2, 0, 1])).toBeAllClose([-5, 0, 1, 3], { rtol: 0, atol: 8 * U * 5 });
  });
});
