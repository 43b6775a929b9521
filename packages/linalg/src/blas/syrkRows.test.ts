import { Rng } from '../random/rng';
import { syrkLowerRows } from './syrkRows';

/** Independent reference: (A·Aᵀ)_ij by a plain dot-product loop. */
function naive(A: Float64Array, k: number, i: number, j: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += (A[i * k + p] as number) * (A[j * k + p] as number);
  return s;
}

/** Bands r0 … r1 over N rows, written into an N × (N + 3) buffer at offset 5 prefilled with NaN sentinels. */
function runBands(
  A: Float64Array,
  N: number,
  k: number,
  bounds: number[],
): { out: Float64Array; ld: number; off: number } {
  const ld = N + 3;
  const off = 5;
  const out = new Float64Array(off + ld * N + 2).fill(Number.NaN);
  for (let b = 0; b + 1 < bounds.length; b++)
    syrkLowerRows(A, k, bounds[b] as number, bounds[b + 1] as number, out, ld, off);
  return { out, ld, off };
}

describe('syrkLowerRows: rows of the lower triangle of A·Aᵀ (float64 SIMD kernel)', () => {
  for (const N of [1, 3, 17, 33, 65]) {
    for (const k of [1, 3, 17, 256, 301, 513]) {
      it(`N = ${N}, k = ${k}: every lower entry matches dot products, nothing else is written`, () => {
        const rng = new Rng(`syrk-rows-${N}-${k}`);
        const A = rng.fillNormal(new Float64Array(N * k)) as Float64Array;
        // uneven bands, one not a multiple of 4 (the kernel's strips), one empty
        const cut1 = Math.min(N, Math.floor(N / 3));
        const cut2 = Math.min(N, cut1 + 5);
        const { out, ld, off } = runBands(A, N, k, [0, cut1, cut1, cut2, N]);
        const got: number[] = [];
        const want: number[] = [];
        let untouched = 0;
        let upperCount = 0;
        for (let i = 0; i < N; i++)
          for (let j = 0; j < ld; j++) {
            const v = out[off + i * ld + j] as number;
            if (j <= i) {
              got.push(v);
              want.push(naive(A, k, i, j));
            } else {
              upperCount++;
              if (Number.isNaN(v)) untouched++;
            }
          }
        expect(untouched).toBe(upperCount);
        expect(Number.isNaN(out[off - 1] as number) && Number.isNaN(out.at(-1) as number)).toBe(true);
        expect(got).toBeAllClose(want);
      });
    }
  }

  it('N = 261 (three column blocks of 128, bands starting inside them): every lower entry matches', () => {
    const N = 261;
    const k = 19;
    const A = new Rng('syrk-rows-261').fillNormal(new Float64Array(N * k)) as Float64Array;
    const { out, ld, off } = runBands(A, N, k, [0, 100, 130, 257, 261]);
    const got: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < N; i++)
      for (let j = 0; j <= i; j++) {
        got.push(out[off + i * ld + j] as number);
        want.push(naive(A, k, i, j));
      }
    expect(got).toBeAllClose(want);
    expect(Number.isNaN(out[off + 259 * ld + 260] as number)).toBe(true);
  });

  it('is bitwise the same whatever the bands (the triangle in one band, or in strips of 1, 4 and 7 rows)', () => {
    const N = 70;
    const k = 300; // two panels (KC = 256) and an even remainder
    const A = new Rng('syrk-rows-bands').fillNormal(new Float64Array(N * k)) as Float64Array;
    const one = runBands(A, N, k, [0, N]).out;
    for (const step of [1, 4, 7]) {
      const bounds = [];
      for (let r = 0; r < N; r += step) bounds.push(r);
      bounds.push(N);
      const other = runBands(A, N, k, bounds).out;
      let differ = 0;
      for (let q = 0; q < one.length; q++) if (!Object.is(one[q], other[q])) differ++;
      expect(differ).toBe(0);
    }
  });

  it('the benchmark size (2048 × 4096, the float64 Gram product of gram64): sampled entries of every band match', () => {
    const N = 2048;
    const k = 4096;
    const rng = new Rng('syrk-rows-bench');
    const A = rng.fillNormal(new Float64Array(N * k)) as Float64Array;
    const bounds = [0, 724, 1024, 1256, 1448, 1620, 1772, 1916, 2048]; // gramBands64's equal-work bands of 2048
    const { out, ld, off } = runBands(A, N, k, bounds);
    const got: number[] = [];
    const want: number[] = [];
    for (let s = 0; s < 400; s++) {
      const i = Math.floor(rng.uniform() * N);
      const j = s % 10 === 0 ? i : Math.floor(rng.uniform() * (i + 1)); // diagonal entries too
      got.push(out[off + i * ld + j] as number);
      want.push(naive(A, k, i, j));
    }
    // the last row's diagonal and its first column: band edges and the last strip
    got.push(out[off + (N - 1) * ld + N - 1] as number, out[off + (N - 1) * ld] as number);
    want.push(naive(A, k, N - 1, N - 1), naive(A, k, N - 1, 0));
    expect(got).toBeAllClose(want);
  });
});
