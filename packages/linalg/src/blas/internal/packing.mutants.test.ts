/**
 * Tests written for the mutation run (bench/results/mutation) of internal/packing.ts: each routine against the
 * packed layout its header documents, entry by entry and bit for bit, with the edge strips (mc, nc not multiples of
 * 4), strides, and sentinels around what must not be written; the scratch pool's reuse.
 *
 * - op(A) block, mc × kc: entry (i, p) of strip s = ⌊i/MR⌋ at s·MR·kc + p·MR + (i mod MR), rows past mc zero;
 * - op(B) block, kc × nc: entry (p, j) of strip t = ⌊j/NR⌋ at t·NR·kc + p·NR + (j mod NR), columns past nc zero;
 * - micro-kernel: C_ij += Σ_p Ap[ao + p·MR + i]·Bp[bo + p·NR + j], the sum from 0 in p order, for i < mr, j < nr.
 */
import { Rng } from '../../random/rng';
import { MR, NR, microKernel, microKernelTriangle, packA, packB, scratch } from './packing';

/** The number of entries of `got` that are not `want` bit for bit (Object.is: −0 and NaN count). */
const differ = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  let n = 0;
  for (let q = 0; q < want.length; q++) if (!Object.is(got[q], want[q])) n++;
  return n + Math.abs(got.length - want.length);
};

describe('packing: the packed layouts and the micro-kernels, bit for bit', () => {
  it('MR = NR = 4 (the layouts below and the unrolled kernels assume it)', () => {
    expect([MR, NR]).toEqual([4, 4]);
  });

  it.each([
    [4, 3],
    [7, 5],
    [1, 2],
    [10, 1],
  ])('packA: α·X, mc = %i, kc = %i, strided, into MR-tall strips zero-padded; nothing past them', (mc, kc) => {
    const rng = new Rng(`packA-${mc}-${kc}`);
    const [off, s1, s2] = [3, 2, 2 * mc + 1]; // X[off + i·s1 + p·s2]: rows interleaved, columns far apart
    const X = rng.fillNormal(new Float64Array(off + (mc - 1) * s1 + (kc - 1) * s2 + 2)) as Float64Array;
    const alpha = 0.3;
    const strips = Math.ceil(mc / MR);
    const want = new Float64Array(strips * MR * kc + 3).fill(-0);
    for (let s = 0; s < strips; s++)
      for (let p = 0; p < kc; p++)
        for (let r = 0; r < MR; r++) {
          const i = s * MR + r;
          want[s * MR * kc + p * MR + r] = i < mc ? alpha * X[off + i * s1 + p * s2]! : 0;
        }
    const out = new Float64Array(want.length).fill(-0);
    packA(mc, kc, alpha, X, off, s1, s2, out);
    expect(differ(out, want)).toBe(0);
  });

  it.each([
    [3, 4],
    [5, 7],
    [2, 1],
    [1, 10],
  ])('packB: Y, kc = %i, nc = %i, strided, into NR-wide strips zero-padded; nothing past them', (kc, nc) => {
    const rng = new Rng(`packB-${kc}-${nc}`);
    const [off, s1, s2] = [2, 3 * nc + 1, 3]; // Y[off + p·s1 + j·s2]
    const Y = rng.fillNormal(new Float64Array(off + (kc - 1) * s1 + (nc - 1) * s2 + 2)) as Float64Array;
    const strips = Math.ceil(nc / NR);
    const want = new Float64Array(strips * NR * kc + 3).fill(-0);
    for (let t = 0; t < strips; t++)
      for (let p = 0; p < kc; p++)
        for (let c = 0; c < NR; c++) {
          const j = t * NR + c;
          want[t * NR * kc + p * NR + c] = j < nc ? Y[off + p * s1 + j * s2]! : 0;
        }
    const out = new Float64Array(want.length).fill(-0);
    packB(kc, nc, Y, off, s1, s2, out);
    expect(differ(out, want)).toBe(0);
  });

  /** Packed strips at offsets ao and bo, and C (column-major, padded) holding −0 everywhere outside its values. */
  function tileCase(seed: string, kc: number) {
    const rng = new Rng(seed);
    const [ao, bo] = [5, 7];
    const Ap = rng.fillNormal(new Float64Array(ao + kc * MR + 4)) as Float64Array;
    const Bp = rng.fillNormal(new Float64Array(bo + kc * NR + 4)) as Float64Array;
    const [co, cs1, cs2] = [6, 1, 7]; // C(i, j) at 6 + i + 7·j
    const C0 = new Float64Array(co + 4 * cs2 + 8).fill(-0);
    for (let i = 0; i < MR; i++) for (let j = 0; j < NR; j++) C0[co + i * cs1 + j * cs2] = rng.normal();
    /** Σ_p Ap[ao + p·MR + i]·Bp[bo + p·NR + j] from 0, in p order. */
    const sum = (i: number, j: number): number => {
      let s = 0;
      for (let p = 0; p < kc; p++) s += Ap[ao + p * MR + i]! * Bp[bo + p * NR + j]!;
      return s;
    };
    return { Ap, Bp, ao, bo, C0, co, cs1, cs2, sum };
  }

  it.each([
    [4, 4],
    [3, 2],
    [4, 1],
    [1, 4],
    [2, 3],
  ])('microKernel: C += Ap·Bp on the mr × nr = %i × %i corner of the tile, and nowhere else', (mr, nr) => {
    const kc = 9;
    const { Ap, Bp, ao, bo, C0, co, cs1, cs2, sum } = tileCase(`micro-${mr}-${nr}`, kc);
    const want = C0.slice();
    for (let i = 0; i < mr; i++)
      for (let j = 0; j < nr; j++) want[co + i * cs1 + j * cs2] = C0[co + i * cs1 + j * cs2]! + sum(i, j);
    const C = C0.slice();
    microKernel(kc, Ap, ao, Bp, bo, C, co, cs1, cs2, mr, nr);
    expect(differ(C, want)).toBe(0);
  });

  it.each([
    [4, 4, 0, true],
    [4, 4, 0, false],
    [4, 4, 2, true],
    [4, 4, -2, false],
    [3, 2, -1, true],
    [2, 3, 1, false],
  ])(
    'microKernelTriangle: mr × nr = %i × %i, row − col of the corner %i, lower = %s: only the triangle is added to',
    (mr, nr, rowMinusCol, lower) => {
      const kc = 6;
      const { Ap, Bp, ao, bo, C0, co, cs1, cs2, sum } = tileCase(`triangle-${mr}-${nr}-${rowMinusCol}`, kc);
      const want = C0.slice();
      let written = 0;
      for (let i = 0; i < mr; i++)
        for (let j = 0; j < nr; j++) {
          const d = rowMinusCol + i - j;
          if (lower ? d >= 0 : d <= 0) {
            want[co + i * cs1 + j * cs2] = C0[co + i * cs1 + j * cs2]! + sum(i, j);
            written++;
          }
        }
      // every case writes some entries of its corner and leaves others (else it could not tell the triangles apart)
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(mr * nr);
      const C = C0.slice();
      microKernelTriangle(kc, Ap, ao, Bp, bo, C, co, cs1, cs2, mr, nr, rowMinusCol, lower);
      expect(differ(C, want)).toBe(0);
    },
  );

  it('microKernelTriangle starts from zero accumulators on every call (no sum left from an earlier tile)', () => {
    const kc = 5;
    const a = tileCase('triangle-first', kc);
    const C1 = a.C0.slice();
    microKernelTriangle(kc, a.Ap, a.ao, a.Bp, a.bo, C1, a.co, a.cs1, a.cs2, 4, 4, 0, true);
    const b = tileCase('triangle-second', kc);
    const want = b.C0.slice();
    for (let i = 0; i < 4; i++)
      for (let j = 0; j <= i; j++)
        want[b.co + i * b.cs1 + j * b.cs2] = b.C0[b.co + i * b.cs1 + j * b.cs2]! + b.sum(i, j);
    const C2 = b.C0.slice();
    microKernelTriangle(kc, b.Ap, b.ao, b.Bp, b.bo, C2, b.co, b.cs1, b.cs2, 4, 4, 0, true);
    expect(differ(C2, want)).toBe(0);
  });

  it('scratch: a buffer is reused while it is large enough, replaced by a larger one, one per name', () => {
    const x = scratch('packing-test-x', 8);
    expect(x.length).toBe(8);
    expect(scratch('packing-test-x', 8)).toBe(x);
    expect(scratch('packing-test-x', 3)).toBe(x);
    const y = scratch('packing-test-y', 2);
    expect(y).not.toBe(x);
    expect(y.length).toBe(2);
    const bigger = scratch('packing-test-x', 9);
    expect(bigger).not.toBe(x);
    expect(bigger.length).toBe(9);
    expect(scratch('packing-test-x', 1)).toBe(bigger);
  });
});
