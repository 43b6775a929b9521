/**
 * Tests written from the mutation run (bench/results/mutation): jacobianFactors' shape, its kernel scale (checked
 * through the NTK of the float64 reference), its float32 path, its messages, and that it needs no labels y.
 */
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { jacobianFactors } from './jacobianFactors';
import { randomProblem } from '../../test/fixtures';

beforeAll(async () => {
  await initBackend();
});

/** (c cᵀ) ⊙ (X Xᵀ ⊗ 1_{d×d}) / κ, the NTK built from the factors (output-major order ℓ·n + i). */
function ntkFromFactors(c: Matrix, x: Matrix, kernelScale: number, n: number, d: number): number[] {
  const H: number[] = [];
  const m = c.cols;
  for (let p = 0; p < n * d; p++) {
    for (let q = 0; q < n * d; q++) {
      const i = p % n;
      const j = q % n;
      let cc = 0;
      for (let r = 0; r < m; r++) cc += c.data[p * m + r]! * c.data[q * m + r]!;
      let xx = 0;
      for (let k = 0; k < x.cols; k++) xx += x.data[i * x.cols + k]! * x.data[j * x.cols + k]!;
      H.push((cc * xx) / kernelScale);
    }
  }
  return H;
}

describe('Definition 3.6: the factors give the NTK of the float64 reference', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it(`${activation}: shape n·d_out × m, κ = ${activation === 'softmax' ? 'm' : '1'}, (c cᵀ ⊙ X Xᵀ)/κ = H`, () => {
      const n = 4;
      const d = 3;
      const m = 5;
      const p = randomProblem({ n, dIn: 2, dOut: d, m, seed: 61, activation });
      const net = { w: p.w, a: p.a, x: p.x, activation }; // no y: the factors do not need labels
      const { c, kernelScale } = jacobianFactors(net);
      expect([c.rows, c.cols, c.data.length]).toEqual([n * d, m, n * d * m]);
      expect(kernelScale).toBe(activation === 'softmax' ? m : 1);
      const H = reference.gram(net);
      expect(ntkFromFactors(c, p.x, kernelScale, n, d)).toBeAllClose(Array.from(H.data), TOLERANCES.float64);

      const f32 = jacobianFactors({ ...net, precision: 'float32' });
      expect([f32.c.rows, f32.c.cols, f32.kernelScale]).toEqual([n * d, m, kernelScale]);
      expect(ntkFromFactors(f32.c, p.x, f32.kernelScale, n, d)).toBeAllClose(Array.from(H.data), TOLERANCES.float32);
      // the float32 path computes on the tfjs backend: every entry is a float32 number, unlike float64's
      expect(Array.from(f32.c.data).filter((v) => Math.fround(v) !== v)).toEqual([]);
      expect(Array.from(c.data).filter((v) => Math.fround(v) !== v).length).toBeGreaterThan(0);
    });
  }

  it.each(['x', 'w', 'a'] as const)('names `%s` when it holds a non-finite entry', (k) => {
    const p = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 62 });
    const bad = { ...p[k], data: Float64Array.from(p[k].data) };
    bad.data[1] = NaN;
    expect(() => jacobianFactors({ ...p, [k]: bad })).toThrow(
      exactMessage(`invalid argument: ${k}[0][1]: expected a finite number, got NaN`),
    );
  });
});
