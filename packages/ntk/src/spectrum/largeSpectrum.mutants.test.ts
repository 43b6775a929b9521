/**
 * Tests written for the mutation run of largeSpectrum.ts (bench/results/mutation/ntk-spectrum.json):
 * largeSpectrum.test.ts checks λ_min and λ_max against the dense solver on four nets; these pin the rest of what it
 * returns — the interval and error fields of each route, the sizes and bytes, the defaults (bitwise: the same
 * products), the cap on products, the Krylov space exhausted at k = n·d, the schedule of progress reports, and the
 * empty H refused — on small nets whose dense spectrum (eigvalsh of the formed H) is the independent answer.
 */
import { eigvalsh, initBackend } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { largeSpectrum, type LargeSpectrumProgress } from './largeSpectrum';

beforeAll(async () => {
  await initBackend();
});

const TOL = 1e-6;

function dense(net: ReturnType<typeof makeNet>, activation: 'softmax' | 'relu' | 'exp' = 'softmax'): Float64Array {
  return eigvalsh({ a: gram({ ...net, activation }) });
}

describe('largeSpectrum: every field of the answer, the defaults and the stopping schedule', () => {
  it('n·d = 6: the Krylov space is exhausted at k = 6 at the latest, both ends exact; sizes and bytes', () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 16, seed: 51, symmetric: false });
    const ev = dense(net);
    const s = largeSpectrum({ ...net, accuracy: 'relative', tol: 1e-12 });
    expect(s.size).toBe(6);
    expect(s.rankBound).toBe(6);
    expect(s.method).toBe('lanczos-structured');
    expect(s.iterations).toBeLessThanOrEqual(6);
    expect(s.lambdaMin).toBeCloseTo(ev[0]!, 12);
    expect(s.lambdaMax).toBeCloseTo(ev[5]!, 12);
    expect(s.conditionNumber).toBe(s.lambdaMax / s.lambdaMin);
    // basis k × 6 float64, plus the product's S, B (3 × 16), P (3 × 2), U (16 × 2), O (2 × 3), q and z (3)
    expect(s.bytes).toBe(8 * s.iterations * 6 + 8 * (2 * 48 + 6 + 32 + 6 + 6));
  });

  it('the residual route: bounds [θ_min − min(r, r²/δ), θ_min], errorMin their width, errorMax the residual of λ_max', () => {
    const net = makeNet({ n: 12, dIn: 4, dOut: 2, m: 64, seed: 52, symmetric: false });
    const ev = dense(net);
    const s = largeSpectrum({ ...net, accuracy: 'relative' });
    expect(s.lambdaMinBy).toBe('residual');
    expect(s.converged).toBe(true);
    expect(s.lambdaMin).toBe(s.ritzMin);
    expect(s.lambdaMinBounds[1]).toBe(s.ritzMin);
    expect(s.lambdaMinBounds[0]).toBeGreaterThan(0);
    expect(s.lambdaMinBounds[0]).toBeLessThanOrEqual(ev[0]! * (1 + 1e-12));
    expect(s.errorMin).toBe(s.lambdaMinBounds[1] - s.lambdaMinBounds[0]);
    expect(s.errorMin).toBeLessThanOrEqual(TOL * s.lambdaMin);
    expect(s.errorMin).toBeLessThanOrEqual(s.residualMin); // min(r, r²/δ) ≤ r
    expect(s.errorMax).toBe(s.residualMax);
    expect(s.residualMax).toBeLessThanOrEqual(TOL * s.lambdaMax);
    expect(Math.abs(s.lambdaMax - ev[ev.length - 1]!)).toBeLessThanOrEqual(TOL * s.lambdaMax);
    expect(s.conditionNumber).toBe(s.lambdaMax / s.lambdaMin);
  });

  it('the defaults are tol 1e-6, seed 0, accuracy "normwise", confirmZero false, activation softmax (bitwise)', () => {
    const net = makeNet({ n: 12, dIn: 4, dOut: 2, m: 64, seed: 52, symmetric: false });
    const plain = largeSpectrum(net);
    const spelled = largeSpectrum({
      ...net,
      tol: 1e-6,
      seed: 0,
      accuracy: 'normwise',
      confirmZero: false,
      activation: 'softmax',
      maxIter: 1000,
    });
    expect(spelled).toEqual(plain);
    // and each of them matters: a looser tol stops sooner, another seed starts elsewhere
    expect(largeSpectrum({ ...net, tol: 1e-2 }).iterations).toBeLessThan(plain.iterations);
    expect(largeSpectrum({ ...net, seed: 1 })).not.toEqual(plain);
  });

  it('maxIter caps the products: not converged, the basis of that many vectors', () => {
    const net = makeNet({ n: 12, dIn: 4, dOut: 2, m: 64, seed: 52, symmetric: false });
    const s = largeSpectrum({ ...net, maxIter: 3 });
    expect(s.iterations).toBe(3);
    expect(s.converged).toBe(false);
    expect(s.bytes).toBe(8 * 3 * 24 + 8 * (2 * 12 * 64 + 24 + 64 * 4 + 24 + 24));
    // more than n·d is cut to n·d
    const t = largeSpectrum({ ...net, maxIter: 10_000, tol: 1e-14, accuracy: 'relative' });
    expect(t.iterations).toBeLessThanOrEqual(24);
  });

  it('the rank route iterates for λ_max only; confirmZero also for θ_min; the exp baseline holds no product buffers', () => {
    const net = makeNet({ n: 20, dIn: 3, dOut: 2, m: 8, seed: 53 }); // n·d = 40 > (m/2)·d_in = 12
    const fast = largeSpectrum({ ...net, accuracy: 'relative' });
    expect(fast.lambdaMinBy).toBe('rank');
    expect([fast.lambdaMin, ...fast.lambdaMinBounds, fast.errorMin]).toEqual([0, 0, 0, 0]);
    expect(fast.converged).toBe(true);
    const sure = largeSpectrum({ ...net, accuracy: 'relative', confirmZero: true });
    expect(sure.lambdaMinBy).toBe('rank');
    expect(sure.converged).toBe(true);
    expect(sure.ritzMin).toBeLessThanOrEqual(TOL * sure.lambdaMax);
    expect(sure.iterations).toBeGreaterThan(fast.iterations);
    const ev = dense(net, 'exp');
    const e = largeSpectrum({ ...net, activation: 'exp', maxIter: 5 });
    expect(e.rankBound).toBe(12); // (m/2)·d_in: the symmetric pairs (no shift invariance to take off)
    expect(e.bytes).toBe(8 * 5 * 40);
    expect(e.lambdaMax).toBeLessThanOrEqual(ev[ev.length - 1]! * (1 + 1e-12));
  });

  it('reports progress after every product up to 31, then every ⌊k/16⌋ products, and at the end', () => {
    const net = makeNet({ n: 48, dIn: 8, dOut: 2, m: 512, seed: 41 });
    const seen: LargeSpectrumProgress[] = [];
    const s = largeSpectrum({ ...net, accuracy: 'relative', onProgress: (p) => seen.push(p) });
    const products = seen.map((p) => p.products);
    const want = [1];
    while (want.at(-1)! < s.iterations) {
      const last = want.at(-1)!;
      let k = last + 1;
      while (k - last < Math.max(1, k >> 4)) k++;
      want.push(Math.min(k, s.iterations));
    }
    expect(products).toEqual(want);
    expect(s.iterations).toBeGreaterThan(40); // past the first 31, where reports thin out
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.elapsedMs).toBeGreaterThanOrEqual(seen[i - 1]!.elapsedMs);
    expect(seen[0]!.elapsedMs).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect([last.thetaMin, last.thetaMax, last.residualMin, last.residualMax]).toEqual([
      s.ritzMin,
      s.lambdaMax,
      s.residualMin,
      s.residualMax,
    ]);
  });

  it('accuracy "relative" never takes the psd bound, even when θ_min ≤ tol·θ_max; converged needs both ends', () => {
    const net = makeNet({ n: 32, dIn: 2, dOut: 2, m: 64, seed: 9 }); // λ_min/λ_max < 1e-6 (largeSpectrum.test)
    const s = largeSpectrum({ ...net, accuracy: 'relative', maxIter: 40 });
    expect(s.lambdaMinBy).toBe('residual');
    expect(s.ritzMin).toBeLessThanOrEqual(TOL * s.lambdaMax); // where "normwise" would have stopped
    // λ_max has converged (its residual within tol), λ_min not within 40 products: not converged
    expect(s.residualMax).toBeLessThanOrEqual(TOL * s.lambdaMax);
    expect(s.iterations).toBe(40);
    expect(s.converged).toBe(false);
  });

  it('stops when the Krylov space is exhausted early (rank 12 < n·d = 40): after ~13 products, not at maxIter', () => {
    const net = makeNet({ n: 20, dIn: 3, dOut: 2, m: 8, seed: 53 }); // rank ≤ (m/2)·d_in = 12
    const t0 = performance.now();
    const seen: number[] = [];
    const s = largeSpectrum({ ...net, confirmZero: true, tol: 1e-300, onProgress: (p) => seen.push(p.elapsedMs) });
    const wall = performance.now() - t0;
    // 12 directions of H's range and the start vector's null-space part (the breakdown b ≈ 0 may show one step late)
    expect(s.iterations).toBeGreaterThanOrEqual(13);
    expect(s.iterations).toBeLessThanOrEqual(15);
    expect(seen.at(-1)).toBeLessThanOrEqual(wall); // milliseconds since the start, not a clock reading
  });

  it('stops at the first check where both ends meet tol; λ_min’s error bound is r²/δ there (below the residual r)', () => {
    const net = makeNet({ n: 48, dIn: 8, dOut: 2, m: 512, seed: 41 }); // converges before its 96 products
    const seen: LargeSpectrumProgress[] = [];
    const s = largeSpectrum({ ...net, accuracy: 'relative', onProgress: (p) => seen.push(p) });
    expect(s.converged).toBe(true);
    expect(s.iterations).toBeLessThan(96);
    expect(s.errorMin).toBeGreaterThan(0);
    expect(s.errorMin).toBeLessThan(s.residualMin);
    const maxDone = seen.map((p) => p.residualMax <= TOL * p.thetaMax);
    expect(maxDone.at(-1)).toBe(true);
    // normwise on an ill-conditioned H: done at the first check where θ_min ≤ tol·θ_max and λ_max has converged
    const ill = makeNet({ n: 32, dIn: 2, dOut: 2, m: 64, seed: 9 });
    const checks: LargeSpectrumProgress[] = [];
    const t = largeSpectrum({ ...ill, onProgress: (p) => checks.push(p) });
    expect(t.lambdaMinBy).toBe('psd-bound');
    const done = checks.map((p) => p.thetaMin <= TOL * p.thetaMax && p.residualMax <= TOL * p.thetaMax);
    expect(done.indexOf(true)).toBe(checks.length - 1);
    expect(t.lambdaMax).toBeGreaterThan(2); // so tol·θ_max and tol/θ_max differ
  });

  it('checks x before tol and accuracy (the first bad argument is named)', () => {
    const net = makeNet({ n: 4, dIn: 2, dOut: 2, m: 8, seed: 1 });
    const x = { rows: 4, cols: 3, data: new Float64Array(12) };
    expect(() => largeSpectrum({ ...net, x, tol: -1 })).toThrow(
      exactMessage('invalid argument: x: expected d_in = 2 columns (like `w`), got 3'),
    );
  });

  it('refuses an empty H (no inputs)', () => {
    const net = makeNet({ n: 4, dIn: 2, dOut: 2, m: 8, seed: 1 });
    const x = { rows: 0, cols: 2, data: new Float64Array(0) };
    expect(() => largeSpectrum({ ...net, x })).toThrow(exactMessage('invalid argument: x: H is empty (n·d_out = 0)'));
  });
});
