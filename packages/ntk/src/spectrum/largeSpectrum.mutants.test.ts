/**
 * Tests written for the mutation run of largeSpectrum.ts (bench/results/mutation/ntk-spectrum.json):
 * largeSpectrum.test.ts checks λ_min and λ_max against the dense solver on four nets; these pin the rest of what it
 * returns — the interval and error fields of each route, the sizes and bytes, the defaults (bitwise: the same
 * products), the cap on products, the Krylov space exhausted at k = n·d, the schedule of progress reports, and the
 * empty H refused — on small nets whose dense spectrum (eigvalsh of the formed H) is the independent answer.
 */
import { eigvalsh, initBackend, Rng } from '@softmax-ntk/linalg';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
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
    // basis k × 6 float64, plus the product's kernel memory (linalg's softmaxGramProduct): S (3 × 16), a (2 × 16),
    // X (3 × 2), P (3 × 2), v (2 × 3), Uᵀ (2 × 16), a row (16) and out (2 × 3)
    expect(s.bytes).toBe(8 * s.iterations * 6 + 8 * (48 + 32 + 6 + 6 + 6 + 32 + 16 + 6));
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
    // (the kernel memory: S 12 × 64, a 2 × 64, X 12 × 4, P 12 × 2, v 2 × 12, Uᵀ 4 × 64, a row 64, out 2 × 12)
    expect(s.bytes).toBe(8 * 3 * 24 + 8 * (12 * 64 + 2 * 64 + 12 * 4 + 24 + 24 + 4 * 64 + 64 + 24));
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

/** H·v with the formed H (gram's literal sums), n × n row-major. */
function denseTimes(H: Float64Array, v: Float64Array): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] = out[i]! + H[i * n + j]! * v[j]!;
  return out;
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let t = 0; t < u.length; t++) s += u[t]! * v[t]!;
  return s;
}

/** The net with its output layer scaled by `s` (H scales by s², its spectrum with it). */
function scaleA(net: ReturnType<typeof makeNet>, s: number): ReturnType<typeof makeNet> {
  return { ...net, a: { ...net.a, data: net.a.data.map((v) => s * v) } };
}

describe('largeSpectrum: the breakdown, the Ritz gap and the degenerate H', () => {
  it('two products by hand on the formed H: θ’s, residuals and λ_min’s error min(r, r²/(θ₂ − θ₁)) of the 2 × 2 T', () => {
    const net = makeNet({ n: 12, dIn: 4, dOut: 2, m: 64, seed: 52, symmetric: false });
    const H = gram(net).data;
    // Lanczos by hand from the same start (seed 0: n·d normals, normalised)
    const q0 = new Rng(0).fillNormal(new Float64Array(24));
    const norm0 = Math.sqrt(dot(q0, q0));
    q0.forEach((v, t) => (q0[t] = v / norm0));
    const h0 = denseTimes(H, q0);
    const a0 = dot(q0, h0);
    const r1 = h0.map((v, t) => v - a0 * q0[t]!);
    const b0 = Math.sqrt(dot(r1, r1));
    const q1 = r1.map((v) => v / b0);
    const h1 = denseTimes(H, q1);
    const a1 = dot(q1, h1);
    const r2 = h1.map((v, t) => v - a1 * q1[t]! - b0 * q0[t]!);
    const b1 = Math.sqrt(dot(r2, r2));
    // T = [[a0, b0], [b0, a1]]: θ = mean ∓ √(half-difference² + b0²); eigenvector of θ is (b0, θ − a0)/‖·‖
    const mid = (a0 + a1) / 2;
    const rad = Math.hypot((a1 - a0) / 2, b0);
    const [t1, t2] = [mid - rad, mid + rad];
    const last = (theta: number): number => Math.abs(theta - a0) / Math.hypot(b0, theta - a0);
    const r = b1 * last(t1);
    const errorMin = Math.min(r, (r * r) / (t2 - t1));
    expect(errorMin).toBeLessThan(0.5 * r); // the r²/δ branch
    expect(t1).toBeGreaterThan(0.05 * t2); // θ₁ not negligible: δ = θ₂ − θ₁ and θ₂ + θ₁ differ by 2θ₁ (17 % here)
    const s = largeSpectrum({ ...net, accuracy: 'relative', maxIter: 2 });
    expect(s.lambdaMinBy).toBe('residual');
    expect(s.iterations).toBe(2);
    expect([s.ritzMin, s.lambdaMax, s.residualMin, s.residualMax, s.errorMin]).toBeAllClose(
      [t1, t2, r, b1 * last(t2), errorMin],
      TOLERANCES.float64,
    );
    expect(s.lambdaMinBounds).toBeAllClose([t1 - errorMin, t1], TOLERANCES.float64);
  });

  it('stops at the breakdown b ≤ 64ε·θ_max, the same product at any scale of H, with β set to 0 (residuals exactly 0)', () => {
    // rank H ≤ (m/2)·d_in = 12 < n·d = 40: q_0's Krylov space is H's range plus q_0's null-space part, 13 vectors in
    // exact arithmetic; in floating point the 13th product still leaves b ≈ 2e-12·θ_max (q_12 carries rounding
    // along the null space) and the 14th b ≈ 5e-28·θ_max, the breakdown (measured at all three scales). A test of b
    // that misses it (no test, an absolute or inverted threshold, or `&&`) takes a 15th product of a rounding
    // direction.
    const net = makeNet({ n: 20, dIn: 3, dOut: 2, m: 8, seed: 53 });
    for (const scale of [1, 1e3, 1e-8]) {
      const scaled = scaleA(net, scale);
      const ev = dense(scaled);
      const top = ev[ev.length - 1]!;
      expect(ev.filter((e) => e > 1e-10 * top).length).toBe(12);
      const seen: LargeSpectrumProgress[] = [];
      const s = largeSpectrum({ ...scaled, tol: 1e-300, onProgress: (p) => seen.push(p) });
      expect(s.iterations).toBe(14);
      expect([s.residualMax, s.residualMin]).toEqual([0, 0]);
      expect(seen.slice(0, -1).every((p) => p.residualMax > 0)).toBe(true); // no earlier breakdown
      expect(s.converged).toBe(true); // residual 0 ≤ 1e-300·θ_max: only β = 0 meets it
      expect([s.lambdaMax]).toBeAllClose([top], TOLERANCES.float64);
      // and with maxIter 13 the 13th product is no breakdown: its β is kept, the residual not 0
      const cut = largeSpectrum({ ...scaled, tol: 1e-300, maxIter: 13 });
      expect(cut.residualMax).toBeGreaterThan(0);
      expect(cut.converged).toBe(false);
    }
  });

  it('H = 0 (output layer a = 0): one product, λ_min = λ_max = 0, condition number Infinity, no NaN', () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 5, symmetric: false });
    const zero = scaleA(net, 0);
    expect(gram(zero).data.every((v) => v === 0)).toBe(true); // c = m·S·(a − P) = 0
    for (const accuracy of ['normwise', 'relative'] as const) {
      const s = largeSpectrum({ ...zero, accuracy });
      expect(s.rankBound).toBe(6); // the structural bound does not see a = 0: no rank shortcut
      expect(s.lambdaMinBy).toBe(accuracy === 'normwise' ? 'psd-bound' : 'residual');
      expect(s.iterations).toBe(1);
      expect([s.lambdaMin, s.lambdaMax, ...s.lambdaMinBounds, s.errorMin, s.residualMin, s.residualMax]).toEqual([
        0, 0, 0, 0, 0, 0, 0,
      ]);
      expect(s.conditionNumber).toBe(Infinity);
      expect(s.converged).toBe(true);
    }
  });

  it('a 1 × 1 H (n = d_out = d_in = 1, m = 2): one product, λ = H₁₁ exactly bounded, error 0, condition number 1', () => {
    const net = makeNet({ n: 1, dIn: 1, dOut: 1, m: 2, seed: 5, symmetric: false });
    net.a.data.set([1, -1]); // a₁ ≠ a₂, so H ≠ 0
    const h = gram(net).data[0]!;
    expect(h).toBeGreaterThan(0.1);
    const s = largeSpectrum({ ...net, accuracy: 'relative' });
    expect(s.lambdaMinBy).toBe('residual');
    expect(s.iterations).toBe(1);
    expect([s.lambdaMin, s.lambdaMax]).toBeAllClose([h, h], TOLERANCES.float64);
    expect(s.lambdaMinBounds).toEqual([s.lambdaMin, s.lambdaMin]); // residual 0, no Ritz gap: error 0, not 0/0
    expect([s.errorMin, s.residualMin, s.residualMax]).toEqual([0, 0, 0]);
    expect(s.conditionNumber).toBe(1);
  });
});
