import { eigvalsh, initBackend, Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet, type Net } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { softmaxProduct } from '../internal/softmaxProduct';
import { gramRankBound } from './gramRankBound';
import { largeSpectrum, type LargeSpectrumProgress } from './largeSpectrum';

beforeAll(async () => {
  await initBackend();
});

/** The accuracy target for the scale route: 1e-6 relative. */
const TOL = 1e-6;

function denseOf(net: Net, activation: 'softmax' | 'relu' | 'exp' = 'softmax'): { H: Matrix; ev: Float64Array } {
  const H = gram({ ...net, activation });
  return { H, ev: eigvalsh({ a: H }) };
}

/** Eigenvalues above 1e-10·λ_max: the numerical rank of a PSD matrix whose null space is exact in theory. */
const numericalRank = (ev: Float64Array): number => ev.filter((v) => v > 1e-10 * (ev[ev.length - 1] as number)).length;

describe('the structured product v ↦ H·v (Definition 3.6) against the formed H', () => {
  it.each([
    ['symmetric pairs (P = 0)', true],
    ['gaussian init (P ≠ 0: the −P terms count)', false],
  ])('%s', (_name, symmetric) => {
    const net = makeNet({ n: 12, dIn: 3, dOut: 3, m: 40, seed: 7, symmetric });
    const { H } = denseOf(net);
    const p = softmaxProduct(net.w, net.a, net.x);
    expect(p.size).toBe(36);
    const v = new Rng(5).fillNormal(new Float64Array(36));
    const want = new Float64Array(36);
    for (let i = 0; i < 36; i++) for (let j = 0; j < 36; j++) want[i] = want[i]! + H.data[i * 36 + j]! * v[j]!;
    const got = new Float64Array(36);
    p.matvec(v, got);
    expect(got).toBeAllClose(want, TOLERANCES.float64);
  });
});

describe('gramRankBound: rank H ≤ (m − 1)·d_in (softmax shift invariance), (m/2)·d_in (symmetric pairs)', () => {
  it('is the numerical rank of H when it is below n·d, and n·d otherwise', () => {
    const sym = makeNet({ n: 20, dIn: 3, dOut: 4, m: 16, seed: 3 }); // n·d = 80 > (m/2)·d_in = 24
    const gauss = makeNet({ n: 20, dIn: 3, dOut: 4, m: 16, seed: 3, symmetric: false }); // (m − 1)·d_in = 45
    const wide = makeNet({ n: 6, dIn: 3, dOut: 2, m: 64, seed: 3 }); // n·d = 12
    expect(gramRankBound(sym)).toBe(24);
    expect(numericalRank(denseOf(sym).ev)).toBe(24);
    expect(gramRankBound(gauss)).toBe(45);
    expect(numericalRank(denseOf(gauss).ev)).toBe(45);
    expect(gramRankBound(wide)).toBe(12);
    // the baselines have no shift invariance: m·d_in without pairs
    expect(gramRankBound({ ...gauss, activation: 'relu' })).toBe(48);
    expect(numericalRank(denseOf(gauss, 'exp').ev)).toBe(48);
    expect(gramRankBound({ ...gauss, activation: 'exp' })).toBe(48);
  });
});

describe('largeSpectrum: λ_min and λ_max without forming H, against the dense solver', () => {
  it('full rank, accuracy "relative": λ_min and λ_max to 1e-6 relative', () => {
    const net = makeNet({ n: 48, dIn: 8, dOut: 2, m: 512, seed: 41 }); // 96 ≤ (m/2)·d_in = 2048; condition ~340
    const { ev } = denseOf(net);
    const s = largeSpectrum({ ...net, accuracy: 'relative' });
    const lo = ev[0]!;
    const hi = ev[ev.length - 1]!;
    expect(s.lambdaMinBy).toBe('residual');
    expect(s.converged).toBe(true);
    expect(s.iterations).toBeLessThan(90); // stopped by the criterion, not by exhausting the 96-dimensional space
    expect(Math.abs(s.lambdaMin - lo)).toBeLessThanOrEqual(TOL * lo);
    expect(Math.abs(s.lambdaMax - hi)).toBeLessThanOrEqual(TOL * hi);
    // the upper end of the interval is a Rayleigh quotient (≥ λ_min up to rounding); the interval holds λ_min
    expect(s.lambdaMinBounds[1]).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
    expect(s.lambdaMinBounds[0]).toBeLessThanOrEqual(lo * (1 + 1e-12));
    expect(s.conditionNumber).toBeCloseTo(hi / lo, 2);
    expect(s.rankBound).toBe(96);
  });

  it('ill-conditioned, accuracy "normwise" (default): λ_min ∈ [0, θ_min] with θ_min ≤ 1e-6·λ_max (certified)', () => {
    // n·d = 64 = (m/2)·d_in: full rank, but barely, so λ_min/λ_max is tiny
    const net = makeNet({ n: 32, dIn: 2, dOut: 2, m: 64, seed: 9 });
    const { ev } = denseOf(net);
    const hi = ev[ev.length - 1]!;
    expect(ev[0]! / hi).toBeLessThan(TOL); // the premise: relative-to-λ_min accuracy would need ~n products
    const s = largeSpectrum(net);
    expect(s.lambdaMinBy).toBe('psd-bound');
    expect(s.converged).toBe(true);
    expect(s.lambdaMinBounds[0]).toBe(0);
    expect(s.lambdaMinBounds[1]).toBeLessThanOrEqual(TOL * s.lambdaMax);
    expect(s.lambdaMinBounds[1]).toBeGreaterThanOrEqual(ev[0]! - 1e-12 * hi);
    expect(Math.abs(s.lambdaMin - ev[0]!)).toBeLessThanOrEqual(TOL * hi);
    expect(Math.abs(s.lambdaMax - hi)).toBeLessThanOrEqual(TOL * hi);
  });

  it('rank H < n·d: λ_min = 0 exactly by the rank bound; confirmZero drives θ_min below 1e-6·λ_max', () => {
    const net = makeNet({ n: 40, dIn: 3, dOut: 4, m: 16, seed: 11 }); // n·d = 160 > (m/2)·d_in = 24
    const { ev } = denseOf(net);
    const hi = ev[ev.length - 1]!;
    expect(Math.abs(ev[0]!)).toBeLessThan(1e-12 * hi); // the dense solver sees the null space too
    const fast = largeSpectrum(net);
    expect(fast.lambdaMin).toBe(0);
    expect(fast.lambdaMinBy).toBe('rank');
    expect(fast.rankBound).toBe(24);
    expect(fast.conditionNumber).toBe(Infinity);
    expect(Math.abs(fast.lambdaMax - hi)).toBeLessThanOrEqual(TOL * hi);
    const sure = largeSpectrum({ ...net, confirmZero: true });
    expect(sure.converged).toBe(true);
    expect(sure.ritzMin).toBeLessThanOrEqual(TOL * hi);
    expect(sure.ritzMin).toBeGreaterThanOrEqual(-1e-12 * hi);
    expect(sure.iterations).toBeGreaterThan(fast.iterations);
  });

  it('the ReLU baseline runs on gramOperator and agrees with the dense solver', () => {
    const net = makeNet({ n: 16, dIn: 3, dOut: 2, m: 64, seed: 13 });
    const { ev } = denseOf(net, 'relu');
    const s = largeSpectrum({ ...net, activation: 'relu', accuracy: 'relative' });
    expect(Math.abs(s.lambdaMax - ev[ev.length - 1]!)).toBeLessThanOrEqual(TOL * ev[ev.length - 1]!);
    expect(Math.abs(s.lambdaMin - ev[0]!)).toBeLessThanOrEqual(TOL * ev[0]!);
  });

  it('reports progress with growing product counts and Ritz values that close in on the answer', () => {
    const net = makeNet({ n: 24, dIn: 4, dOut: 2, m: 128, seed: 41 });
    const seen: LargeSpectrumProgress[] = [];
    const s = largeSpectrum({ ...net, accuracy: 'relative', onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(3);
    const products = seen.map((p) => p.products);
    expect(products).toEqual([...products].sort((x, y) => x - y));
    expect(new Set(products).size).toBe(products.length);
    const last = seen[seen.length - 1]!;
    expect(last.products).toBe(s.iterations);
    expect(last.thetaMax).toBe(s.lambdaMax);
    // Ritz values interlace: θ_max grows and θ_min shrinks as the Krylov space grows
    expect(seen[0]!.thetaMax).toBeLessThanOrEqual(last.thetaMax);
    expect(seen[0]!.thetaMin).toBeGreaterThanOrEqual(last.thetaMin);
  });

  it('rejects bad input, naming it', () => {
    const net = makeNet({ n: 4, dIn: 2, dOut: 2, m: 8, seed: 1 });
    expect(() => largeSpectrum({ ...net, tol: -1 })).toThrow('tol');
    expect(() => largeSpectrum({ ...net, maxIter: 0 })).toThrow('maxIter');
    expect(() => largeSpectrum({ ...net, accuracy: 'exact' as never })).toThrow(
      'accuracy: must be "normwise" or "relative", got "exact"',
    );
    expect(() => largeSpectrum({ ...net, a: { rows: 2, cols: 3, data: new Float64Array(6) } })).toThrow(
      'expected m = 8 columns',
    );
  });
});
