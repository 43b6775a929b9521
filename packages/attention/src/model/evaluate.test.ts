import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { evaluate } from './evaluate';
import { forward } from './forward';
import { forward32, tensors32 } from '../internal/core32';
import { outputScale, type AttentionProblem } from '../problem/problem';
import * as reference from '../../test/reference';
import { randomProblem } from '../../test/fixtures';

const flat = (g: { wk: Float64Array; wq: Float64Array; wv: Float64Array }) =>
  Float64Array.from([...g.wk, ...g.wq, ...g.wv]);

const cases: [string, AttentionProblem][] = [
  ['ntk scaling, H = 2, d_h = 2', randomProblem({ seed: 1 })],
  [
    'mean-field scaling, H = 3, d_h = 4, τ = 0.7',
    randomProblem({ seed: 2, H: 3, dh: 4, scaling: 'mean-field', temperature: 0.7 }),
  ],
  ['one head, d_h = d (Eq. 7 itself), N = 3', randomProblem({ seed: 3, H: 1, dh: 3, N: 3 })],
];

describe('Eq. (7) self-attention: forward pass', () => {
  it.each(cases)('%s: F matches the literal float64 reference', (_, p) => {
    expect(forward({ problem: p })).toBeAllClose(reference.forward(p), TOLERANCES.float64);
  });

  it('softmax is shifted per column: scores of size ~1e3 give finite F equal to the hard-max limit', () => {
    const p = randomProblem({ seed: 4 });
    const big = { ...p, wk: p.wk.map((v) => v * 300), wq: p.wq.map((v) => v * 300) };
    const F = forward({ problem: big });
    expect(F.every(Number.isFinite)).toBe(true);
  });
});

describe('Eq. (7) self-attention: closed-form gradient', () => {
  it.each(cases)('%s: ∂L/∂θ matches Jᵀ(F − Y) of the literal reference to 1e-10', (_, p) => {
    const g = evaluate({ problem: p }).grad;
    expect(flat(g)).toBeAllClose(flat(reference.gradient(p)), TOLERANCES.float64);
    expect(evaluate({ problem: p }).loss).toBeAllClose([reference.loss(p)], TOLERANCES.float64);
  });

  it.each(cases)('%s: ∂L/∂θ matches central finite differences', (_, p) => {
    const g = flat(evaluate({ problem: p }).grad);
    const theta = flat(p);
    const kq = p.wk.length;
    const at = (t: Float64Array): AttentionProblem => ({
      ...p,
      wk: t.slice(0, kq),
      wq: t.slice(kq, 2 * kq),
      wv: t.slice(2 * kq),
    });
    // h ≈ u^(1/3) scaled to the entries (see test-helpers' tolerances for the error budget).
    const h = 6e-6;
    const fd = new Float64Array(theta.length);
    for (let k = 0; k < theta.length; k++) {
      const plus = theta.slice();
      const minus = theta.slice();
      plus[k] = (plus[k] as number) + h;
      minus[k] = (minus[k] as number) - h;
      fd[k] =
        (evaluate({ problem: at(plus), gradient: false }).loss -
          evaluate({ problem: at(minus), gradient: false }).loss) /
        (2 * h);
    }
    expect(g).toBeAllClose(fd, TOLERANCES.finiteDifference);
  });
});

describe('Eq. (7) self-attention: float32 on tfjs', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it.each(cases)('%s: closed-form float32 gradient matches tf.grads of the tfjs forward pass', (_, p) => {
    const e32 = evaluate({ problem: p, precision: 'float32' });
    const c = outputScale(p.scaling, p.shape.numHeads);
    const auto = tf.tidy(() => {
      const t = tensors32(p);
      const lossFn = (wk: tf.Tensor, wq: tf.Tensor, wv: tf.Tensor) => {
        const { F } = forward32(
          { x: t.x, wk: wk as tf.Tensor4D, wq: wq as tf.Tensor4D, wv: wv as tf.Tensor4D },
          c,
          p.temperature,
        );
        return tf.mul(tf.sum(tf.square(tf.sub(F, t.y))), 0.5);
      };
      return tf.grads(lossFn)([t.wk, t.wq, t.wv]);
    });
    const [gk, gq, gv] = auto.map((g) => Float64Array.from(g.dataSync()));
    tf.dispose(auto);
    expect(flat(e32.grad)).toBeAllClose(Float64Array.from([...gk!, ...gq!, ...gv!]), TOLERANCES.float32);
    // and both agree with float64 to float32 accuracy
    const e64 = evaluate({ problem: p });
    expect(e32.F).toBeAllClose(e64.F, TOLERANCES.float32);
    expect(flat(e32.grad)).toBeAllClose(flat(e64.grad), TOLERANCES.float32);
  });

  it('leaves no tensors behind', () => {
    const p = randomProblem({ seed: 5 });
    evaluate({ problem: p, precision: 'float32' });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) evaluate({ problem: p, precision: 'float32' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('validation at the public edge', () => {
  it('refuses a non-finite weight naming the field', () => {
    const p = randomProblem({ seed: 6 });
    p.wv[2] = NaN;
    expect(() => evaluate({ problem: p })).toThrow(/^wv \(flat index \d+\): expected a finite number, got NaN$/);
  });
  it('refuses a weight of the wrong length naming the field', () => {
    const p = randomProblem({ seed: 6 });
    expect(() => evaluate({ problem: { ...p, wq: new Float64Array(3) } })).toThrow(/^wq: expected H × d_h × d = /);
  });
});
