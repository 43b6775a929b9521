/**
 * Tests written from the mutation run (bench/results/mutation): `compute`'s routes (the float32 softmax gradient on
 * linalg's fused kernel, the tfjs route's loss) and `halfSquaredNorm`'s two forms, against linalg's kernel called
 * directly and the float64 reference of the paper.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { initBackend, softmaxGradient32, toRows, transpose, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { compute, halfSquaredNorm } from './network';
import { randomProblem } from '../../test/fixtures';

beforeAll(async () => {
  await initBackend();
});

const vec = (data: number[]): Matrix => ({ rows: 1, cols: data.length, data: Float64Array.from(data) });

describe('halfSquaredNorm: ½‖E‖²', () => {
  it('is the plain sum ½·Σ e_k², in order, when it does not overflow', () => {
    const e = [0.1, -0.2, 0.3, 1 / 3, -Math.PI];
    let s = 0;
    for (const v of e) s += v * v;
    expect(halfSquaredNorm(vec(e))).toBe(0.5 * s);
    expect(halfSquaredNorm(vec([]))).toBe(0);
  });
  it('is +∞ with an infinite entry and NaN with a NaN entry (nothing to rescale)', () => {
    expect(halfSquaredNorm(vec([1, Infinity, 2]))).toBe(Infinity);
    expect(halfSquaredNorm(vec([1, -Infinity]))).toBe(Infinity);
    expect(halfSquaredNorm(vec([1, NaN]))).toBeNaN();
  });
});

describe('compute in float32', () => {
  const p = randomProblem({ n: 5, dIn: 3, dOut: 2, m: 6, seed: 31 });

  it('softmax gradient (with or without F and the loss) is linalg’s fused softmaxGradient32, bit for bit', () => {
    const r = softmaxGradient32({ x: p.x, wt: transpose(p.w), a: p.a, y: p.y, scale: 6 });
    const all = compute(p, 'float32', { forward: true, loss: true, gradient: true });
    expect(Array.from(all.gradient?.data ?? [])).toEqual(Array.from(transpose(r.gradient).data));
    expect(all.loss).toBe(r.loss);
    expect(Array.from(all.F?.data ?? [])).toEqual(Array.from(r.f.data));
    const g = compute(p, 'float32', { gradient: true });
    expect(Array.from(g.gradient?.data ?? [])).toEqual(Array.from(transpose(r.gradient).data));
    expect(g.loss).toBeUndefined();
    expect(g.F).toBeUndefined();
  });

  it.each(['relu', 'exp'] as const)(
    '%s (tfjs route): F, the loss and the gradient against the reference',
    (activation) => {
      const q = { ...p, activation };
      const r = compute(q, 'float32', { forward: true, loss: true, gradient: true });
      expect(toRows(r.F)).toBeAllClose(toRows(reference.forward(q)), TOLERANCES.float32);
      expect(r.loss).toBeAllClose(reference.loss(q), TOLERANCES.float32);
      expect(toRows(r.gradient)).toBeAllClose(toRows(reference.gradient(q)), TOLERANCES.float32);
    },
  );
});
