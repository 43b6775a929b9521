import * as tf from '@tensorflow/tfjs-core';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { fromRows, initBackend, toRows } from '@softmax-ntk/linalg';
import { forward } from './forward';
import { evaluate } from './evaluate';
import { initWeights } from '../init/initWeights';
import * as reference from '@softmax-ntk/reference';
import { randomProblem } from '../../test/fixtures';

beforeAll(async () => {
  await initBackend();
});

describe('Definition 3.1 / Eq. 1: forward pass', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it(`${activation}: float64 matches the literal loops to 1e-10 relative, float32 to 1e-4`, () => {
      const p = randomProblem({ n: 7, dIn: 3, dOut: 2, m: 10, seed: 11, activation });
      const ref = toRows(reference.forward(p));
      expect(toRows(forward({ ...p }))).toBeAllClose(ref, TOLERANCES.float64);
      expect(toRows(forward({ ...p, precision: 'float32' }))).toBeAllClose(ref, TOLERANCES.float32);
    });
  }

  it('d_in ≠ d_out, and n = 1', () => {
    const p = randomProblem({ n: 1, dIn: 5, dOut: 3, m: 6, seed: 2 });
    const F = forward(p);
    expect([F.rows, F.cols]).toEqual([1, 3]);
    expect(toRows(F)).toBeAllClose(toRows(reference.forward(p)), TOLERANCES.float64);
  });

  it('softmax rows sum to 1: with a ≡ 1 every output equals m', () => {
    const p = randomProblem({ n: 5, dIn: 3, dOut: 2, m: 9, seed: 4 });
    const a = { rows: 2, cols: 9, data: new Float64Array(18).fill(1) };
    expect(toRows(forward({ ...p, a }))).toBeAllClose(
      Array.from({ length: 5 }, () => [9, 9]),
      TOLERANCES.float64,
    );
  });

  it('logits of ±1000 give finite, correct outputs (stable softmax), in both precisions', () => {
    // x = [1], w_r = ±1000 + small offsets: S is (numerically) concentrated on the largest logits.
    const x = fromRows([[1], [-1]]);
    const w = fromRows([[1000], [999], [-1000], [1000]]);
    const a = fromRows([[1, 2, 3, 4]]);
    const F64 = forward({ x, w, a });
    // Exact: for x = 1 the logits are 1000, 999, −1000, 1000; shifting by 1000 gives 0, −1, −2000, 0.
    const e1 = Math.exp(-1);
    const expected1 = (4 * (1 * 1 + 2 * e1 + 4 * 1)) / (2 + e1);
    // For x = −1 the logits are −1000, −999, 1000, −1000: S = e_3 up to e^{-1999}.
    const expected2 = 4 * 3;
    expect(toRows(F64)).toBeAllClose([[expected1], [expected2]], TOLERANCES.float64);
    const F32 = forward({ x, w, a, precision: 'float32' });
    expect(Array.from(F32.data).every(Number.isFinite)).toBe(true);
    expect(toRows(F32)).toBeAllClose([[expected1], [expected2]], TOLERANCES.float32);
  });

  it('rejects mismatched shapes naming the argument', () => {
    const p = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 1 });
    expect(() => forward({ ...p, w: fromRows([[1, 2, 3]]) })).toThrow(
      'invalid argument: w: expected 1 × 2 (m × d_in, d_in from `x`), got 1 × 3',
    );
    expect(() => forward({ ...p, activation: 'tanh' as never })).toThrow(
      'invalid argument: activation: expected one of "softmax", "relu", "exp", got "tanh"',
    );
  });
});

describe('Definition 3.7: symmetric initialisation gives F(W(0), x) = 0 exactly', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it(`${activation}, float64 and float32`, () => {
      const { w, a } = initWeights({ numNeurons: 64, dIn: 4, dOut: 3, sigma: 2, seed: 5 });
      const p = randomProblem({ n: 10, dIn: 4, dOut: 3, m: 64, seed: 6, activation });
      for (const precision of ['float64', 'float32'] as const) {
        const F = forward({ x: p.x, w, a, activation, precision });
        expect(Array.from(F.data)).toEqual(new Array(30).fill(0));
      }
    });
  }
});

describe('Definition 3.2: loss', () => {
  it('evaluate() matches the literal loss and forward', async () => {
    const p = randomProblem({ n: 6, dIn: 3, dOut: 3, m: 8, seed: 9 });
    const r = await evaluate({ problem: p });
    expect(r.loss).toBeAllClose(reference.loss(p), TOLERANCES.float64);
    expect(toRows(r.F)).toBeAllClose(toRows(reference.forward(p)), TOLERANCES.float64);
    const r32 = await evaluate({ problem: p, precision: 'float32' });
    expect(r32.loss).toBeAllClose(r.loss, TOLERANCES.float32);
    expect(tf.memory().numTensors).toBe(0);
  });
});
