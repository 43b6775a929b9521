import { exactMessage } from '@softmax-ntk/test-helpers';
import { makeNet, perturb } from '../../test/fixtures';
import { kernelDrift } from './kernelDrift';

describe('Lemma 5.1: kernel perturbation', () => {
  const net = makeNet({ n: 8, dIn: 3, dOut: 2, m: 128, seed: 31 });

  it('is zero when the weights do not move', () => {
    const d = kernelDrift({ w0: net.w, w1: net.w, a: net.a, x: net.x });
    expect(d.frobenius).toBe(0);
    expect(d.radius).toBe(0);
  });

  it('measures the radius R = max_r ‖w_r − w̃_r‖₂ exactly', () => {
    const d = kernelDrift({ w0: net.w, w1: perturb(net.w, 0.003), a: net.a, x: net.x });
    expect(d.radius).toBeCloseTo(0.003, 14);
  });

  it('grows linearly in R for small R, and stays below the bound R·n·d·exp(10B) with B ≥ 1', () => {
    const R = 1e-3;
    const d1 = kernelDrift({ w0: net.w, w1: perturb(net.w, R, 5), a: net.a, x: net.x });
    const d2 = kernelDrift({ w0: net.w, w1: perturb(net.w, R / 2, 5), a: net.a, x: net.x });
    // first-order in R: halving R halves the drift up to O(R) relative
    expect(d1.frobenius / d2.frobenius).toBeGreaterThan(1.9);
    expect(d1.frobenius / d2.frobenius).toBeLessThan(2.1);
    expect(d1.frobenius).toBeGreaterThan(0);
    expect(d1.frobenius).toBeLessThan(R * 8 * 2 * Math.exp(10));
  });

  it('rejects weights of another shape', () => {
    expect(() =>
      kernelDrift({ w0: net.w, w1: { rows: 2, cols: 3, data: new Float64Array(6) }, a: net.a, x: net.x }),
    ).toThrow(exactMessage('invalid argument: w1: expected the shape of `w0`, 128 × 3, got 2 × 3'));
  });
});
