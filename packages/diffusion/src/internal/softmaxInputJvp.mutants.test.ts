import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { softmaxInputJvp } from './softmaxInputJvp';

// m = 3 neurons, d_in = 2, d_out = 2, written out by hand. Logits z = Wx hundreds apart make S one-hot in float64
// (exp(−700) = 0 beside 1): then F = m·a_{:,r*} for the network, F = 0 for the NTK predictor (S ∘ G − S q cancels),
// and every JVP is 0 (dS = S ∘ (dz − ⟨S, dz⟩) = 0) — unless the softmax does not subtract the largest logit
// (exp(+700 …) overflows to ∞/∞).
const w = { rows: 3, cols: 2, data: Float64Array.from([10, 0, 0, 10, -10, -10]) };
const a = { rows: 2, cols: 3, data: Float64Array.from([1, -2, 0.5, 3, 0.25, -1]) };
const u = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, -0.3, 0.4, 0.5, -0.6]) };
const dirs = [{ rows: 3, cols: 2, data: Float64Array.from([1, 0, 0, 1, 0.5, -0.5]) }];

describe('the softmax network and its NTK predictor where the softmax is one-hot', () => {
  // row 0: z = (800, −300, −500) → neuron 0; row 1: z = (−200, 700, −500) → neuron 1 (the first logit is not the
  // largest); row 2: z = (−900, −800, 1700) → neuron 2 (the last)
  const x = { rows: 3, cols: 2, data: Float64Array.from([80, -30, -20, 70, -90, -80]) };

  it('network: F = m·a_{:,r*}, ∂F/∂x·v = 0', () => {
    const r = softmaxInputJvp({ w, a, x, directions: dirs });
    expect(r.F.data).toBeAllClose([3 * 1, 3 * 3, 3 * -2, 3 * 0.25, 3 * 0.5, 3 * -1], TOLERANCES.float64);
    expect([r.F.rows, r.F.cols, r.jvp[0]!.rows, r.jvp[0]!.cols]).toEqual([3, 2, 3, 2]);
    expect(r.jvp[0]!.data).toBeAllClose(new Float64Array(6), TOLERANCES.float64);
  });

  it('NTK predictor: F = 0 and its JVP m(a·(S ∘ dG) − P·⟨S, dG⟩) = 0 as well', () => {
    const r = softmaxInputJvp({ w, a, u, x, directions: dirs });
    expect(r.F.data).toBeAllClose(new Float64Array(6), TOLERANCES.float64);
    expect(r.jvp[0]!.data).toBeAllClose(new Float64Array(6), TOLERANCES.float64);
  });

  it('a softmax of two equal logits, by hand: S = (½, ½, 0), the NTK predictor and its JVP', () => {
    // x = (1, 1): z = (10, 10, −20); S = (½, ½, e^{−30}/(…)) ≈ (½, ½, 9.4e-14)
    const one = { rows: 1, cols: 2, data: Float64Array.from([1, 1]) };
    const v = { rows: 1, cols: 2, data: Float64Array.from([1, 0]) };
    const e = Math.exp(-30);
    const S = [1 / (2 + e), 1 / (2 + e), e / (2 + e)];
    const G = [0.1 + 0.2, -0.3 + 0.4, 0.5 - 0.6];
    const dz = [10, 0, -10];
    const dG = [0.1, -0.3, 0.5];
    const mu = S.reduce((s, p, r) => s + p * dz[r]!, 0);
    const dS = S.map((p, r) => p * (dz[r]! - mu));
    const q = S.reduce((s, p, r) => s + p * G[r]!, 0);
    const dq = S.reduce((s, p, r) => s + dS[r]! * G[r]! + p * dG[r]!, 0);
    const row = (l: number, f: (r: number) => number) => [0, 1, 2].reduce((s, r) => s + a.data[3 * l + r]! * f(r), 0);
    const F = [0, 1].map((l) => 3 * (row(l, (r) => S[r]! * G[r]!) - row(l, (r) => S[r]!) * q));
    const J = [0, 1].map(
      (l) =>
        3 * (row(l, (r) => dS[r]! * G[r]! + S[r]! * dG[r]!) - row(l, (r) => dS[r]!) * q - row(l, (r) => S[r]!) * dq),
    );
    const r = softmaxInputJvp({ w, a, u, x: one, directions: [v] });
    expect(r.F.data).toBeAllClose(F, TOLERANCES.float64);
    expect(r.jvp[0]!.data).toBeAllClose(J, TOLERANCES.float64);
    const nn = softmaxInputJvp({ w, a, x: one, directions: [v] });
    expect(nn.F.data).toBeAllClose(
      [0, 1].map((l) => 3 * row(l, (r) => S[r]!)),
      TOLERANCES.float64,
    );
    expect(nn.jvp[0]!.data).toBeAllClose(
      [0, 1].map((l) => 3 * row(l, (r) => dS[r]!)),
      TOLERANCES.float64,
    );
  });
});
