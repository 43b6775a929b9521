import { exactMessage } from '@softmax-ntk/test-helpers';
import { initBackend, Rng, type Matrix } from '@softmax-ntk/linalg';
import { makeNet } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { gramOperator } from '../gram/gramOperator';
import { spectrum } from './spectrum';

beforeAll(async () => {
  await initBackend();
});

/** Q·diag(λ)·Qᵀ with Q a product of Householder reflections of random vectors: a known spectrum. */
function withSpectrum(lambdas: number[], seed = 1): Matrix {
  const n = lambdas.length;
  const rng = new Rng(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i * n + i] = lambdas[i] as number;
  for (let h = 0; h < 3; h++) {
    const v = rng.sphere(n);
    // A ← (I − 2vvᵀ) A (I − 2vvᵀ)
    const Av = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) Av[i] = (Av[i] as number) + (A[i * n + j] as number) * (v[j] as number);
    let vAv = 0;
    for (let i = 0; i < n; i++) vAv += (v[i] as number) * (Av[i] as number);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        A[i * n + j] =
          (A[i * n + j] as number) -
          2 * (v[i] as number) * (Av[j] as number) -
          2 * (Av[i] as number) * (v[j] as number) +
          4 * vAv * (v[i] as number) * (v[j] as number);
  }
  return { rows: n, cols: n, data: A };
}

describe('spectrum of the NTK Gram matrix', () => {
  it('dense: finds a known spectrum to rounding', () => {
    const lambdas = Array.from({ length: 40 }, (_, k) => 1e-3 * 1.3 ** k);
    const s = spectrum({ H: withSpectrum(lambdas), full: true });
    expect(s.method).toBe('dense');
    // issue 4's accuracy target: λ_min to 1e-8 relative plus 1e-12 absolute
    expect(Math.abs(s.lambdaMin - 1e-3)).toBeLessThan(1e-8 * 1e-3 + 1e-12);
    expect(s.lambdaMax).toBeCloseTo(lambdas.at(-1) as number, 8);
    expect(s.conditionNumber).toBeCloseTo(1.3 ** 39, 3);
    expect(s.psd).toBe(true);
    expect(s.eigenvalues).toBeAllClose(lambdas, { rtol: 1e-12, atol: 0 });
  });

  it('Lanczos agrees with the dense solver on a real softmax H, on H and on the matrix-free operator', () => {
    const net = makeNet({ n: 24, dIn: 4, dOut: 2, m: 128, seed: 41 });
    const H = gram(net);
    const dense = spectrum({ H, method: 'dense' });
    const lz = spectrum({ H, method: 'lanczos' });
    const op = spectrum({ operator: gramOperator(net) });
    expect(lz.method).toBe('lanczos');
    expect(op.method).toBe('lanczos');
    for (const s of [lz, op]) {
      expect(s.converged).toBe(true);
      expect(Math.abs(s.lambdaMin - dense.lambdaMin)).toBeLessThan(1e-8 * dense.lambdaMin + 1e-12);
      expect(Math.abs(s.lambdaMax - dense.lambdaMax)).toBeLessThan(1e-8 * dense.lambdaMax);
      // the reported error estimate covers the actual error
      expect(Math.abs(s.lambdaMin - dense.lambdaMin)).toBeLessThanOrEqual(s.errorMin + dense.errorMin);
    }
  });

  it('shift-invert (the default for a formed H) agrees with the dense solver, even at condition 10⁶', () => {
    const lambdas = Array.from({ length: 120 }, (_, k) => 1e-6 * 1e6 ** (k / 119)); // geometric, cond = 10⁶
    const A = withSpectrum(lambdas, 3);
    const s = spectrum({ H: A });
    const d = spectrum({ H: A, method: 'dense' });
    expect(s.method).toBe('shift-invert');
    expect(s.converged).toBe(true);
    expect(Math.abs(s.lambdaMin - 1e-6)).toBeLessThan(1e-8 * 1e-6 + 1e-12);
    expect(Math.abs(s.lambdaMin - d.lambdaMin)).toBeLessThanOrEqual(s.errorMin + d.errorMin);
    expect(s.lambdaMax).toBeCloseTo(1, 9);
    expect(s.conditionNumber).toBeCloseTo(1e6, -1);
    // far fewer products than plain Lanczos needs at this conditioning
    expect(s.iterations).toBeLessThan(200);
    const net = makeNet({ n: 24, dIn: 4, dOut: 2, m: 128, seed: 41 });
    const H = gram(net);
    const sh = spectrum({ H });
    const dn = spectrum({ H, method: 'dense' });
    expect(Math.abs(sh.lambdaMin - dn.lambdaMin)).toBeLessThan(1e-8 * dn.lambdaMin + 1e-12);
    expect(Math.abs(sh.lambdaMax - dn.lambdaMax)).toBeLessThan(1e-8 * dn.lambdaMax);
  });

  it("float32 λ_min and λ_max move from float64's by at most ‖H₃₂ − H₆₄‖_F (Weyl), which is float32-small", () => {
    const net = makeNet({ n: 16, dIn: 8, dOut: 2, m: 512, seed: 43 });
    const H64 = gram(net);
    const H32 = gram({ ...net, precision: 'float32' });
    const s64 = spectrum({ H: H64 });
    const s32 = spectrum({ H: H32 });
    let dF = 0;
    let hF = 0;
    for (let k = 0; k < H64.data.length; k++) {
      dF += (H32.data[k]! - H64.data[k]!) ** 2;
      hF += H64.data[k]! ** 2;
    }
    dF = Math.sqrt(dF);
    hF = Math.sqrt(hF);
    // H's entries are sums of m = 512 float32 products: a relative error of a few 1e-7·√m at most
    expect(dF).toBeLessThan(1e-5 * hF);
    // Weyl: |λ_k(H₃₂) − λ_k(H₆₄)| ≤ ‖H₃₂ − H₆₄‖₂ ≤ ‖H₃₂ − H₆₄‖_F (plus the solvers' own 1e-8 relative accuracy)
    expect(Math.abs(s32.lambdaMin - s64.lambdaMin)).toBeLessThanOrEqual(dF + 1e-8 * s64.lambdaMax);
    expect(Math.abs(s32.lambdaMax - s64.lambdaMax)).toBeLessThanOrEqual(dF + 1e-8 * s64.lambdaMax);
  });

  it('reports a matrix that is not positive semidefinite, with the offending eigenvalue', () => {
    const s = spectrum({ H: withSpectrum([-0.5, 1, 2, 3, 4]) });
    expect(s.psd).toBe(false);
    expect(s.lambdaMin).toBeCloseTo(-0.5, 12);
    expect(s.conditionNumber).toBe(Infinity);
  });

  it('rejects bad input, naming it', () => {
    expect(() => spectrum({})).toThrow(
      exactMessage('invalid argument: H: missing (give `H`, the Gram matrix, or `operator`, its matrix-free product)'),
    );
    expect(() => spectrum({ H: { rows: 2, cols: 3, data: new Float64Array(6) } })).toThrow(
      exactMessage('invalid argument: H: expected a square matrix, got 2 × 3'),
    );
    expect(() => spectrum({ H: withSpectrum([1, 2]), method: 'qr' as never })).toThrow(
      exactMessage('invalid argument: method: expected one of "auto", "dense", "lanczos", "shift-invert", got "qr"'),
    );
    expect(() => spectrum({ H: { rows: 0, cols: 0, data: new Float64Array(0) } })).toThrow(
      exactMessage('invalid argument: H: expected a matrix of size ≥ 1, got 0 × 0'),
    );
  });
});
