import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '@softmax-ntk/linalg';
import { BAND64_MIN_ROWS, BANDS64, bandBounds, runAllBands64 } from './gramBands64';

describe('Definition 3.6: the float64 product c·cᵀ by row bands', () => {
  it('cuts nd = 2048 into 8 bands of equal work (±3 %), interior bounds multiples of 4', () => {
    const nd = 2048;
    const b = bandBounds(nd);
    expect(b.length).toBe(BANDS64 + 1);
    expect([b[0], b.at(-1)]).toEqual([0, nd]);
    const work = b.slice(1).map((r, k) => r * r - (b[k] as number) ** 2); // ∝ multiply-adds of rows [r_k, r_{k+1})
    const fair = (nd * nd) / BANDS64;
    expect(Math.max(...work.map((w) => Math.abs(w - fair) / fair))).toBeLessThan(0.03);
    for (const r of b.slice(1, -1)) expect(r % 4).toBe(0);
    for (let k = 1; k < b.length; k++) expect(b[k]).toBeGreaterThan(b[k - 1] as number);
  });

  it('keeps one band below 512 rows, and a short last band when nd is not a multiple of 4', () => {
    expect(bandBounds(BAND64_MIN_ROWS - 1)).toEqual([0, BAND64_MIN_ROWS - 1]);
    const b = bandBounds(1001);
    expect(b.at(-1)).toBe(1001);
    expect(b.length).toBe(BANDS64 + 1);
  });

  it('equals the plain triple-loop product, exactly symmetric (nd = 530, m = 37: bands of odd length)', () => {
    const nd = 530;
    const m = 37;
    const rng = new Rng(5);
    const c = Float64Array.from({ length: nd * m }, () => rng.uniform() - 0.5);
    const out = new Float64Array(nd * nd).fill(NaN); // every entry must be written
    runAllBands64({ c, nd, m, out, bounds: bandBounds(nd) });
    const want = new Float64Array(nd * nd);
    for (let i = 0; i < nd; i++)
      for (let j = 0; j < nd; j++) {
        let s = 0;
        for (let r = 0; r < m; r++) s += (c[i * m + r] as number) * (c[j * m + r] as number);
        want[i * nd + j] = s;
      }
    expect(out).toBeAllClose(want, TOLERANCES.float64);
    let asym = 0;
    for (let i = 0; i < nd; i++) for (let j = 0; j < i; j++) if (out[i * nd + j] !== out[j * nd + i]) asym++;
    expect(asym).toBe(0);
  });

  it('with the input factor, each band scales its entries by s·(X Xᵀ)[I mod n, J mod n] and mirrors them (nd = 3·177, n = 177)', () => {
    const n = 177;
    const d = 3;
    const nd = n * d; // 531: 8 bands, the last not a multiple of 4
    const m = 11;
    const s = 0.25;
    const rng = new Rng(9);
    const c = Float64Array.from({ length: nd * m }, () => rng.uniform() - 0.5);
    const g = Float64Array.from({ length: n * n }, () => rng.uniform() + 0.5);
    const out = new Float64Array(nd * nd).fill(NaN);
    runAllBands64({ c, nd, m, out, bounds: bandBounds(nd), input: { g, n, s } });
    const want = new Float64Array(nd * nd);
    for (let i = 0; i < nd; i++)
      for (let j = 0; j < nd; j++) {
        let t = 0;
        for (let r = 0; r < m; r++) t += (c[i * m + r] as number) * (c[j * m + r] as number);
        // the lower entry's factor on both sides (g need not be symmetric: H comes out exactly symmetric)
        const lo = Math.max(i, j);
        const hi = Math.min(i, j);
        want[i * nd + j] = s * t * (g[(lo % n) * n + (hi % n)] as number);
      }
    expect(out).toBeAllClose(want, TOLERANCES.float64);
    let asym = 0;
    for (let i = 0; i < nd; i++) for (let j = 0; j < i; j++) if (out[i * nd + j] !== out[j * nd + i]) asym++;
    expect(asym).toBe(0);
  });
});
