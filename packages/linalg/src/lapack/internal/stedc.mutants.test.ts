/**
 * Fast tests for the mutation run (bench/results/mutation) of internal/stedc.ts. stedc.test.ts (eight families at
 * nine sizes up to 257 against QL) takes seconds per mutant and is left out of that run only (`skipTests`; CI runs
 * it); these pin the same lines at sizes with two or three levels of merges (n = 70: halves of 35, leaves of 17 and
 * 18, so Q₁'s rows are not a multiple of 4 and the number of kept poles is odd in some merges), on families that
 * reach every branch of the deflation (z tiny, rotations within one half and across the two halves, all deflated),
 * and on kernel memory left full of NaN (every buffer must be cleared where the products read padding).
 */
import { acquireKernels, releaseKernels } from '../../wasm/kernels';
import { Rng } from '../../random/rng';
import { LEAF, mergeLd, mergeRows, secularRoot, stedc, stedcScratch } from './stedc';
import { tridiagonalErrors, tridiagonalNormInf, tridiagonalQl } from './testing';

const U = 2 ** -53;

/** max_j ‖T·v_j − λ_j·v_j‖₂ / ‖T‖_∞ (the residual relative to T's size) and max |VᵀV − I|. */
function errors(
  d: Float64Array,
  e: Float64Array,
  values: Float64Array,
  v: Float64Array,
): { res: number; orth: number } {
  const { res, orth } = tridiagonalErrors(d, e, values, v);
  const norm = tridiagonalNormInf(d, e);
  return { res: norm > 0 ? res / norm : res, orth };
}

const tri = (n: number, d: (i: number) => number, e: (i: number) => number): { d: Float64Array; e: Float64Array } => ({
  d: Float64Array.from({ length: n }, (_, i) => d(i)),
  e: Float64Array.from({ length: n - 1 }, (_, i) => e(i)),
});

describe('stedc (mutation tests): values against QL, residual and orthogonality at 8·n·u', () => {
  const rng = new Rng('stedc-mutants');
  const cases: [string, { d: Float64Array; e: Float64Array }][] = [
    [
      'random, n = 70',
      tri(
        70,
        () => rng.normal(),
        () => rng.normal(),
      ),
    ],
    // Negative couplings: z's lower half changes sign with β.
    [
      'random, negative e, n = 70',
      tri(
        70,
        () => rng.normal(),
        () => -Math.abs(rng.normal()),
      ),
    ],
    // Wilkinson W⁺: mirror-image halves, so close poles from the two halves are rotated together (mixed columns).
    [
      'Wilkinson, n = 69',
      tri(
        69,
        (i) => Math.abs(i - 34),
        () => 1,
      ),
    ],
    // A cluster: poles 1e-13 apart, rotated together within a half.
    [
      'cluster, n = 67',
      tri(
        67,
        () => 1,
        () => 1e-13 * rng.normal(),
      ),
    ],
    // Diagonal with repeats: everything deflates (k = 0), the merge only sorts.
    [
      'diagonal, n = 66',
      tri(
        66,
        (i) => (i * 7) % 5,
        () => 0,
      ),
    ],
    // Graded: z's of every size, some below the deflation tolerance.
    [
      'graded, n = 70',
      tri(
        70,
        (i) => 10 ** (-i / 8) * rng.normal(),
        (i) => 10 ** (-(i + 0.5) / 8) * rng.normal(),
      ),
    ],
  ];
  it.each(cases)('%s', (_name, { d, e }) => {
    const n = d.length;
    const { values, vectors } = stedc(d, e);
    let norm = 0;
    for (let i = 0; i < n; i++)
      norm = Math.max(norm, Math.abs(d[i] as number) + 2 * Math.abs(e[Math.min(i, n - 2)] as number));
    expect(values).toBeAllClose(tridiagonalQl(d, e).values, { rtol: 0, atol: 8 * n * U * norm });
    for (let j = 1; j < n; j++) expect(values[j] as number).toBeGreaterThanOrEqual(values[j - 1] as number);
    const { res, orth } = errors(d, e, values, vectors);
    expect(res).toBeLessThanOrEqual(8 * n * U);
    expect(orth).toBeLessThanOrEqual(8 * n * U);
  });

  it('the secular solver converges in a few steps per root (dlaed4-style model; bisection would take ~50)', () => {
    for (const [, { d, e }] of cases.slice(0, 3)) {
      const { stats } = stedc(d, e);
      expect(stats.kept).toBeGreaterThan(0);
      // ~5 per root here (the first from the middle of the half interval); a broken step falls back to bisection.
      expect(stats.iterations).toBeLessThanOrEqual(8 * stats.kept);
      expect(stats.iterations).toBeGreaterThanOrEqual(stats.kept);
    }
  });

  it('deflation: negligible couplings deflate every pole; mirror-image halves keep at most one of each pair', () => {
    // |β| ≤ ~4e-17: ρ·|z_j| ≤ 2·|β| < tol = 8·u·max|D| (max|D| ≥ ½ after the power-of-two scaling).
    const tiny = tri(
      70,
      () => rng.normal(),
      () => 1e-17 * rng.normal(),
    );
    expect(stedc(tiny.d, tiny.e).stats).toEqual({ kept: 0, iterations: 0 });
    // T = [T₁, β; β, J·T₁·J] (J the reversal), halves of LEAF rows: both halves have the same eigenvalues (to
    // rounding), so every pole of the one merge has a twin within tol: a rotation deflates one of each pair.
    const h = LEAF;
    const d1 = Array.from({ length: h }, () => rng.normal());
    const e1 = Array.from({ length: h - 1 }, () => rng.normal());
    const d = Float64Array.from({ length: 2 * h }, (_, i) =>
      i < h ? (d1[i] as number) : (d1[2 * h - 1 - i] as number),
    );
    const e = Float64Array.from({ length: 2 * h - 1 }, (_, i) =>
      i < h - 1 ? (e1[i] as number) : i === h - 1 ? 0.5 : (e1[2 * h - 2 - i] as number),
    );
    const { values, vectors, stats } = stedc(d, e);
    expect(stats.kept).toBeGreaterThan(0);
    expect(stats.kept).toBeLessThanOrEqual(h);
    const { res, orth } = errors(d, e, values, vectors);
    expect(res).toBeLessThanOrEqual(8 * 2 * h * U);
    expect(orth).toBeLessThanOrEqual(8 * 2 * h * U);
  });

  it('n = 0 and the zero matrix', () => {
    const empty = stedc(new Float64Array(0), new Float64Array(0));
    expect(empty.values.length).toBe(0);
    expect(empty.stats).toEqual({ kept: 0, iterations: 0 });
    const n = 70;
    const { values, vectors } = stedc(new Float64Array(n), new Float64Array(n - 1));
    expect(Array.from(values)).toEqual(Array<number>(n).fill(0));
    expect(errors(new Float64Array(n), new Float64Array(n - 1), values, vectors).orth).toBeLessThanOrEqual(8 * n * U);
  });

  it('the last kept pole is column 0 of the merge: diagonal halves, coupled rows holding their extremes', () => {
    // Halves diagonal, so z ≠ 0 only for the coupled rows: d[mid − 1] = 1, the smallest of the upper half (column 0
    // after its sort), and d[mid] = 0, the smallest of the lower half; both are kept, and 1 − β is the larger pole.
    const h = LEAF + 3;
    const d = Float64Array.from({ length: 2 * h }, (_, i) =>
      i < h - 1 ? 5 + i : i === h - 1 ? 1 : i === h ? 0 : 50 + i,
    );
    const e = new Float64Array(2 * h - 1);
    const beta = 0.25;
    e[h - 1] = beta;
    const { values } = stedc(d, e);
    // The coupled 2 × 2 block [[1, β], [β, 0]]: ½ ± √(¼ + β²).
    const r = Math.sqrt(0.25 + beta * beta);
    const expected = Array.from(d).filter((_, i) => i !== h - 1 && i !== h);
    expected.push(0.5 - r, 0.5 + r);
    expected.sort((a, b) => a - b);
    expect(values).toBeAllClose(expected, { rtol: 0, atol: 8 * 2 * h * U * 120 });
  });

  it('n = 160 (merges of 40, 80 and 160): a block’s rows end where its merge buffers hold an earlier, larger merge’s', () => {
    // The merge of rows 80…119 (halves of 20, a multiple of 4) runs after the merge of rows 0…79 filled more rows of the
    // product buffer: writing back one row too many would put that merge's data into the next block's rows of Q.
    const { d, e } = tri(
      160,
      () => rng.normal(),
      () => rng.normal(),
    );
    const { values, vectors } = stedc(d, e);
    const { res, orth } = errors(d, e, values, vectors);
    expect(res).toBeLessThanOrEqual(8 * 160 * U);
    expect(orth).toBeLessThanOrEqual(8 * 160 * U);
  });

  it('zero halves coupled once at the top split: ±3 and zeros, to 16·u·‖T‖', () => {
    // d = 0 except the two rows at the top split; their coupling 3 gives ±3, the rest 0.
    const n = 2 * LEAF + 2;
    const d = new Float64Array(n);
    const e = new Float64Array(n - 1);
    e[n / 2 - 1] = 3;
    const { values, vectors } = stedc(d, e);
    expect(values).toBeAllClose([-3, ...Array<number>(n - 2).fill(0), 3], { rtol: 0, atol: 16 * U * 3 });
    const { res, orth } = errors(d, e, values, vectors);
    expect(res).toBeLessThanOrEqual(8 * n * U);
    expect(orth).toBeLessThanOrEqual(8 * n * U);
  });

  it('scaled by 2^±600: the eigenvalues scale exactly with the matrix', () => {
    const { d, e } = tri(
      70,
      () => rng.normal(),
      () => rng.normal(),
    );
    const base = stedc(d, e).values;
    for (const s of [2 ** 600, 2 ** -600]) {
      const r = stedc(
        d.map((x) => x * s),
        e.map((x) => x * s),
      ).values;
      expect(Array.from(r, (x) => x / s)).toEqual(Array.from(base));
    }
  });

  it('the same bits from kernel memory full of NaN as from a clean one', () => {
    const { d, e } = tri(
      70,
      () => rng.normal(),
      () => rng.normal(),
    );
    const clean = stedc(d, e);
    const s = stedcScratch(70);
    const bytes = 8 * (72 * 72 + s.qc + s.qo + s.ub) + 4096;
    const a = acquireKernels('eig', bytes, 'probe a');
    const b = acquireKernels('eig', bytes, 'probe b');
    new Float64Array(a.memory.buffer).fill(NaN);
    new Float64Array(b.memory.buffer).fill(NaN);
    releaseKernels('eig', a);
    releaseKernels('eig', b);
    const dirty = stedc(d, e);
    expect(Array.from(dirty.values)).toEqual(Array.from(clean.values));
    expect(Array.from(dirty.vectors)).toEqual(Array.from(clean.vectors));
  });

  it('the merge buffers: leading dimension n rounded up to 4, plus 4; rows plus 8', () => {
    expect([mergeLd(1), mergeLd(4), mergeLd(5)]).toEqual([8, 8, 12]);
    expect([mergeRows(1), mergeRows(5)]).toEqual([12, 16]);
    expect(stedcScratch(5)).toEqual({ qc: 16 * 12, qo: 16 * 12, ub: 12 * 12, sec: 9 * 12 });
  });
});

describe('secularRoot (mutation tests)', () => {
  it('two poles: the roots of the 2 × 2 problem diag(0, 1) + ρ·z·zᵀ in closed form', () => {
    const d = Float64Array.from([0, 1]);
    const z = Float64Array.from([0.6, 0.8]);
    const rho = 0.5;
    // Eigenvalues of [[ρ·0.36, ρ·0.48], [ρ·0.48, 1 + ρ·0.64]].
    const a = rho * 0.36;
    const c = 1 + rho * 0.64;
    const b = rho * 0.48;
    const mean = (a + c) / 2;
    const r = Math.hypot((c - a) / 2, b);
    const delta = new Float64Array(2);
    for (const [i, lambda] of [
      [0, mean - r],
      [1, mean + r],
    ] as const) {
      const got = secularRoot(2, d, z, rho, i, delta);
      expect(Math.abs(got - lambda)).toBeLessThanOrEqual(4 * U);
      expect(Math.abs((delta[0] as number) - (0 - lambda))).toBeLessThanOrEqual(4 * U);
      expect(Math.abs((delta[1] as number) - (1 - lambda))).toBeLessThanOrEqual(4 * U);
    }
  });

  it('a root next to a pole: δ to the near pole is accurate relative to itself', () => {
    // z_0 tiny: λ_0 − d_0 ≈ ρ·z_0²·(…) ~ 1e-20, far below u·|d_0|; only the gap-relative form keeps δ_0 exact.
    const d = Float64Array.from([1, 2, 3]);
    const z = Float64Array.from([1e-10, Math.SQRT1_2, Math.SQRT1_2]);
    const rho = 1;
    const delta = new Float64Array(3);
    const lambda = secularRoot(3, d, z, rho, 0, delta);
    // f(λ) = 0 ⇒ z_0²/δ_0 = −(1/ρ + Σ_{j>0} z_j²/δ_j), with δ_j ≈ d_j − 1 for j > 0: δ_0 ≈ −z_0² / (1 + ½ + ¼).
    const expected = -1e-20 / (1 + 0.5 / 1 + 0.5 / 2);
    expect(Math.abs((delta[0] as number) - expected)).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
    expect(lambda).toBe(1);
    // The top root, from the last pole.
    const top = secularRoot(3, d, z, rho, 2, delta);
    expect(top).toBeGreaterThan(3);
    expect(top).toBeLessThanOrEqual(4);
    let f = 1 / rho;
    for (let j = 0; j < 3; j++) f += ((z[j] as number) * (z[j] as number)) / (delta[j] as number);
    expect(Math.abs(f)).toBeLessThanOrEqual(64 * U);
  });
});
