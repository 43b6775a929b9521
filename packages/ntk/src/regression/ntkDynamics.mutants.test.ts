/**
 * Tests written from the mutation run of ntkDynamics.ts (bench/results/mutation/ntk-spectrum.json):
 * ntkRegression.test.ts checks that Eq. (25) converges to the closed form on softmax; these pin the first step
 * against the literal formula for softmax (κ = m) and ReLU (κ = 1), the record schedule (steps 0, a last step
 * that `every` does not divide), a run without test inputs, and the refusals, each naming its argument.
 */
import { initBackend } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { ntkDynamics } from './ntkDynamics';

beforeAll(async () => {
  await initBackend();
});

const m = 16;
const net = makeNet({ n: 4, dIn: 3, dOut: 2, m, seed: 71, symmetric: false });
const xTest = makeNet({ n: 3, dIn: 3, dOut: 2, m, seed: 72 }).x;
const halfY2 = 0.5 * net.y.data.reduce((s, v) => s + v * v, 0);

/** F after one step from γ = 0, literally: γ(1) = η·vec(Y), F(x_i)_ℓ = κ·Σ_j K[(ℓ,i), j]·γ(1)_j; n × d_out row-major. */
function firstStep(K: { rows: number; cols: number; data: Float64Array }, nRows: number, kappa: number, eta: number) {
  const vy = new Float64Array(K.cols); // output-major: index ℓ·n + i
  for (let l = 0; l < 2; l++) for (let i = 0; i < net.x.rows; i++) vy[l * net.x.rows + i] = net.y.data[i * 2 + l]!;
  const out = new Float64Array(nRows * 2);
  for (let l = 0; l < 2; l++)
    for (let i = 0; i < nRows; i++) {
      let s = 0;
      for (let j = 0; j < K.cols; j++) s += K.data[(l * nRows + i) * K.cols + j]! * eta * vy[j]!;
      out[i * 2 + l] = kappa * s;
    }
  return out;
}

describe('Eq. (25): GD on γ, what the mutation run found unchecked', () => {
  it('step 1 is F = κ·K·η·vec(Y) on training and test inputs, κ = m for softmax and 1 for ReLU', () => {
    const eta = 1e-3;
    for (const [activation, kappa] of [
      ['softmax', m],
      ['relu', 1],
    ] as const) {
      const recs = ntkDynamics({ ...net, xTest, eta, steps: 1, activation });
      expect(recs.map((r) => r.step)).toEqual([0, 1]);
      const H = reference.crossGram({ ...net, x1: net.x, x2: net.x, activation });
      const K = reference.testKernel({ ...net, xTest, activation });
      expect(recs[0]!.train.data).toEqual(new Float64Array(8));
      expect(recs[0]!.loss).toBeCloseTo(halfY2, 14);
      expect(recs[1]!.train.data).toBeAllClose(firstStep(H, 4, kappa, eta), TOLERANCES.float64);
      expect(recs[1]!.test!.data).toBeAllClose(firstStep(K, 3, kappa, eta), TOLERANCES.float64);
      const f = recs[1]!.train.data;
      const loss = 0.5 * f.reduce((s, v, k) => s + (v - net.y.data[k]!) ** 2, 0);
      expect(recs[1]!.loss).toBeCloseTo(loss, 14);
    }
  });

  it('steps 0 gives the start alone; the last step is recorded when `every` does not divide it; no xTest, no test', () => {
    const zero = ntkDynamics({ ...net, eta: 1e-3, steps: 0 });
    expect(zero.map((r) => r.step)).toEqual([0]);
    expect(zero[0]!.loss).toBeCloseTo(halfY2, 14);
    const recs = ntkDynamics({ ...net, eta: 1e-3, steps: 5, every: 2 });
    expect(recs.map((r) => r.step)).toEqual([0, 2, 4, 5]);
    expect(recs.every((r) => r.test === undefined)).toBe(true);
    // the loss falls at this small step (η·m·λ_max(H) < 1)
    expect(recs[3]!.loss).toBeLessThan(recs[0]!.loss);
  });

  it('refuses bad input, naming the argument (x and xTest before y)', () => {
    const bad = { rows: 3, cols: 2, data: new Float64Array(6) }; // n = 4 rows expected
    expect(() =>
      ntkDynamics({ ...net, y: bad, x: { rows: 4, cols: 4, data: new Float64Array(16) }, eta: 1, steps: 1 }),
    ).toThrow(exactMessage('invalid argument: x: expected d_in = 3 columns (like `w`), got 4'));
    expect(() =>
      ntkDynamics({ ...net, y: bad, xTest: { rows: 2, cols: 4, data: new Float64Array(8) }, eta: 1, steps: 1 }),
    ).toThrow(exactMessage('invalid argument: xTest: expected d_in = 3 columns (like `w`), got 4'));
    for (const [rows, cols] of [
      [3, 2],
      [4, 3],
    ] as const) {
      expect(() =>
        ntkDynamics({ ...net, y: { rows, cols, data: new Float64Array(rows * cols) }, eta: 1, steps: 1 }),
      ).toThrow(exactMessage(`invalid argument: y: must be n × d_out = 4 × 2, got ${rows} × ${cols}`));
    }
    expect(() => ntkDynamics({ ...net, y: { rows: 4, cols: 2, data: new Float64Array(7) }, eta: 1, steps: 1 })).toThrow(
      /^invalid argument: y\b/,
    );
    expect(() => ntkDynamics({ ...net, eta: 1, steps: 1.5 })).toThrow(
      exactMessage('invalid argument: steps: expected a positive integer, got 1.5'),
    );
    expect(() => ntkDynamics({ ...net, eta: 1, steps: 2, every: 0 })).toThrow(
      exactMessage('invalid argument: every: expected a positive integer, got 0'),
    );
  });
});
