/**
 * Tests written from the mutation run (bench/results/mutation): gramian against the literal dot products, across
 * the 32-row blocks of its mirror step, with and without `trans`; its message for a non-numeric α.
 */
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { matrix, type Matrix } from '../matrix/matrix';
import { gramian } from './gramian';

/** α·Σ_k a_{ik}·a_{jk} (rows) or α·Σ_k a_{ki}·a_{kj} (columns), every entry of the full square. */
function literal(a: Matrix, trans: boolean, alpha: number): number[] {
  const n = trans ? a.cols : a.rows;
  const k = trans ? a.rows : a.cols;
  const at = (i: number, p: number) => (trans ? a.data[p * a.cols + i] : a.data[i * a.cols + p]) as number;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(i, p) * at(j, p);
      out.push(alpha * s);
    }
  }
  return out;
}

describe('gramian: every entry of α·A·Aᵀ and α·Aᵀ·A', () => {
  const rng = new Rng('gramian-mutants');
  // 70 = two full 32-row blocks and a partial one, so every block pair of the mirror step is visited
  const a = matrix(70, 3, rng.fillNormal(new Float64Array(70 * 3)));
  it('A·Aᵀ, 70 × 70, α = 0.5, both triangles', () => {
    const g = gramian({ a, alpha: 0.5 });
    expect([g.rows, g.cols]).toEqual([70, 70]);
    expect(Array.from(g.data)).toBeAllClose(literal(a, false, 0.5), TOLERANCES.float64);
  });
  it('Aᵀ·A of the transpose, 70 × 70, α defaults to 1', () => {
    const t = matrix(3, 70);
    for (let i = 0; i < 70; i++) for (let p = 0; p < 3; p++) t.data[p * 70 + i] = a.data[i * 3 + p] as number;
    const g = gramian({ a: t, trans: true });
    expect([g.rows, g.cols]).toEqual([70, 70]);
    expect(Array.from(g.data)).toBeAllClose(literal(t, true, 1), TOLERANCES.float64);
  });
  it('refuses an α that is not a number, naming it', () => {
    expect(() => gramian({ a, alpha: '2' as unknown as number })).toThrow(
      exactMessage('invalid argument: alpha: must be a number, got 2'),
    );
  });
});
