import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { ntkDynamics } from './ntkDynamics';
import { ntkRegression } from './ntkRegression';

/** λ_max by power iteration (independent of the package's spectrum code). */
function lambdaMax(H: { rows: number; data: Float64Array }): number {
  const n = H.rows;
  let v = new Float64Array(n).fill(1);
  let lam = 0;
  for (let it = 0; it < 500; it++) {
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) u[i] = (u[i] as number) + (H.data[i * n + j] as number) * (v[j] as number);
    lam = Math.hypot(...u);
    v = u.map((t) => t / lam);
  }
  return lam;
}

describe('Definition F.1: NTK regression predictor', () => {
  const net = makeNet({ n: 6, dIn: 4, dOut: 2, m: 64, seed: 21 });
  const xTest = makeNet({ n: 4, dIn: 4, dOut: 2, m: 64, seed: 22 }).x;

  it('interpolates the training labels when H* is well conditioned', () => {
    const reg = ntkRegression(net);
    // Residual of a Cholesky solve: ~cond(H)·u relative; cond here is O(10²)
    expect(reg.predict(net.x).data).toBeAllClose(net.y.data, { rtol: 1e-9, atol: 1e-12 });
  });

  it('with a ridge, solves (H* + ρI)α = vec(Y) and no longer interpolates', () => {
    const reg = ntkRegression({ ...net, ridge: 1e-1 });
    const H = reg.H;
    const n = H.rows;
    const back = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0.1 * (reg.coefficients[i] as number);
      for (let j = 0; j < n; j++) s += (H.data[i * n + j] as number) * (reg.coefficients[j] as number);
      back[i] = s;
    }
    const vy = [0, 1].flatMap((l) => Array.from({ length: 6 }, (_, i) => net.y.data[i * 2 + l] as number));
    expect(back).toBeAllClose(vy, TOLERANCES.float64);
    expect(Math.max(...reg.predict(net.x).data.map((v, k) => Math.abs(v - (net.y.data[k] as number))))).toBeGreaterThan(
      1e-4,
    );
  });

  it('Eq. (25): the GD dynamics converge to the closed form, on training and test points', () => {
    const H = gram(net);
    const m = 64;
    const lmax = lambdaMax(H);
    // λ_min by power iteration on λ_max·I − H
    const shifted = { rows: H.rows, data: H.data.map((h, k) => (k % (H.rows + 1) === 0 ? lmax : 0) - h) };
    const lmin = lmax - lambdaMax(shifted);
    const eta = 1 / (m * lmax); // stable step for f ← f − η·m·H·(f − y)
    // the error contracts by (1 − λ_min/λ_max) per step: 40·cond steps leave e^{-40}
    const quarter = Math.ceil((10 * lmax) / lmin);
    const recs = ntkDynamics({ ...net, xTest, eta, steps: 4 * quarter, every: quarter });
    expect(recs.map((r) => r.step)).toEqual([0, 1, 2, 3, 4].map((k) => k * quarter));
    expect(recs[0]!.loss).toBeCloseTo(0.5 * net.y.data.reduce((s, v) => s + v * v, 0), 12);
    // monotone decrease until the loss reaches the float64 floor
    for (let k = 1; k < recs.length; k++)
      expect(Math.min(recs[k]!.loss, 1e-25)).toBeLessThanOrEqual(Math.max(recs[k - 1]!.loss, 1e-25));
    expect(recs[1]!.loss).toBeLessThan(1e-8 * recs[0]!.loss); // e^{-20} after 10·cond steps
    const last = recs.at(-1)!;
    const closed = ntkRegression(net);
    // e^{-40} ≈ 4e-18 of the start: what remains is the rounding of the closed-form solve (cond·u)
    expect(last.train.data).toBeAllClose(net.y.data, { rtol: 1e-8, atol: 1e-10 });
    expect(last.test!.data).toBeAllClose(closed.predict(xTest).data, { rtol: 1e-8, atol: 1e-10 });
  });

  it('rejects bad shapes and a negative ridge', () => {
    expect(() => ntkRegression({ ...net, ridge: -1 })).toThrow(
      'invalid argument: ridge: expected a finite number ≥ 0, got -1',
    );
    expect(() => ntkRegression({ ...net, y: { rows: 6, cols: 3, data: new Float64Array(18) } })).toThrow(
      exactMessage('invalid argument: y: expected n × d_out = 6 × 2 (n from `x`, d_out from `a`), got 6 × 3'),
    );
    expect(() => ntkDynamics({ ...net, eta: 0, steps: 1 })).toThrow(
      'invalid argument: eta: expected a finite number > 0, got 0',
    );
  });
});
