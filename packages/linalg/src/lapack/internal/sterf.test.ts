import { sterf } from './sterf';
import { tql2 } from './tridiagonal';
import { Rng } from './testing';

const U = 2 ** -53;

/** Eigenvalues by `tql2` (an independent QL: square roots per rotation, its own shifts and deflation). */
function byTql2(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const dd = d.slice();
  const ee = new Float64Array(n);
  ee.set(e.subarray(0, n - 1), 1);
  tql2(n, dd, ee, null);
  return dd;
}

function bySterf(d: Float64Array, e: Float64Array): Float64Array {
  const dd = d.slice();
  sterf(dd.length, dd, e.slice());
  return dd;
}

/** tridiag(−1, 2, −1) of order n, times s: eigenvalues s·(2 − 2·cos(kπ/(n + 1))), k = 1…n. */
function laplacian(n: number, s: number): { d: Float64Array; e: Float64Array; want: number[] } {
  const want = Array.from({ length: n }, (_, k) => s * (2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))));
  return { d: new Float64Array(n).fill(2 * s), e: new Float64Array(n).fill(-s), want };
}

describe('sterf: root-free QL/QR (LAPACK dsterf) on symmetric tridiagonal matrices', () => {
  it.each([1, 2, 3, 4, 37, 200])('n = %i: the closed-form spectrum of tridiag(−1, 2, −1)', (n) => {
    const { d, e, want } = laplacian(n, 1);
    // Backward stable: |λ̂ − λ| ≤ c·n·u·‖T‖₂ with ‖T‖₂ < 4.
    expect(bySterf(d, e)).toBeAllClose(want, { rtol: 0, atol: 8 * n * U * 4 });
  });

  it.each([1e300, 1e-300])('scaled by %s (the block is scaled into a safe range and back): s·λ', (s) => {
    const n = 60;
    const { d, e, want } = laplacian(n, s);
    expect(bySterf(d, e).map((v) => v / s)).toBeAllClose(
      want.map((v) => v / s),
      { rtol: 0, atol: 8 * n * U * 4 },
    );
  });

  it('a 2 × 2 block closes by dlae2: [[a, b], [b, c]] has (a + c)/2 ± √(((a − c)/2)² + b²)', () => {
    for (const [a, b, c] of [
      [1, 2, 3],
      [-5, 0.5, 4],
      [0, 1, 0],
      [2, 1e-9, 2],
    ] as const) {
      const m = (a + c) / 2;
      const r = Math.hypot((a - c) / 2, b);
      expect(bySterf(new Float64Array([a, c]), new Float64Array([b]))).toBeAllClose([m - r, m + r], {
        rtol: 0,
        atol: 4 * U * (Math.abs(m) + r),
      });
    }
  });

  it('splits at zero couplings; a diagonal matrix gives its sorted diagonal exactly', () => {
    const d = new Float64Array([3, -1, 2, 7, 0, -4]);
    expect(Array.from(bySterf(d, new Float64Array(5)))).toEqual([-4, -1, 0, 2, 3, 7]);
    // Three blocks: [[2, 1], [1, 2]] (1, 3) , [[5]] and [[0, 2], [2, 0]] (−2, 2).
    const got = bySterf(new Float64Array([2, 2, 5, 0, 0]), new Float64Array([1, 0, 0, 2]));
    expect(got).toBeAllClose([-2, 1, 2, 3, 5], { rtol: 0, atol: 16 * U * 5 });
  });

  it.each([
    ['QL (large bottom end)', (i: number, n: number) => i / n],
    ['QR (large top end)', (i: number, n: number) => 1 - i / n],
  ] as const)('%s, random couplings, n = 300: within 8·n·u·‖T‖ of tql2', (_name, diag) => {
    const n = 300;
    const rng = new Rng(`sterf-${_name}`);
    const d = Float64Array.from({ length: n }, (_, i) => 10 * diag(i, n) + rng.normal());
    const e = Float64Array.from({ length: n }, () => rng.normal());
    let norm = 0;
    for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i] as number) + 2 * Math.abs(e[i] as number));
    expect(bySterf(d, e)).toBeAllClose(byTql2(d, e), { rtol: 0, atol: 8 * n * U * norm });
  });

  it('a glued Wilkinson matrix (pairs of eigenvalues agreeing to ~1e-14): within 8·n·u·‖T‖ of tql2', () => {
    // W21+ (diagonal |10 − i|, couplings 1), five copies glued by couplings 1e-8.
    const d = new Float64Array(105);
    const e = new Float64Array(105);
    for (let i = 0; i < 105; i++) {
      d[i] = Math.abs(10 - (i % 21));
      e[i] = i % 21 === 20 ? 1e-8 : 1;
    }
    expect(bySterf(d, e)).toBeAllClose(byTql2(d, e), { rtol: 0, atol: 8 * 105 * U * 12 });
  });
});
