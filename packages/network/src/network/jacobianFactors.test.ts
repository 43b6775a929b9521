import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors } from './jacobianFactors';
import { jacobianVector } from './jacobianVector';
import { randomProblem } from '../../test/fixtures';

beforeAll(async () => {
  await initBackend();
});

describe('Eq. 2: factored Jacobian ∂F_ℓ(x_i)/∂w_r = c_{(ℓ,i),r}·x_i', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it(`${activation}: J·(e_r e_kᵀ) = c_{(ℓ,i),r}·x_{i,k}, float64 and float32`, () => {
      const p = randomProblem({ n: 5, dIn: 3, dOut: 2, m: 6, seed: 51, activation });
      const { c } = jacobianFactors(p);
      const c32 = jacobianFactors({ ...p, precision: 'float32' }).c;
      expect(Array.from(c32.data)).toBeAllClose(Array.from(c.data), TOLERANCES.float32);
      for (const [r, k] of [
        [0, 0],
        [3, 2],
        [5, 1],
      ] as const) {
        const u: Matrix = { rows: 6, cols: 3, data: new Float64Array(18) };
        u.data[r * 3 + k] = 1;
        const Ju = jacobianVector({ ...p, u });
        const expected: number[] = [];
        const actual: number[] = [];
        for (let i = 0; i < 5; i++) {
          for (let l = 0; l < 2; l++) {
            actual.push((c.data[(l * 5 + i) * 6 + r] as number) * (p.x.data[i * 3 + k] as number));
            expected.push(Ju.data[i * 2 + l] as number);
          }
        }
        expect(actual).toBeAllClose(expected, TOLERANCES.float64);
      }
    });
  }
});

describe('jacobianFactors `out`: c written into the caller’s array', () => {
  it('float64: the same c, bitwise, in the given array (a SharedArrayBuffer view); a wrong length is refused', () => {
    const p = randomProblem({ n: 5, dIn: 3, dOut: 2, m: 6, seed: 52, activation: 'softmax' });
    const want = jacobianFactors(p).c.data;
    const out = new Float64Array(new SharedArrayBuffer(8 * 60)).fill(Number.NaN);
    const { c } = jacobianFactors({ ...p, out });
    expect(c.data).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(want));
    expect(() => jacobianFactors({ ...p, out: new Float64Array(59) })).toThrow(
      'invalid argument: out: must be a Float64Array of n·d_out·m = 60 entries, got length 59',
    );
  });
});
