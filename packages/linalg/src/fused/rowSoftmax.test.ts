import { allClose, exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { matrix } from '../matrix/matrix';
import { Rng } from '../random/rng';
import { rowSoftmax } from './rowSoftmax';

/** s_ij = 1 / Σ_k e^{z_ik − z_ij}: no maximum taken, no division of exponentials (fine for logits within ±300). */
function byDifferences(z: Float64Array, rows: number, cols: number): Float64Array {
  const s = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let k = 0; k < cols; k++) sum += Math.exp((z[i * cols + k] as number) - (z[i * cols + j] as number));
      s[i * cols + j] = 1 / sum;
    }
  return s;
}

describe('rowSoftmax', () => {
  it.each([
    [1, 1],
    [3, 1],
    [1, 7],
    [5, 8],
    [17, 33],
  ])('matches 1 / Σ_k exp(z_ik − z_ij) on %i × %i Gaussian logits (scale 4)', (rows, cols) => {
    const rng = new Rng(rows * 100 + cols);
    const z = Float64Array.from({ length: rows * cols }, () => 4 * rng.normal());
    const want = byDifferences(z, rows, cols);
    const got = rowSoftmax({ z: matrix(rows, cols, z.slice()) });
    const r = allClose(got.data, want, TOLERANCES.float64);
    expect(r.pass).toBe(true);
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += got.data[i * cols + j] as number;
      expect(Math.abs(sum - 1)).toBeLessThan(cols * 2 ** -52);
    }
  });

  it('overwrites z and returns it', () => {
    const z = matrix(1, 2, new Float64Array([0, Math.log(3)]));
    const data = z.data;
    expect(rowSoftmax({ z })).toBe(z);
    expect(z.data).toBe(data);
    expect(Array.from(data).map((v) => v.toFixed(15))).toEqual(['0.250000000000000', '0.750000000000000']);
  });

  it('subtracts each row its own maximum: logits of 900 and −900 beside small ones stay exact', () => {
    // e^900 overflows and e^−900 underflows: without the shift row 0 is ∞/∞ and row 2 is 0/0; with one maximum for
    // the whole matrix, row 1 (whose logits lie ~900 below it) would underflow to 0/0 too.
    const ln3 = Math.log(3);
    const z = matrix(3, 2, new Float64Array([900, 900 - ln3, 0, ln3, -900, -900 + ln3]));
    const s = rowSoftmax({ z }).data;
    const want = [0.75, 0.25, 0.25, 0.75, 0.25, 0.75];
    // (900 − ln 3 is rounded to 900's ulp, 1.1e-13: the exact answer for the rounded logits is within ~6e-14 of ¾, ¼)
    const r = allClose(s, want, TOLERANCES.float64);
    expect(r.pass).toBe(true);
  });

  it('refuses a matrix whose data does not hold rows × cols values, naming z', () => {
    expect(() => rowSoftmax({ z: { rows: 2, cols: 3, data: new Float64Array(5) } })).toThrow(
      exactMessage('invalid argument: z: must be 2 × 3, got 2 × 3'),
    );
  });
});
