import { exactMessage } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { gaussian as normal } from '../lapack/internal/testing';
import { softmaxGradient32 } from './softmaxGradient32';
import { softmaxGradient64 } from './softmaxGradient64';
import {
  softmaxGradient32Threads,
  softmaxGradient64Threads,
  type SoftmaxGradient64Threads,
} from './softmaxGradient64Threads';

function problem(seed: number, n: number, d: number, m: number, dOut: number) {
  const rng = new Rng(seed);
  return {
    x: normal(rng, n, d),
    wt: normal(rng, d, m),
    a: normal(rng, dOut, m, 0.1),
    y: normal(rng, n, dOut),
    scale: m,
  };
}

/** Calls `g` until its worker has computed a half (the first calls run in this thread while it starts). */
async function untilShared(g: SoftmaxGradient64Threads, o: ReturnType<typeof problem>): Promise<void> {
  const before = g.calls.shared;
  for (let t = 0; t < 400 && g.calls.shared === before; t++) {
    g(o);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (g.calls.shared === before) throw new Error('the softmax worker never took a half in 20 s');
}

const same = (p: ReturnType<typeof softmaxGradient64>, q: ReturnType<typeof softmaxGradient64>): void => {
  expect(p.loss).toBe(q.loss);
  expect(Array.from(p.gradient.data)).toEqual(Array.from(q.gradient.data));
  expect(Array.from(p.f.data)).toEqual(Array.from(q.f.data));
  expect([p.gradient.rows, p.gradient.cols, p.f.rows, p.f.cols]).toEqual([
    q.gradient.rows,
    q.gradient.cols,
    q.f.rows,
    q.f.cols,
  ]);
};

describe('softmaxGradient64Threads: Claim 3.4 with the second half of the rows on a worker', () => {
  it('gives bitwise softmaxGradient64’s loss, ΔWᵀ and F, and again after a larger problem rebinds the buffer', async () => {
    const g = softmaxGradient64Threads({ threads: 2 });
    try {
      const small = problem(1, 37, 5, 60, 3); // n odd: halves of 18 and 19 rows; m not a multiple of 8
      await untilShared(g, small);
      const shared = g.calls.shared;
      same(g(small), softmaxGradient64(small));
      expect(g.calls.shared).toBe(shared + 1);
      const big = problem(2, 64, 8, 256, 8);
      await untilShared(g, big);
      same(g(big), softmaxGradient64(big));
      same(g(small), softmaxGradient64(small)); // a smaller problem reuses the larger buffer
    } finally {
      await g.dispose();
    }
  });

  it('float32: gives bitwise softmaxGradient32’s loss, ΔWᵀ and F (the worker runs the float32 kernel)', async () => {
    const g = softmaxGradient32Threads({ threads: 2 });
    try {
      const o = problem(5, 37, 5, 60, 3);
      await untilShared(g, o);
      const shared = g.calls.shared;
      const got = g(o);
      expect(g.calls.shared).toBe(shared + 1);
      same(got, softmaxGradient32(o));
      // not the float64 numbers: the worker's half went through the float32 kernel too
      const f64 = softmaxGradient64(o);
      expect(got.f.data.slice(18).some((v, k) => v !== f64.f.data[18 + k])).toBe(true);
      expect(got.f.data.every((v) => Math.fround(v) === v)).toBe(true);
      const one = softmaxGradient32Threads({ threads: 1 });
      same(one(o), got);
      expect(one.calls).toEqual({ shared: 0, local: 1 });
    } finally {
      await g.dispose();
    }
  });

  it('threads: 1 computes in this thread; after dispose calls still answer, in this thread', async () => {
    const one = softmaxGradient64Threads({ threads: 1 });
    const o = problem(3, 9, 3, 16, 2);
    same(one(o), softmaxGradient64(o));
    expect(one.calls).toEqual({ shared: 0, local: 1 });
    const two = softmaxGradient64Threads({ threads: 2 });
    await two.dispose();
    same(two(o), softmaxGradient64(o));
    expect(two.calls).toEqual({ shared: 0, local: 1 });
  });

  it('rejects a bad thread count and a shape mismatch, naming the argument', async () => {
    expect(() => softmaxGradient64Threads({ threads: 0 })).toThrow(
      exactMessage('invalid argument: threads: expected a positive integer, got 0'),
    );
    const g = softmaxGradient64Threads({ threads: 2 });
    try {
      const o = problem(4, 6, 3, 16, 2);
      expect(() => g({ ...o, y: { rows: 5, cols: 2, data: new Float64Array(10) } })).toThrow(
        exactMessage('invalid argument: y: must be 6 × 2, got 5 × 2'),
      );
    } finally {
      await g.dispose();
    }
  });
});
