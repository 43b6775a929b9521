import { Rng } from '../random/rng';
import { matrix } from '../matrix/matrix';
import { matmul } from './matmul';
import { gramian } from './gramian';

describe('gramian: α·A·Aᵀ or α·Aᵀ·A in full', () => {
  it('equals matmul(A, Aᵀ) and matmul(Aᵀ, A) and is exactly symmetric', () => {
    const rng = new Rng('gramian');
    const a = matrix(45, 77, rng.fillNormal(new Float64Array(45 * 77)));
    const g = gramian({ a, alpha: 2 });
    expect(g.rows).toBe(45);
    expect(g.data).toBeAllClose(matmul({ a, b: a, transB: true, alpha: 2 }).data);
    const h = gramian({ a, trans: true });
    expect(h.rows).toBe(77);
    expect(h.data).toBeAllClose(matmul({ a, b: a, transA: true }).data);
    for (let i = 0; i < 77; i++) for (let j = 0; j < i; j++) expect(h.data[i * 77 + j]).toBe(h.data[j * 77 + i]);
  });

  it('0 × k gives 0 × 0; k × 0 gives zeros', () => {
    expect(gramian({ a: matrix(0, 3) }).rows).toBe(0);
    expect(Array.from(gramian({ a: matrix(2, 0) }).data)).toEqual([0, 0, 0, 0]);
  });
});
