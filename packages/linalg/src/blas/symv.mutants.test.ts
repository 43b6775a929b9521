/**
 * Tests written for the mutation run (bench/results/mutation) of symv.ts: the strided branch with A stored
 * column-major while x and y are contiguous (symv.test.ts varies only x's and y's strides), and the BLAS rules that
 * β = 0 does not read y and α = 0 reads neither A nor x.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { symv } from './symv';

/** α·A·x + β·y by the full symmetric A (n × n, row-major), the literal sums. */
function literal(n: number, alpha: number, a: Float64Array, x: Float64Array, beta: number, y: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    out.push(alpha * s + beta * y[i]!);
  }
  return out;
}

describe('symv: strides of A, and what α = 0 and β = 0 leave unread', () => {
  // Killed here: `strideA2 === 1` → `true` (the unit-stride loop would read A[ri + j] along a column-major row)
  it.each(['lower', 'upper'] as const)(
    '%s: A column-major inside a padded buffer (strideA2 = ld), x and y contiguous',
    (uplo) => {
      const rng = new Rng(`symv-colmajor-${uplo}`);
      const n = 9;
      const ld = n + 2;
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
      // column-major at offset 3: A[i][j] at 3 + i + j·ld; the unread triangle holds 1e300
      const stored = new Float64Array(3 + ld * n).fill(1e300);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) if (uplo === 'lower' ? j <= i : j >= i) stored[3 + i + j * ld] = a[i * n + j]!;
      const x = rng.fillNormal(new Float64Array(n)) as Float64Array;
      const y = rng.fillNormal(new Float64Array(n)) as Float64Array;
      const want = literal(n, -0.5, a, x, 2, y);
      symv(uplo, n, -0.5, stored, 1, ld, 3, x, 1, 0, 2, y, 1, 0);
      expect(y).toBeAllClose(want, TOLERANCES.float64);
    },
  );

  // Killed here: `strideX === 1` → `true` or `strideX !== 1`, and the same for `strideY` (the unit-stride loop taken
  // with one of x and y strided: symv.test.ts strides both together)
  it.each([
    [2, 1],
    [1, 3],
  ])('lower and upper: x with stride %i, y with stride %i, A contiguous', (sx, sy) => {
    const rng = new Rng(`symv-strides-${sx}-${sy}`);
    const n = 7;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const xs = rng.fillNormal(new Float64Array(1 + n * sx)) as Float64Array; // x_j at 1 + j·sx
    const x = Float64Array.from({ length: n }, (_, j) => xs[1 + j * sx]!);
    for (const uplo of ['lower', 'upper'] as const) {
      const ys = rng.fillNormal(new Float64Array(2 + n * sy)) as Float64Array; // y_i at 2 + i·sy
      const y = Float64Array.from({ length: n }, (_, i) => ys[2 + i * sy]!);
      const want = literal(n, 1.5, a, x, -1, y);
      symv(uplo, n, 1.5, a, n, 1, 0, xs, sx, 1, -1, ys, sy, 2);
      expect(Float64Array.from({ length: n }, (_, i) => ys[2 + i * sy]!)).toBeAllClose(want, TOLERANCES.float64);
    }
  });

  // Killed here: `i < N` → `i <= N` in the β loop (it would scale the entry after y)
  it('β scales y and nothing after it', () => {
    const a = new Float64Array([2, 1, 1, 3]);
    const y = new Float64Array([1, 2, 7]);
    symv('lower', 2, 1, a, 2, 1, 0, new Float64Array([1, 1]), 1, 0, 2, y, 1, 0);
    expect(Array.from(y)).toEqual([5, 8, 7]);
    symv('upper', 2, 1, a, 2, 1, 0, new Float64Array([1, 1]), 1, 0, 0, y, 1, 0);
    expect(Array.from(y)).toEqual([3, 4, 7]);
  });

  // Killed here: `beta === 0 ? 0 : …` made to read y (NaN·0 is NaN), and `alpha === 0` → `false` (0·NaN from A or
  // x would reach y)
  it('β = 0 overwrites NaN in y; α = 0 only scales y, NaN and Infinity in A and x unread', () => {
    const a = new Float64Array([2, 1, 1, 3]);
    const x = new Float64Array([1, -1]);
    const y = new Float64Array([NaN, NaN]);
    symv('lower', 2, 1, a, 2, 1, 0, x, 1, 0, 0, y, 1, 0);
    expect(Array.from(y)).toEqual([1, -2]);
    const bad = new Float64Array([NaN, Infinity, Infinity, NaN]);
    symv('upper', 2, 0, bad, 2, 1, 0, new Float64Array([Infinity, NaN]), 1, 0, -3, y, 1, 0);
    expect(Array.from(y)).toEqual([-3, 6]);
  });
});
