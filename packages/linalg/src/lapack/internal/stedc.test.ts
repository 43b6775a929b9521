import { Rng } from '../../random/rng';
import { LEAF, secularRoot, stedc } from './stedc';
import { tridiagonalErrors as errors, tridiagonalNormInf as normInf, tridiagonalQl as ql } from './testing';

const U = 2 ** -53;

type Family = (rng: Rng, n: number) => { d: Float64Array; e: Float64Array };

const gaussian = (rng: Rng, len: number): Float64Array => Float64Array.from({ length: len }, () => rng.normal());

/** Test families of tridiagonal matrices (e[i] couples rows i and i + 1). */
const FAMILIES: Record<string, Family> = {
  random: (rng, n) => ({ d: gaussian(rng, n), e: gaussian(rng, Math.max(0, n - 1)) }),
  // Entries graded from 1 down to 1e-8 (geometrically along the diagonal).
  graded: (rng, n) => {
    const g = (i: number): number => 10 ** ((-8 * i) / Math.max(1, n - 1));
    return {
      d: Float64Array.from({ length: n }, (_, i) => g(i) * rng.normal()),
      e: Float64Array.from({ length: Math.max(0, n - 1) }, (_, i) => g(i + 0.5) * rng.normal()),
    };
  },
  // Wilkinson W⁺: d_i = |i − m|, e = 1: pairs of eigenvalues agreeing to many digits (deflation by rotation).
  wilkinson: (_rng, n) => ({
    d: Float64Array.from({ length: n }, (_, i) => Math.abs(i - (n - 1) / 2)),
    e: new Float64Array(Math.max(0, n - 1)).fill(1),
  }),
  // All-equal diagonal, tiny off-diagonals: a cluster of width ~1e-12 around 1.
  cluster: (rng, n) => ({ d: new Float64Array(n).fill(1), e: gaussian(rng, Math.max(0, n - 1)).map((x) => 1e-12 * x) }),
  // Zero off-diagonals every 7th (split) and a repeated diagonal value.
  split: (rng, n) => ({
    d: Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 2 : rng.normal())),
    e: Float64Array.from({ length: Math.max(0, n - 1) }, (_, i) => (i % 7 === 6 ? 0 : rng.normal())),
  }),
  // The (2, −1) Laplacian: eigenvalues 2 − 2·cos(kπ/(n + 1)), its eigenvectors dense (no deflation).
  laplacian: (_rng, n) => ({ d: new Float64Array(n).fill(2), e: new Float64Array(Math.max(0, n - 1)).fill(-1) }),
  // Diagonal: everything deflates.
  diagonal: (rng, n) => ({ d: gaussian(rng, n), e: new Float64Array(Math.max(0, n - 1)) }),
  // Integers with a few repeated eigenvalues of multiplicity > 2 (d repeats, small e).
  repeated: (rng, n) => ({
    d: Float64Array.from({ length: n }, (_, i) => i % 4),
    e: Float64Array.from({ length: Math.max(0, n - 1) }, () => 1e-15 * rng.normal()),
  }),
};

const SIZES = [1, 2, 3, LEAF - 1, LEAF, LEAF + 1, 2 * LEAF + 1, 100, 257];

describe('stedc: divide and conquer on symmetric tridiagonal T against QL (tql2)', () => {
  const cases = Object.keys(FAMILIES).flatMap((f) => SIZES.map((n) => [f, n] as const));
  it.each(cases)('%s, n = %i: λ within 8·n·u·‖T‖ of QL, ‖T·v − λ·v‖ ≤ 8·n·u·‖T‖, |VᵀV − I| ≤ 8·n·u', (family, n) => {
    const { d, e } = (FAMILIES[family] as Family)(new Rng(`stedc-${family}-${n}`), n);
    const ref = ql(d, e);
    const { values, vectors } = stedc(d, e);
    const norm = normInf(d, e);
    // Both routes are backward stable (each λ̂ within c·n·u·‖T‖ of an exact one, c small; LAPACK's own tests of
    // dstedc accept 30·n·ulp): 8·n·u·‖T‖ bounds the difference of the two.
    expect(values).toBeAllClose(ref.values, { rtol: 0, atol: 8 * n * U * norm });
    for (let j = 1; j < n; j++) expect(values[j] as number).toBeGreaterThanOrEqual(values[j - 1] as number);
    const { res, orth } = errors(d, e, values, vectors);
    expect(res).toBeLessThanOrEqual(8 * n * U * Math.max(norm, Number.MIN_VALUE));
    expect(orth).toBeLessThanOrEqual(8 * n * U);
  });

  it('the identity coupled once at the top split: one merge of I − ρ·(e_{m−1}e_{m−1}ᵀ + e_m e_mᵀ) and a rank one', () => {
    // T = I + ½·(e_{m−1}e_mᵀ + e_m e_{m−1}ᵀ): eigenvalues ½ and 3/2 once, 1 (n − 2 times). Every leaf is diagonal, the
    // top merge has n − 2 repeated poles at 1 to deflate (by z = 0 and by rotations) and two roots.
    const n = 3 * LEAF;
    const d = new Float64Array(n).fill(1);
    const e = new Float64Array(n - 1);
    const mid = n >> 1;
    e[mid - 1] = 0.5;
    const { values, vectors } = stedc(d, e);
    const expected = [0.5, ...Array<number>(n - 2).fill(1), 1.5];
    expect(values).toBeAllClose(expected, { rtol: 0, atol: 8 * n * U });
    const { res, orth } = errors(d, e, values, vectors);
    expect(res).toBeLessThanOrEqual(8 * n * U);
    expect(orth).toBeLessThanOrEqual(8 * n * U);
  });

  it('n = 0 gives nothing; the inputs are not modified', () => {
    expect(stedc(new Float64Array(0), new Float64Array(0)).values.length).toBe(0);
    const d = Float64Array.from([3, 1, 2, 5, 4]);
    const e = Float64Array.from([1, 1, 1, 1]);
    const d0 = d.slice();
    const e0 = e.slice();
    stedc(d, e);
    expect(Array.from(d)).toEqual(Array.from(d0));
    expect(Array.from(e)).toEqual(Array.from(e0));
  });

  it('large and tiny scales (1e150, 1e-150) give the scaled eigenvalues', () => {
    const n = 2 * LEAF + 5;
    const { d, e } = (FAMILIES.random as Family)(new Rng('stedc-scale'), n);
    const base = stedc(d, e);
    for (const s of [1e150, 1e-150]) {
      const r = stedc(
        d.map((x) => x * s),
        e.map((x) => x * s),
      );
      expect(r.values.map((x) => x / s)).toBeAllClose(base.values, { rtol: 0, atol: 8 * n * U * normInf(d, e) });
    }
  });
});

describe('secularRoot: the roots of 1/ρ + Σ z_j²/(d_j − λ)', () => {
  it('interlace the poles, zero f to its rounding bound, and δ_j = d_j − λ', () => {
    const rng = new Rng('secular');
    const k = 40;
    const d = Float64Array.from({ length: k }, () => rng.normal()).sort();
    // A close pair of poles (1e-9 apart) and a tiny weight: the origin must be the nearer pole.
    d[10] = (d[9] as number) + 1e-9;
    const z = Float64Array.from({ length: k }, () => rng.normal());
    z[20] = 1e-7;
    const nz = Math.hypot(...z);
    for (let j = 0; j < k; j++) z[j] = (z[j] as number) / nz;
    const rho = 0.7;
    const delta = new Float64Array(k);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const lambda = secularRoot(k, d, z, rho, i, delta);
      sum += lambda;
      expect(lambda).toBeGreaterThan(d[i] as number);
      if (i < k - 1) expect(lambda).toBeLessThan(d[i + 1] as number);
      else expect(lambda).toBeLessThanOrEqual((d[i] as number) + rho);
      // δ_j agrees with d_j − λ (to the rounding of the subtraction) and f(λ) ≈ 0 in the δ's.
      let f = 1 / rho;
      let bound = 2 / rho;
      for (let j = 0; j < k; j++) {
        expect(Math.abs((delta[j] as number) - ((d[j] as number) - lambda))).toBeLessThanOrEqual(
          4 * U * (Math.abs(d[j] as number) + Math.abs(lambda)),
        );
        const t = ((z[j] as number) * (z[j] as number)) / (delta[j] as number);
        f += t;
        bound += 8 * Math.abs(t);
      }
      expect(Math.abs(f)).toBeLessThanOrEqual(4 * k * U * bound);
    }
    // trace: Σλ = Σd + ρ·‖z‖².
    const trace = d.reduce((s, x) => s + x, 0) + rho;
    expect(Math.abs(sum - trace)).toBeLessThanOrEqual(8 * k * U * 4);
  });
});
