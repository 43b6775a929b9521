import { matrix } from '../matrix/matrix';
import { matmul } from '../blas/matmul';
import { gramian } from '../blas/gramian';
import { cholesky } from './cholesky';
import { choleskyFactor, NotPositiveDefiniteError } from './choleskyFactor';
import { choleskySolve } from './choleskySolve';
import { Rng, gaussian, geometricSpectrum, withSpectrum } from './internal/testing';

/** An SPD matrix G·Gᵀ + n·I. */
function spd(seed: string, n: number) {
  const a = gramian({ a: gaussian(new Rng(seed), n, n) });
  for (let i = 0; i < n; i++) a.data[i * n + i] = (a.data[i * n + i] as number) + n;
  return a;
}

/** A·x in plain JavaScript (the independent check of a solve). */
function apply(a: { rows: number; data: Float64Array }, x: Float64Array): Float64Array {
  const n = a.rows;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (a.data[i * n + j] as number) * (x[j] as number);
    y[i] = s;
  }
  return y;
}

describe('choleskyFactor: the SIMD WebAssembly dpotrf and its solves', () => {
  // Sizes around the kernel's edges: rows in blocks of 4 (remainders 1–3), columns in pairs, panel width 64
  // (a last block of 1 and of 63 columns, odd panel widths), several blocks.
  it.each([1, 2, 3, 4, 5, 7, 8, 63, 64, 65, 66, 127, 129, 200, 257])('L·Lᵀ = A and A·x = b, n = %i', (n) => {
    const a = spd(`factor-${n}`, n);
    const f = choleskyFactor({ a });
    try {
      const l = f.factor();
      for (let i = 0; i < n; i++) {
        expect(l.data[i * n + i]).toBeGreaterThan(0);
        for (let j = i + 1; j < n; j++) expect(l.data[i * n + j]).toBe(0);
      }
      expect(matmul({ a: l, b: l, transB: true }).data).toBeAllClose(a.data);
      const b = new Rng(`rhs-${n}`).fillNormal(new Float64Array(n)) as Float64Array;
      const x = f.solve(b);
      expect(apply(a, x)).toBeAllClose(b);
      // the JavaScript dpotrs on the same L: the same solution up to the order of the sums
      expect(x).toBeAllClose(choleskySolve({ l, b }));
      // L·(Lᵀ·b) = A·b up to the backward error of the factorisation
      expect(f.product(b)).toBeAllClose(apply(a, b));
    } finally {
      f.dispose();
    }
  });

  it('solves an ill-conditioned system (κ = 1e8) to the accuracy backward stability allows', () => {
    const { a } = withSpectrum(new Rng('factor-ill'), geometricSpectrum(90, 1e-8, 1));
    const f = choleskyFactor({ a });
    const b = new Rng('factor-ill-b').fillNormal(new Float64Array(90)) as Float64Array;
    const x = f.solve(b);
    f.dispose();
    // Backward stable: the residual is ≲ n·u·‖A‖·‖x‖ whatever κ is; ‖x‖ ≤ κ·‖b‖ ~ 1e8·10, so 1e-5 absolute
    // (about 90·1.1e-16·1e9 = 1e-5) is the bound, not the default tolerance.
    expect(apply(a, x)).toBeAllClose(b, { atol: 1e-5, rtol: 0 });
  });

  it('solve and product write into `out`, which may be `b`', () => {
    const a = spd('factor-out', 9);
    const f = choleskyFactor({ a });
    const b = new Rng('factor-out-b').fillNormal(new Float64Array(9)) as Float64Array;
    const expected = f.solve(b);
    const out = new Float64Array(9);
    expect(f.solve(b, out)).toBe(out);
    expect(out).toEqual(expected);
    const same = b.slice();
    f.solve(same, same);
    expect(same).toEqual(expected);
    const product = f.product(b);
    const inPlace = b.slice();
    expect(f.product(inPlace, inPlace)).toBe(inPlace);
    expect(inPlace).toEqual(product);
    f.dispose();
  });

  it('two live factors do not share memory, and a disposed one refuses to solve', () => {
    const a1 = spd('factor-live-1', 70);
    const a2 = spd('factor-live-2', 70);
    const f1 = choleskyFactor({ a: a1 });
    const f2 = choleskyFactor({ a: a2 });
    const b = new Rng('factor-live-b').fillNormal(new Float64Array(70)) as Float64Array;
    expect(apply(a1, f1.solve(b))).toBeAllClose(b);
    expect(apply(a2, f2.solve(b))).toBeAllClose(b);
    f1.dispose();
    f1.dispose(); // idempotent
    expect(() => f1.solve(b)).toThrow('CholeskyFactor: used after dispose()');
    // f1's memory is reused by the next factor; f2 is untouched
    const f3 = choleskyFactor({ a: spd('factor-live-3', 70) });
    expect(apply(a2, f2.solve(b))).toBeAllClose(b);
    f2.dispose();
    f3.dispose();
  });

  it('a failed factorisation gives its memory back and names the pivot', () => {
    const a = spd('factor-npd', 100);
    a.data[80 * 100 + 80] = -1e6;
    expect(() => choleskyFactor({ a })).toThrow(NotPositiveDefiniteError);
    expect(() => choleskyFactor({ a })).toThrow(/pivot 80 is -/);
    const ok = spd('factor-after', 100);
    expect(matmul({ a: cholesky({ a: ok }).l, b: cholesky({ a: ok }).l, transB: true }).data).toBeAllClose(ok.data);
  });

  it('validates its arguments and the size', () => {
    const f = choleskyFactor({ a: spd('factor-args', 4) });
    expect(() => f.solve(new Float64Array(3))).toThrow(
      'invalid argument: b: must have length 4 to match the factor, got 3',
    );
    expect(() => f.solve(new Float64Array(4), new Float64Array(5))).toThrow(
      'invalid argument: out: must have length 4, got 5',
    );
    f.dispose();
    // 30000² float64s (plus the panel and one vector) are 6.72 GiB: refused before anything is allocated or read
    const huge = { rows: 30000, cols: 30000, data: new Float64Array(0) };
    expect(() => choleskyFactor({ a: huge })).toThrow(
      /the Cholesky factor of a 30000 × 30000 matrix needs 6\.72 GiB of WebAssembly memory; the kernels address at most 4 GiB/,
    );
    expect(() => choleskyFactor({ a: matrix(2, 3) })).toThrow('invalid argument: a: must be square, got 2 × 3');
  });
});
