import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { gaussian as normal } from '../lapack/internal/testing';
import { softmaxGradient32 } from './softmaxGradient32';
import { softmaxGradient64 } from './softmaxGradient64';

const isFloat32 = (v: number): boolean => Math.fround(v) === v;

describe('softmaxGradient32: Definition 3.1 and Claim 3.4 fused in the float32 SIMD kernel', () => {
  // The float64 kernel is itself tested against the literal sums (softmaxGradient64.test.ts); float32 must agree
  // with it to float32's documented accuracy (sums of up to a few thousand float32 terms).
  it.each([
    [1, 1, 1, 1],
    [5, 3, 7, 1],
    [17, 8, 64, 3],
    [32, 4, 129, 2],
    [9, 8, 4096, 8],
  ])('n = %i, d = %i, m = %i, dOut = %i: the float64 kernel’s loss, F and ΔWᵀ to float32 accuracy', (n, d, m, dOut) => {
    const rng = new Rng(`fused32-${n}-${m}`);
    const o = {
      x: normal(rng, n, d),
      wt: normal(rng, d, m),
      a: normal(rng, dOut, m),
      y: normal(rng, n, dOut),
      scale: m,
    };
    const got = softmaxGradient32(o);
    const want = softmaxGradient64(o);
    expect([got.loss]).toBeAllClose([want.loss], TOLERANCES.float32);
    expect(got.f.data).toBeAllClose(want.f.data, TOLERANCES.float32);
    expect(got.gradient.data).toBeAllClose(want.gradient.data, TOLERANCES.float32);
    expect([got.gradient.rows, got.gradient.cols, got.f.rows, got.f.cols]).toEqual([d, m, n, dOut]);
    // float32 results, widened exactly
    expect(got.gradient.data.every(isFloat32) && got.f.data.every(isFloat32)).toBe(true);
  });

  it('the softmax weights themselves: each entry to a few float32 ulps (times |z − max z|), from 1 down to e⁻⁸⁶', () => {
    // d = 1, x = 1, Wᵀ = the logits z, a = the identity (dOut = m), scale 1: F = softmax(z) entry by entry
    const m = 23; // not a multiple of 16: a padding block
    const z = Array.from({ length: m }, (_, r) => 5 - (r * 86) / (m - 1)); // z − max z from 0 to −86
    const a = new Float64Array(m * m);
    for (let r = 0; r < m; r++) a[r * m + r] = 1;
    const got = softmaxGradient32({
      x: { rows: 1, cols: 1, data: new Float64Array([1]) },
      wt: { rows: 1, cols: m, data: Float64Array.from(z, Math.fround) },
      a: { rows: m, cols: m, data: a },
      y: { rows: 1, cols: m, data: new Float64Array(m) },
      scale: 1,
    });
    const zf = z.map(Math.fround);
    const total = zf.reduce((s, v) => s + Math.exp(v - (zf[0] as number)), 0);
    zf.forEach((v, r) => {
      const want = Math.exp(v - (zf[0] as number)) / total;
      // z − max z rounded to float32 (exp's condition number there is |z − max z|: up to 86·2⁻²⁴ ≈ 5e-6), exp to
      // ~2 ulp (Cephes' polynomial), the sum of 23 terms and one division: a few ulps more
      const bound = 2 ** -24 * (Math.abs(v - (zf[0] as number)) + 8);
      expect(Math.abs((got.f.data[r] as number) - want) / want).toBeLessThan(bound);
    });
  });

  it('logits more than 87.33 below the largest count as e^−87.33 (never a subnormal, never NaN)', () => {
    const m = 3;
    const got = softmaxGradient32({
      x: { rows: 1, cols: 1, data: new Float64Array([1]) },
      wt: { rows: 1, cols: m, data: new Float64Array([0, -200, -1000]) },
      a: { rows: m, cols: m, data: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]) },
      y: { rows: 1, cols: m, data: new Float64Array(m) },
      scale: 1,
    });
    expect(got.f.data[0]).toBe(1);
    // the clamp: e^−87.33 ≈ 1.19e-38, just above the smallest normal float32 (1.18e-38)
    expect(got.f.data[1]).toBe(got.f.data[2]);
    expect(got.f.data[1]).toBeGreaterThanOrEqual(2 ** -126);
    expect(got.f.data[1]).toBeLessThan(1.2e-38);
  });

  it('large logits (|z| up to ~600) neither overflow nor lose the small softmax weights', () => {
    const rng = new Rng('fused32-large');
    const [n, d, m] = [6, 3, 33];
    const o = {
      x: normal(rng, n, d),
      wt: normal(rng, d, m, 200),
      a: normal(rng, 1, m),
      y: normal(rng, n, 1),
      scale: 1,
    };
    const got = softmaxGradient32(o);
    const want = softmaxGradient64(o);
    expect(got.gradient.data.every(Number.isFinite)).toBe(true);
    // logits of ~600 carry float32 rounding of ~600·6e-8 ≈ 4e-5 each, which moves the weights by as much
    expect(got.gradient.data).toBeAllClose(want.gradient.data, { rtol: 1e-3, atol: 1e-6 });
    expect(got.f.data).toBeAllClose(want.f.data, { rtol: 1e-3, atol: 1e-6 });
  });

  it('one point worked by hand: S = (1/4, 3/4), F = −1, L = 1/2, ΔWᵀ = [[−3/4, 3/4], [0, 0]]', () => {
    // e = F − y = −1, P = −1/2, ρ = e·P = 1/2; C_r = c·S_r·(e·a_r − ρ) = 2·(1/4)·(−3/2), 2·(3/4)·(1/2)
    const r = softmaxGradient32({
      x: { rows: 1, cols: 2, data: new Float64Array([1, 0]) },
      wt: { rows: 2, cols: 2, data: new Float64Array([0, Math.log(3), 0, 0]) },
      a: { rows: 1, cols: 2, data: new Float64Array([1, -1]) },
      y: { rows: 1, cols: 1, data: new Float64Array([0]) },
      scale: 2,
    });
    // ln 3 rounded to float32 moves S by ~3e-8; the rest is float32 rounding
    expect(Array.from(r.gradient.data)).toBeAllClose([-0.75, 0.75, 0, 0], { rtol: 0, atol: 1e-6 });
    expect([r.loss, ...r.f.data]).toBeAllClose([0.5, -1], { rtol: 0, atol: 1e-6 });
  });

  it('rejects mismatched shapes, naming the argument', () => {
    const rng = new Rng(1);
    const x = normal(rng, 4, 2);
    const a = normal(rng, 1, 5);
    expect(() => softmaxGradient32({ x, wt: normal(rng, 3, 5), a, y: normal(rng, 4, 1), scale: 5 })).toThrow(
      'invalid argument: wt: must be 2 × 5, got 3 × 5',
    );
  });
});
