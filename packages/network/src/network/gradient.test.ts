import * as tf from '@tensorflow/tfjs-core';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { initBackend, toRows } from '@softmax-ntk/linalg';
import { gradient } from './gradient';
import { evaluate } from './evaluate';
import * as reference from '@softmax-ntk/reference';
import { randomProblem } from '../../test/fixtures';
import type { Problem } from '../problem/problem';

beforeAll(async () => {
  await initBackend();
});

/** The loss of a problem written directly in tfjs ops, for tf.grad (independent of src/internal). */
function tfLoss(p: Problem): (w: tf.Tensor) => tf.Scalar {
  const m = p.w.rows;
  const X = tf.tensor2d(Float32Array.from(p.x.data), [p.x.rows, p.x.cols]);
  const Y = tf.tensor2d(Float32Array.from(p.y.data), [p.y.rows, p.y.cols]);
  const A = tf.tensor2d(Float32Array.from(p.a.data), [p.a.rows, p.a.cols]);
  return (w: tf.Tensor) => {
    const z = tf.matMul(X, w, false, true);
    const h =
      p.activation === 'softmax'
        ? tf.mul(tf.softmax(z), m)
        : p.activation === 'relu'
          ? tf.div(tf.relu(z), Math.sqrt(m))
          : tf.div(tf.exp(z), Math.sqrt(m));
    const F = tf.matMul(h, A, false, true);
    return tf.mul<tf.Scalar>(tf.sum(tf.square(tf.sub(F, Y))), 0.5);
  };
}

describe('Claim 3.4: closed-form gradient', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    describe(activation, () => {
      const p = randomProblem({ n: 6, dIn: 3, dOut: 2, m: 8, seed: 21, activation });
      const g64 = toRows(gradient(p));

      it('matches Definition 3.3 computed literally (double sum, to 1e-10 relative)', () => {
        expect(g64).toBeAllClose(toRows(reference.gradient(p)), TOLERANCES.float64);
      });

      if (activation === 'softmax') {
        it('matches Claim 3.4 computed literally, and Definition 3.3 equals Claim 3.4', () => {
          expect(g64).toBeAllClose(toRows(reference.gradientClaim34(p)), TOLERANCES.float64);
          expect(reference.gradientClaim34(p).data).toBeAllClose(reference.gradient(p).data, TOLERANCES.float64);
        });
      }

      it('float32 matches float64 to 1e-4 relative', () => {
        expect(toRows(gradient({ ...p, precision: 'float32' }))).toBeAllClose(g64, TOLERANCES.float32);
      });

      it('matches tfjs autodiff of the loss (tf.grad, float32)', () => {
        const f = tfLoss(p);
        const auto = tf.tidy(
          () =>
            tf
              .grad(f)(tf.tensor2d(Float32Array.from(p.w.data), [p.w.rows, p.w.cols]))
              .arraySync() as number[][],
        );
        expect(auto).toBeAllClose(g64, TOLERANCES.float32);
      });

      it('matches central finite differences of the literal loss (float64)', () => {
        if (activation === 'relu') {
          // ReLU is not differentiable at 0; no logit of this seed is within h of 0, checked here.
          for (const xi of toRows(p.x))
            for (const wr of toRows(p.w))
              expect(Math.abs(xi.reduce((s, v, k) => s + v * (wr[k] as number), 0))).toBeGreaterThan(1e-3);
        }
        // h = u^(1/3) ≈ 6e-6 balances truncation O(h²) against rounding O(u/h) (see TOLERANCES).
        const h = 6e-6;
        const fd = reference.gradientFiniteDifference(p, h);
        expect(g64).toBeAllClose(toRows(fd), TOLERANCES.finiteDifference);
      });
    });
  }

  it('evaluate() returns the same gradient, m × d_in', async () => {
    const p = randomProblem({ n: 4, dIn: 5, dOut: 3, m: 6, seed: 3 });
    const r = await evaluate({ problem: p });
    expect([r.grad.rows, r.grad.cols]).toEqual([6, 5]);
    expect(toRows(r.grad)).toBeAllClose(toRows(reference.gradient(p)), TOLERANCES.float64);
  });

  it('is exactly zero at a zero residual', () => {
    const p = randomProblem({ n: 4, dIn: 2, dOut: 2, m: 6, seed: 8 });
    const F = evaluate({ problem: p });
    return F.then((r) => {
      const g = gradient({ ...p, y: r.F });
      expect(Array.from(g.data)).toEqual(new Array(12).fill(0));
    });
  });
});
