import { TOLERANCES } from '@softmax-ntk/test-helpers';
import type { Matrix } from '../matrix/matrix';
import { Rng } from '../random/rng';
import { gaussian as normal } from '../lapack/internal/testing';
import { softmaxGradient64 } from './softmaxGradient64';

/** Definition 3.1 and Claim 3.4 as literal sums with Math.exp (shares no code with the kernel). */
function reference(x: Matrix, wt: Matrix, a: Matrix, y: Matrix, c: number): { loss: number; g: number[]; f: number[] } {
  const [n, d, m, dOut] = [x.rows, x.cols, wt.cols, a.rows];
  const g = new Array<number>(d * m).fill(0);
  const f: number[] = [];
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: m }, (_, r) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += x.data[i * d + k]! * wt.data[k * m + r]!;
      return s;
    });
    const zmax = Math.max(...z);
    const ez = z.map((v) => Math.exp(v - zmax));
    const total = ez.reduce((p, q) => p + q, 0);
    const S = ez.map((v) => v / total);
    const P = Array.from({ length: dOut }, (_, l) => S.reduce((acc, s, r) => acc + s * a.data[l * m + r]!, 0));
    const e = P.map((p, l) => c * p - y.data[i * dOut + l]!);
    P.forEach((p) => f.push(c * p));
    loss += e.reduce((acc, v) => acc + 0.5 * v * v, 0);
    const rho = e.reduce((acc, v, l) => acc + v * P[l]!, 0);
    for (let r = 0; r < m; r++) {
      let u = 0;
      for (let l = 0; l < dOut; l++) u += e[l]! * a.data[l * m + r]!;
      const C = c * S[r]! * (u - rho);
      for (let k = 0; k < d; k++) g[k * m + r]! += x.data[i * d + k]! * C;
    }
  }
  return { loss, g, f };
}

describe('softmaxGradient64: Definition 3.1 and Claim 3.4 fused in the SIMD kernel', () => {
  it.each([
    [1, 1, 1, 1],
    [5, 3, 7, 1],
    [17, 8, 64, 3],
    [32, 4, 129, 2],
  ])('n = %i, d = %i, m = %i, dOut = %i: matches the literal sums', (n, d, m, dOut) => {
    const rng = new Rng(`fused-${n}-${m}`);
    const x = normal(rng, n, d);
    const wt = normal(rng, d, m);
    const a = normal(rng, dOut, m);
    const y = normal(rng, n, dOut);
    const got = softmaxGradient64({ x, wt, a, y, scale: m });
    const want = reference(x, wt, a, y, m);
    expect([got.loss]).toBeAllClose([want.loss]);
    expect(got.f.data).toBeAllClose(want.f);
    expect(got.gradient.data).toBeAllClose(want.g);
    expect([got.gradient.rows, got.gradient.cols]).toEqual([d, m]);
  });

  it('large logits (|z| up to ~600) neither overflow nor lose the small softmax weights', () => {
    const rng = new Rng('fused-large');
    const [n, d, m] = [6, 3, 33];
    const x = normal(rng, n, d);
    const wt = normal(rng, d, m, 200);
    const a = normal(rng, 1, m);
    const y = normal(rng, n, 1);
    const got = softmaxGradient64({ x, wt, a, y, scale: 1 });
    const want = reference(x, wt, a, y, 1);
    expect(got.gradient.data.every(Number.isFinite)).toBe(true);
    expect(got.gradient.data).toBeAllClose(want.g);
    expect(got.f.data).toBeAllClose(want.f);
  });

  it('the gradient is the derivative of the loss (central differences)', () => {
    const rng = new Rng('fused-fd');
    const [n, d, m] = [7, 4, 9];
    const x = normal(rng, n, d);
    const wt = normal(rng, d, m);
    const a = normal(rng, 2, m);
    const y = normal(rng, n, 2);
    const { gradient } = softmaxGradient64({ x, wt, a, y, scale: 3 });
    const h = 1e-5;
    const fd: number[] = [];
    for (let k = 0; k < d * m; k++) {
      const plus = { ...wt, data: wt.data.slice() };
      const minus = { ...wt, data: wt.data.slice() };
      plus.data[k]! += h;
      minus.data[k]! -= h;
      const lp = softmaxGradient64({ x, wt: plus, a, y, scale: 3 }).loss;
      const lm = softmaxGradient64({ x, wt: minus, a, y, scale: 3 }).loss;
      fd.push((lp - lm) / (2 * h));
    }
    // Central differences with h = 1e-5: truncation O(h²·L''') plus rounding O(u·L/h) — the finite-difference tolerances.
    expect(gradient.data).toBeAllClose(fd, TOLERANCES.finiteDifference);
  });

  it('rejects mismatched shapes, naming the argument', () => {
    const rng = new Rng(1);
    const x = normal(rng, 4, 2);
    const wt = normal(rng, 2, 5);
    const a = normal(rng, 1, 5);
    expect(() => softmaxGradient64({ x, wt, a, y: normal(rng, 3, 1), scale: 5 })).toThrow(
      'invalid argument: y: must be 4 × 1, got 3 × 1',
    );
    expect(() => softmaxGradient64({ x, wt: normal(rng, 3, 5), a, y: normal(rng, 4, 1), scale: 5 })).toThrow(
      'invalid argument: wt: must be 2 × 5, got 3 × 5',
    );
    expect(() => softmaxGradient64({ x, wt, a, y: normal(rng, 4, 1), scale: NaN })).toThrow('scale: must be finite');
  });
});
