/**
 * Tests written for the mutation run of kernelRecorders.ts (bench/results/mutation/ntk-drift.json): the recorders
 * called with hand-made step contexts (no training run), against gram's formed H(τ) and H(0) and spectrum's
 * eigenvalues — the names and defaults, the activation of the problem, H(0) from the problem's W(0), and one H(τ)
 * per step shared by the recorders (W(τ) asked for once).
 */
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import type { StepContext } from '@softmax-ntk/network';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet, perturb } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { spectrum } from '../spectrum/spectrum';
import { kernelRecorders } from './kernelRecorders';

beforeAll(async () => {
  await initBackend();
});

const net = makeNet({ n: 4, dIn: 3, dOut: 2, m: 12, seed: 71, symmetric: false });

/** A step context at `step` with weights `w`, counting the calls of weights(). */
function context(step: number, w: Matrix, activation: 'softmax' | 'relu' = 'softmax'): StepContext & { calls: number } {
  const ctx = {
    step,
    loss: 0,
    maxWeightChange: 0,
    maxStepNorm: 0,
    eta: 1,
    precision: 'float64' as const,
    problem: { activation, ...net },
    calls: 0,
    weights: () => {
      ctx.calls++;
      return w;
    },
  };
  return ctx;
}

/** ‖H(W) − H(W(0))‖_F from the two formed Gram matrices, entry by entry. */
function driftOf(w: Matrix, activation: 'softmax' | 'relu' = 'softmax'): number {
  const H0 = gram({ ...net, activation }).data;
  const H = gram({ ...net, w, activation }).data;
  let s = 0;
  for (let k = 0; k < H.length; k++) s += (H[k]! - H0[k]!) ** 2;
  return Math.sqrt(s);
}

describe('kernelRecorders: λ_min(H(τ)), ‖H(τ) − H(0)‖_F and λ_max(H(τ))', () => {
  it('names lambdaMin and kernelDrift every 10 steps by default; lambdaMax only when asked', () => {
    expect(kernelRecorders().map((r) => [r.name, r.every])).toEqual([
      ['lambdaMin', 10],
      ['kernelDrift', 10],
    ]);
    expect(kernelRecorders({ every: 3, lambdaMax: false }).map((r) => [r.name, r.every])).toEqual([
      ['lambdaMin', 3],
      ['kernelDrift', 3],
    ]);
    expect(kernelRecorders({ every: 3, lambdaMax: true }).map((r) => [r.name, r.every])).toEqual([
      ['lambdaMin', 3],
      ['kernelDrift', 3],
      ['lambdaMax', 3],
    ]);
    expect(() => kernelRecorders({ every: 0 })).toThrow(
      exactMessage('invalid argument: every: expected a positive integer, got 0'),
    );
  });

  it('records from W(τ) with the problem’s activation, drift against H(0) of the problem’s W(0)', () => {
    for (const activation of ['softmax', 'relu'] as const) {
      const [lmin, drift, lmax] = kernelRecorders({ lambdaMax: true });
      const wt = perturb(net.w, 0.1, 72);
      const ev = spectrum({ H: gram({ ...net, w: wt, activation }) });
      const ctx = context(20, wt, activation);
      expect([lmin!.record(ctx), drift!.record(ctx), lmax!.record(ctx)]).toBeAllClose(
        [ev.lambdaMin, driftOf(wt, activation), ev.lambdaMax],
        TOLERANCES.float64,
      );
      expect(driftOf(wt, activation)).toBeGreaterThan(1e-3);
      expect(ctx.calls).toBe(1); // one H(τ) for the three recorders of the step
    }
  });

  it('a new step forms a new H(τ); H(0) stays that of W(0) (the first drift recorded at τ > 0)', () => {
    const [lmin, drift] = kernelRecorders({ every: 1 });
    const w1 = perturb(net.w, 0.1, 73);
    const w2 = perturb(net.w, 0.2, 74);
    const c1 = context(1, w1);
    const d1 = drift!.record(c1);
    const l1 = lmin!.record(c1);
    const c2 = context(2, w2);
    const d2 = drift!.record(c2);
    expect(lmin!.record(c2)).not.toBe(l1);
    expect([c1.calls, c2.calls]).toEqual([1, 1]);
    expect([d1, d2, l1]).toBeAllClose(
      [driftOf(w1), driftOf(w2), spectrum({ H: gram({ ...net, w: w1 }) }).lambdaMin],
      TOLERANCES.float64,
    );
  });
});
