/**
 * Tests written for the mutation run of ./gramBands64.ts (bench/results/mutation/ntk-gram.json): gramBands64.test.ts
 * runs every band in order, where a band that also wrote another band's entries would write the same values; these
 * pin that each band, run alone, writes exactly its own entries (what lets the workers of `gramAsync` share them),
 * and the first size that is cut into bands.
 */
import { Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { BAND64_MIN_ROWS, bandBounds, runBand64 } from './gramBands64';

describe('Definition 3.6: each float64 band writes its own entries only', () => {
  it('cuts from nd = 512 on: 8 bands, each r_k = nd·√(k/8) rounded to a multiple of 4', () => {
    expect(BAND64_MIN_ROWS).toBe(512);
    expect(bandBounds(511)).toEqual([0, 511]);
    expect(bandBounds(512)).toEqual([0, 180, 256, 312, 364, 404, 444, 480, 512]);
    expect(bandBounds(513)).toEqual([0, 180, 256, 316, 364, 404, 444, 480, 513]);
  });

  it('band k alone writes H[I, J] exactly where max(I, J) is one of its rows, each entry s·(c cᵀ)[I, J]·g (nd = 3·171)', () => {
    const n = 171;
    const nd = 3 * n; // 513: 8 bands, the last one 33 rows
    const m = 5;
    const s = 0.5;
    const rng = new Rng(71);
    const c = Float64Array.from({ length: nd * m }, () => rng.uniform() - 0.5);
    const g = Float64Array.from({ length: n * n }, () => rng.uniform() + 0.5);
    const bounds = bandBounds(nd);
    // every entry starts as its own distinct sentinel: a copy of another entry's sentinel shows
    const sentinel = (e: number) => -1 - e;
    for (let k = bounds.length - 2; k >= 0; k--) {
      const out = Float64Array.from({ length: nd * nd }, (_, e) => sentinel(e));
      runBand64({ c, nd, m, out, bounds, input: { g, n, s } }, k);
      const [r0, r1] = [bounds[k] as number, bounds[k + 1] as number];
      let strangers = 0;
      let worst = 0;
      for (let i = 0; i < nd; i++)
        for (let j = 0; j < nd; j++) {
          const e = i * nd + j;
          const hi = Math.max(i, j);
          if (hi < r0 || hi >= r1) {
            if (out[e] !== sentinel(e)) strangers++;
            continue;
          }
          const lo = Math.min(i, j);
          let t = 0;
          for (let r = 0; r < m; r++) t += (c[hi * m + r] as number) * (c[lo * m + r] as number);
          const want = s * t * (g[(hi % n) * n + (lo % n)] as number);
          worst = Math.max(
            worst,
            Math.abs((out[e] as number) - want) / (TOLERANCES.float64.atol + TOLERANCES.float64.rtol * Math.abs(want)),
          );
        }
      expect({ band: k, strangers }).toEqual({ band: k, strangers: 0 });
      expect(worst).toBeLessThanOrEqual(1);
    }
  });
});
