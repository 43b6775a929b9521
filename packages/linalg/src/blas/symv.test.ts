import fc from 'fast-check';
import { Rng } from '../random/rng';
import { symv } from './symv';
import { symmetricMatvec } from './symmetricMatvec';
import { matrix } from '../matrix/matrix';

function symmetric(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

describe('symv: y = α·A·x + β·y from one triangle', () => {
  it('matches the full product for both triangles, with strides and offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom<'lower' | 'upper'>('lower', 'upper'),
        fc.constantFrom(1, -0.5),
        fc.constantFrom(0, 2),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1e6 }),
        (n, uplo, alpha, beta, stride, seed) => {
          const rng = new Rng(seed);
          const a = symmetric(rng, n);
          // Garbage in the unread triangle must not matter.
          const stored = a.slice();
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) if (uplo === 'lower' ? j > i : j < i) stored[i * n + j] = 1e300;
          const x = new Float64Array(2 + n * stride).map(() => rng.normal());
          const y = new Float64Array(1 + n * stride).map(() => rng.normal());
          const want: number[] = [];
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += a[i * n + j]! * x[2 + j * stride]!;
            want.push(alpha * s + beta * y[1 + i * stride]!);
          }
          symv(uplo, n, alpha, stored, n, 1, 0, x, stride, 2, beta, y, stride, 1);
          expect(Array.from({ length: n }, (_, i) => y[1 + i * stride]!)).toBeAllClose(want);
        },
      ),
      { numRuns: 50, seed: 3 },
    );
  });

  it('symmetricMatvec computes A·v and rejects non-square input', () => {
    const a = matrix(2, 2, new Float64Array([2, 1, 1, 3]));
    const out = new Float64Array(2);
    symmetricMatvec({ a })(new Float64Array([1, -1]), out);
    expect(Array.from(out)).toEqual([1, -2]);
    expect(() => symmetricMatvec({ a: matrix(2, 3) })).toThrow('invalid argument: a: must be square, got 2 × 3');
  });
});
