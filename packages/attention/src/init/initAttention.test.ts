import { initAttention } from './initAttention';
import { forward } from '../model/forward';
import * as reference from '../../test/reference';
import { randomProblem } from '../../test/fixtures';

describe('Definition 3.7 for heads: symmetric initialisation', () => {
  it.each([
    [2, 2, 'ntk'],
    [8, 3, 'mean-field'],
    [64, 4, 'ntk'],
  ] as const)('H = %i, d_h = %i, %s scaling: F(θ(0)) = 0 exactly for random sequences', (H, dh, scaling) => {
    const base = randomProblem({ seed: 11, H, dh, d: 3, n: 5, N: 3, scaling });
    const w = initAttention({ shape: base.shape, kind: 'symmetric', seed: 7 });
    const F = forward({ problem: { ...base, ...w } });
    expect(Array.from(F).every((v) => v === 0)).toBe(true);
    if (H <= 8) expect(Math.max(...Array.from(reference.forward({ ...base, ...w }), Math.abs))).toBeLessThan(1e-12);
  });

  it('pairs share W^K, W^Q and have opposite W^V; the pairs differ from each other', () => {
    const w = initAttention({ shape: { dim: 3, numHeads: 4, headDim: 2 }, kind: 'symmetric', seed: 1 });
    expect(Array.from(w.wk.subarray(0, 6))).toEqual(Array.from(w.wk.subarray(6, 12)));
    expect(Array.from(w.wq.subarray(0, 6))).toEqual(Array.from(w.wq.subarray(6, 12)));
    expect(Array.from(w.wv.subarray(0, 9)).map((v) => -v)).toEqual(Array.from(w.wv.subarray(9, 18)));
    expect(Array.from(w.wk.subarray(0, 6))).not.toEqual(Array.from(w.wk.subarray(12, 18)));
  });

  it('gaussian initialisation gives F ≠ 0 and has the requested spread', () => {
    const w = initAttention({ shape: { dim: 4, numHeads: 256, headDim: 4 }, kind: 'gaussian', seed: 3, sigmaV: 2 });
    let ss = 0;
    for (const v of w.wv) ss += v * v;
    // 4096 draws: the sample std is within 5% of 2 (its standard error is 2/√(2·4096) ≈ 0.022)
    expect(Math.abs(Math.sqrt(ss / w.wv.length) - 2)).toBeLessThan(0.1);
  });

  it('refuses an odd number of heads for the symmetric kind, naming the field', () => {
    expect(() => initAttention({ shape: { dim: 3, numHeads: 7, headDim: 2 }, kind: 'symmetric' })).toThrow(
      'invalid argument: shape.numHeads: must be even for symmetric initialisation, got 7',
    );
  });
});
