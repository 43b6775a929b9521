/**
 * Tests written from the mutation run (bench/results/mutation): gramRankBound's test of exact symmetric pairs
 * (Definition 3.7) must look at both halves — equal rows of w AND opposite columns of a — and at every entry of
 * them. The nets of largeSpectrum.test.ts are either fully paired or fully random, so a check that skipped the a
 * half, or stopped before the last entry of w, gave the same bounds there.
 */
import { matrix, type Matrix } from '@softmax-ntk/linalg';
import { gramRankBound } from './gramRankBound';

const n = 30;
const dIn = 3;
const dOut = 4; // n·d = 120: above every bound below, so the bound is never capped by the rows of J

/** Deterministic, pairwise-distinct entries (no two equal, none the negative of another). */
const entry = (i: number): number => 0.1 + 0.37 * i + 0.001 * i * i;

/** An exactly paired net (w_{2r} = w_{2r+1}, a_{:,2r} = −a_{:,2r+1}) with m neurons. */
function paired(m: number): { w: Matrix; a: Matrix; x: Matrix } {
  const w = matrix(m, dIn);
  const a = matrix(dOut, m);
  for (let r = 0; r < m; r += 2) {
    for (let k = 0; k < dIn; k++) {
      w.data[r * dIn + k] = entry(r * dIn + k);
      w.data[(r + 1) * dIn + k] = entry(r * dIn + k);
    }
    for (let l = 0; l < dOut; l++) {
      a.data[l * m + r] = entry(100 + l * m + r);
      a.data[l * m + r + 1] = -entry(100 + l * m + r);
    }
  }
  const x = matrix(n, dIn);
  for (let i = 0; i < n * dIn; i++) x.data[i] = Math.sin(i + 1);
  return { w, a, x };
}

describe('gramRankBound (Definition 3.7): a pair counts only when both w and a are paired, every entry', () => {
  const m = 8;

  it('exactly paired: (m/2)·d_in = 12, for softmax and for the baselines alike', () => {
    const net = paired(m);
    expect(gramRankBound(net)).toBe((m / 2) * dIn);
    expect(gramRankBound({ ...net, activation: 'relu' })).toBe((m / 2) * dIn);
  });

  // Kills: the `a` check of symmetricPairs replaced by `false` (or its `return false` removed, or `l < a.rows`
  // made `false`): equal rows of w alone made the bound (m/2)·d_in = 12.
  it('equal rows of w but one entry of a not opposite (last row, last pair): (m − 1)·d_in = 21, relu m·d_in = 24', () => {
    const net = paired(m);
    net.a.data[(dOut - 1) * m + m - 1] = 5;
    expect(gramRankBound(net)).toBe((m - 1) * dIn);
    expect(gramRankBound({ ...net, activation: 'relu' })).toBe(m * dIn);
  });

  // Kills: the `w` check replaced by `false` (or `k < dIn` made `false`, or its `return false` removed): opposite
  // columns of a alone made the bound (m/2)·d_in.
  it('opposite columns of a but the last entry of the last pair of w unequal: (m − 1)·d_in = 21', () => {
    const net = paired(m);
    net.w.data[(m - 1) * dIn + dIn - 1] = 7;
    expect(gramRankBound(net)).toBe((m - 1) * dIn);
    expect(gramRankBound({ ...net, activation: 'exp' })).toBe(m * dIn);
  });

  it('odd m cannot be paired: softmax (m − 1)·d_in, relu m·d_in', () => {
    const even = paired(6);
    // 7 neurons: the 6 paired ones and one more; its row of w equals the last pair's, its column of a is opposite
    const w = matrix(7, dIn);
    w.data.set(even.w.data);
    for (let k = 0; k < dIn; k++) w.data[6 * dIn + k] = even.w.data[5 * dIn + k] as number;
    const a = matrix(dOut, 7);
    for (let l = 0; l < dOut; l++) {
      for (let r = 0; r < 6; r++) a.data[l * 7 + r] = even.a.data[l * 6 + r] as number;
      a.data[l * 7 + 6] = -(even.a.data[l * 6 + 5] as number);
    }
    expect(gramRankBound({ w, a, x: even.x })).toBe(6 * dIn);
    expect(gramRankBound({ w, a, x: even.x, activation: 'relu' })).toBe(7 * dIn);
  });
});

describe('gramRankBound validates x like the other entry points', () => {
  // Kills: checkNet called with `{}` instead of `{ x: options.x }`: an x of the wrong width gave a bound.
  it('rejects an x whose width is not d_in, naming it', () => {
    const net = paired(8);
    expect(() => gramRankBound({ ...net, x: matrix(n, dIn + 1) })).toThrow(
      'invalid argument: x: expected d_in = 3 columns (like `w`), got 4',
    );
  });
});
