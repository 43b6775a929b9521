/**
 * Tests written from the mutation run of spectrum.ts (bench/results/mutation/ntk-spectrum.json). spectrum.test.ts
 * checks each route's accuracy; these pin what it left loose: the condition number and `psd` of the Lanczos route,
 * the dense fallback of a failed Cholesky (its method, error estimate and eigenvalues), the zero matrix (λ_min = 0
 * exactly), the plumbing of `tol`, `seed` and `maxIter` into each Lanczos run, the error estimates and counts of
 * the shift-invert route as its doc comment defines them, the factor's disposal, and the refusals of an operator.
 *
 * The matrices have closed-form spectra: the path-graph Laplacian (eigenvalues 2 − 2cos(kπ/n), k = 0 … n − 1, so
 * singular) and the Dirichlet Laplacian tridiag(−1, 2, −1) (eigenvalues 2 − 2cos(kπ/(n + 1)), k = 1 … n).
 */
import { initBackend, lanczos, NotPositiveDefiniteError, symmetricMatvec, type Matrix } from '@softmax-ntk/linalg';
import { choleskyCounts } from '../../test/countingCholesky';
import { exactMessage } from '@softmax-ntk/test-helpers';
import type { GramOperator } from '../gram/gramOperator';
import { spectrum } from './spectrum';

/** Counts the factors made and given back (test/countingCholesky.ts). */
jest.mock('@softmax-ntk/linalg', () =>
  jest.requireActual<typeof import('../../test/countingCholesky')>('../../test/countingCholesky').countingLinalg(),
);
const mockCholesky = choleskyCounts;
// the real factorisation, for the independent shift-invert computation below
const { choleskyFactor } = jest.requireActual<typeof import('@softmax-ntk/linalg')>('@softmax-ntk/linalg');

beforeAll(async () => {
  await initBackend();
});

const U = 2 ** -52;

/** tridiag(−1, 2, −1) + shift·I, with the path graph's ends (1 on the diagonal) when `path`. */
function laplacian(n: number, { path = false, shift = 0 } = {}): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    data[i * n + i] = (path && (i === 0 || i === n - 1) ? 1 : 2) + shift;
    if (i + 1 < n) {
      data[i * n + i + 1] = -1;
      data[(i + 1) * n + i] = -1;
    }
  }
  return { rows: n, cols: n, data };
}
/** Eigenvalues of the Dirichlet Laplacian of side n, ascending. */
const dirichletEigs = (n: number): number[] =>
  Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));

/** v ↦ H·v of a dense matrix, as an operator (H never handed to spectrum). */
const operatorOf = (H: Matrix): GramOperator => ({ size: H.rows, matvec: symmetricMatvec({ a: H }) });

/**
 * Q·diag(λ)·Qᵀ with Q the orthogonal DCT-II matrix (a closed form, no random basis): λ_min = `bottom`, well
 * separated (the rest in [1, 1.8]), and λ_max = 2 clustered (1.9, 1.99, 2): with few products Lanczos on H⁻¹
 * converges and Lanczos on H does not.
 */
function separated(n: number, bottom = 0.05): Matrix {
  const lambdas = [bottom, ...Array.from({ length: n - 4 }, (_, k) => 1 + (0.8 * k) / (n - 5)), 1.9, 1.99, 2];
  const data = new Float64Array(n * n);
  const q = (i: number, k: number): number =>
    Math.sqrt((k === 0 ? 1 : 2) / n) * Math.cos((Math.PI * (2 * i + 1) * k) / (2 * n));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q(i, k) * lambdas[k]! * q(j, k);
      data[i * n + j] = s;
    }
  return { rows: n, cols: n, data };
}

describe('spectrum, Lanczos route: condition number and positive semidefiniteness', () => {
  it('a positive definite H: κ = λ_max/λ_min, psd, to the closed-form eigenvalues', () => {
    const n = 12;
    const eig = dirichletEigs(n);
    for (const s of [
      spectrum({ H: laplacian(n), method: 'lanczos' }),
      spectrum({ operator: operatorOf(laplacian(n)) }),
    ]) {
      expect(s.method).toBe('lanczos');
      expect(s.converged).toBe(true);
      expect(s.size).toBe(n);
      // Lanczos's default tol 1e-10 relative on the residual: the Ritz values are far closer (residual² / gap)
      expect(Math.abs(s.lambdaMin - eig[0]!)).toBeLessThan(1e-10 * eig[0]!);
      expect(Math.abs(s.lambdaMax - eig[n - 1]!)).toBeLessThan(1e-10 * eig[n - 1]!);
      // kills `λ_max·λ_min`, a constant Infinity, or the ratio only for λ_min ≤ 0
      expect(s.conditionNumber).toBe(s.lambdaMax / s.lambdaMin);
      expect(s.psd).toBe(true);
      expect(s.eigenvalues).toBeUndefined();
    }
  });

  it('the zero matrix: λ_min = λ_max = 0, κ = Infinity (not 0/0), psd (0 ≥ −0, error 0)', () => {
    const s = spectrum({ H: { rows: 3, cols: 3, data: new Float64Array(9) }, method: 'lanczos' });
    expect([s.lambdaMin, s.lambdaMax, s.errorMin]).toEqual([0, 0, 0]);
    expect(s.conditionNumber).toBe(Infinity);
    expect(s.psd).toBe(true);
  });

  it('an indefinite H: λ_min < 0 is reported as not psd, with κ = Infinity (not the negative ratio)', () => {
    const n = 12;
    const s = spectrum({ H: laplacian(n, { shift: -0.5 }), method: 'lanczos' });
    expect(s.lambdaMin).toBeCloseTo(dirichletEigs(n)[0]! - 0.5, 10);
    expect(s.psd).toBe(false);
    expect(s.conditionNumber).toBe(Infinity);
  });

  it('λ_min = −1e-9 within the error estimate of a capped run: psd (numerically), κ = Infinity', () => {
    // 8 products: θ_min is within its estimate of λ_min = −1e-9, and the estimate is larger than 1e-9
    const s = spectrum({ H: separated(40, -1e-9), method: 'lanczos', maxIter: 8 });
    expect(s.iterations).toBe(8);
    expect(s.lambdaMin).toBeGreaterThanOrEqual(-1e-9 - 1e-15); // a Rayleigh quotient: never below λ_min
    expect(s.lambdaMin).toBeLessThan(0);
    expect(s.errorMin).toBeGreaterThan(Math.abs(s.lambdaMin));
    // kills `λ_min ≥ +errorMin` and `λ_min < −errorMin`: only `≥ −errorMin` says psd here
    expect(s.psd).toBe(true);
    expect(s.conditionNumber).toBe(Infinity);
  });
});

describe('spectrum, dense route and the fallback of a failed Cholesky', () => {
  it('the zero matrix: λ_min = λ_max = 0 exactly, κ = Infinity (not 0/0), psd (0 ≥ −0), error 0', () => {
    for (const n of [1, 3]) {
      const s = spectrum({ H: { rows: n, cols: n, data: new Float64Array(n * n) }, method: 'dense' });
      expect([s.lambdaMin, s.lambdaMax, s.errorMin, s.errorMax]).toEqual([0, 0, 0, 0]);
      expect(s.conditionNumber).toBe(Infinity);
      expect(s.psd).toBe(true);
    }
  });

  it('dense without `full`: no eigenvalues, converged, 0 iterations, error n·u·max(|λ_min|, |λ_max|)', () => {
    const n = 10;
    const s = spectrum({ H: laplacian(n), method: 'dense' });
    expect(s.method).toBe('dense');
    expect(s.eigenvalues).toBeUndefined();
    expect(s.converged).toBe(true);
    expect(s.iterations).toBe(0);
    expect(s.errorMin).toBe(n * U * s.lambdaMax);
    expect(s.errorMax).toBe(s.errorMin);
    expect(s.lambdaMax).toBeCloseTo(dirichletEigs(n)[n - 1]!, 12);
  });

  it('a singular PSD H, dense: psd because |λ_min| ≤ n·u·‖H‖₂ (not because λ_min ≥ +error)', () => {
    const n = 12;
    const s = spectrum({ H: laplacian(n, { path: true }), method: 'dense' });
    expect(s.errorMin).toBe(n * U * Math.max(Math.abs(s.lambdaMin), Math.abs(s.lambdaMax)));
    expect(Math.abs(s.lambdaMin)).toBeLessThan(s.errorMin);
    expect(s.psd).toBe(true);
  });

  it('the default route on an indefinite H: Cholesky fails, the dense route reports the eigenvalue', () => {
    const n = 8;
    const shift = -0.5;
    const eig = dirichletEigs(n).map((l) => l + shift);
    const s = spectrum({ H: laplacian(n, { shift }) });
    expect(s.method).toBe('dense');
    expect(s.psd).toBe(false);
    expect(s.lambdaMin).toBeCloseTo(eig[0]!, 12);
    expect(s.errorMin).toBe(n * U * Math.max(Math.abs(s.lambdaMin), Math.abs(s.lambdaMax)));
    expect(s.iterations).toBe(0);
    expect(s.eigenvalues).toBeUndefined();
    const full = spectrum({ H: laplacian(n, { shift }), full: true });
    expect(full.eigenvalues).toBeAllClose(eig, { rtol: 0, atol: 1e-14 }); // backward stable: n·u·‖H‖ ≈ 7e-15
  });

  it('an error of the factorisation other than "not positive definite" is thrown, not taken for a fallback', () => {
    const err = new RangeError('invalid argument: the Cholesky factor does not fit');
    mockCholesky.failWith = err;
    expect(() => spectrum({ H: laplacian(4) })).toThrow(err);
    mockCholesky.failWith = new NotPositiveDefiniteError(0, -1);
    expect(spectrum({ H: laplacian(4) }).method).toBe('dense');
  });
});

describe('spectrum, shift-invert route: as its doc comment defines it', () => {
  /** The route by hand: Cholesky, Lanczos on v ↦ L⁻ᵀL⁻¹v and on v ↦ L·Lᵀ·v, the documented estimates. */
  function byHand(H: Matrix, o: { tol: number; seed: number; maxIter?: number }) {
    const n = H.rows;
    const f = choleskyFactor({ a: H });
    const extra = o.maxIter === undefined ? {} : { maxIter: o.maxIter };
    const inv = lanczos({
      n,
      matvec: (v, out) => f.solve(v, out),
      which: 'largest',
      tol: o.tol,
      seed: o.seed,
      ...extra,
    });
    const top = lanczos({
      n,
      matvec: (v, out) => f.product(v, out),
      which: 'largest',
      tol: o.tol,
      seed: o.seed,
      ...extra,
    });
    f.dispose();
    const theta = inv.values[0]!;
    const lambdaMax = top.values[0]!;
    const backward = n * U * lambdaMax;
    return {
      lambdaMin: 1 / theta,
      lambdaMax,
      errorMin: inv.errorEstimates[0]! / (theta * theta) + backward,
      errorMax: top.errorEstimates[0]! + backward,
      iterations: inv.iterations + top.iterations,
      converged: inv.converged && top.converged,
      inv,
      top,
    };
  }

  it('tol and seed reach both Lanczos runs; λ = 1/θ, the errors δθ/θ² + n·u·λ_max and δλ + n·u·λ_max', () => {
    const H = separated(30);
    const made = mockCholesky.made;
    const disposed = mockCholesky.disposed;
    const s = spectrum({ H, tol: 1e-6, seed: 7 });
    // the factor's WebAssembly memory is given back (kills an emptied `finally`)
    expect(mockCholesky.made - made).toBe(1);
    expect(mockCholesky.disposed - disposed).toBe(1);
    const want = byHand(H, { tol: 1e-6, seed: 7 });
    expect(s.method).toBe('shift-invert');
    expect(s.psd).toBe(true);
    expect(s.size).toBe(30);
    expect({
      lambdaMin: s.lambdaMin,
      lambdaMax: s.lambdaMax,
      errorMin: s.errorMin,
      errorMax: s.errorMax,
      iterations: s.iterations,
      converged: s.converged,
    }).toEqual({ ...want, inv: undefined, top: undefined });
    expect(s.conditionNumber).toBe(s.lambdaMax / s.lambdaMin);
    // against the closed form (tol 1e-6 on the residuals: the values are far closer)
    expect(Math.abs(s.lambdaMin - 0.05)).toBeLessThan(1e-9);
    expect(Math.abs(s.lambdaMax - 2)).toBeLessThan(1e-6);
    // a seed or a tol that did not arrive would change the run: another count (tol), other last bits (seed)
    expect(byHand(H, { tol: 1e-10, seed: 7 }).iterations).not.toBe(want.iterations);
    expect(byHand(H, { tol: 1e-6, seed: 0 }).lambdaMax).not.toBe(want.lambdaMax);
  });

  it('maxIter caps both runs; converged only when both are (here H⁻¹ converges, H does not)', () => {
    const H = separated(30);
    const s = spectrum({ H, maxIter: 8, seed: 3 });
    const want = byHand(H, { tol: 1e-10, seed: 3, maxIter: 8 });
    expect(want.inv.converged).toBe(true);
    expect(want.top.converged).toBe(false);
    expect(s.converged).toBe(false);
    expect(s.iterations).toBe(want.iterations);
    expect(s.iterations).toBeLessThanOrEqual(16);
    expect(s.lambdaMin).toBe(want.lambdaMin);
    expect(s.errorMax).toBe(want.errorMax);
  });
});

describe('spectrum, Lanczos route: options reach linalg’s lanczos', () => {
  it('tol, seed and maxIter: the same run as lanczos({ which: "both" }) itself', () => {
    const H = separated(60);
    for (const o of [
      { tol: 1e-6, seed: 7 },
      { tol: 1e-10, seed: 5, maxIter: 6 },
    ]) {
      const s = spectrum({ H, method: 'lanczos', ...o });
      const r = lanczos({ n: 60, matvec: symmetricMatvec({ a: H }), which: 'both', ...o });
      expect([s.lambdaMin, s.lambdaMax, s.errorMin, s.errorMax, s.iterations, s.converged]).toEqual([
        r.values[0],
        r.values[r.values.length - 1],
        r.errorEstimates[0],
        r.errorEstimates[r.errorEstimates.length - 1],
        r.iterations,
        r.converged,
      ]);
    }
    // the two option sets are told apart by the run: a dropped option could not match both
    const a = spectrum({ H, method: 'lanczos', tol: 1e-6, seed: 7 });
    const b = spectrum({ H, method: 'lanczos' });
    expect(a.iterations).not.toBe(b.iterations);
    const c = spectrum({ H, method: 'lanczos', tol: 1e-6 });
    expect(c.lambdaMax).not.toBe(a.lambdaMax);
    const capped = spectrum({ H, method: 'lanczos', maxIter: 6, seed: 5 });
    expect(capped.iterations).toBeLessThanOrEqual(6);
    expect(capped.converged).toBe(false);
  });
});

describe('spectrum refuses, naming the argument', () => {
  it('an operator of size 0, and a route that needs H given only an operator', () => {
    expect(() => spectrum({ operator: { size: 0, matvec: () => undefined } })).toThrow(
      exactMessage('invalid argument: operator: expected a matrix of size ≥ 1, got 0 × 0'),
    );
    for (const method of ['dense', 'shift-invert'] as const) {
      expect(() => spectrum({ operator: operatorOf(laplacian(3)), method })).toThrow(
        exactMessage(`invalid argument: H: missing (\`method: "${method}"\` needs the matrix, not only \`operator\`)`),
      );
    }
  });

  it('a bad maxIter on either Lanczos route, and an H whose data does not match its shape', () => {
    for (const method of ['lanczos', 'shift-invert'] as const) {
      expect(() => spectrum({ H: laplacian(3), method, maxIter: 0 })).toThrow(
        exactMessage('invalid argument: maxIter: expected a positive integer, got 0'),
      );
    }
    expect(() => spectrum({ H: { rows: 2, cols: 2, data: new Float64Array(3) } })).toThrow(/^invalid argument: H\b/);
  });
});
