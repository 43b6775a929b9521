import { fromRows, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import * as reference from './index';
import type { ReferenceNet } from './index';
import { randomNet, specExample } from './fixtures';

const spec = specExample();

/** J (nd × m·d_in, rows ℓ·n + i) by central differences of the literal forward pass. */
function jacobianFiniteDifference(net: ReferenceNet, h = 6e-6): Matrix {
  const F0 = reference.forward(net);
  const n = F0.rows;
  const d = F0.cols;
  const P = net.w.data.length;
  const J = new Float64Array(n * d * P);
  const w = { ...net.w, data: Float64Array.from(net.w.data) };
  for (let p = 0; p < P; p++) {
    const orig = w.data[p]!;
    w.data[p] = orig + h;
    const up = reference.forward({ ...net, w });
    w.data[p] = orig - h;
    const down = reference.forward({ ...net, w });
    w.data[p] = orig;
    for (let i = 0; i < n; i++)
      for (let l = 0; l < d; l++) J[(l * n + i) * P + p] = (up.data[i * d + l]! - down.data[i * d + l]!) / (2 * h);
  }
  return { rows: n * d, cols: P, data: J };
}

describe('the float64 reference (Definitions 3.1–3.6 written literally) is self-consistent', () => {
  it('Definition 3.1: softmax rows sum to 1 and the symmetric initialisation gives F = 0', () => {
    const S = reference.softmaxScores(spec);
    for (let i = 0; i < S.rows; i++)
      expect(S.data.subarray(i * 4, i * 4 + 4).reduce((u, v) => u + v, 0)).toBeAllClose(1, TOLERANCES.float64);
    expect(reference.forward(spec).data).toBeAllClose(new Array(6).fill(0), TOLERANCES.float64);
  });

  it('Definition 3.1 on the spec example: F = m⟨a_ℓ, exp(Wᵀx)⟩/⟨exp(Wᵀx), 1⟩ with a non-symmetric a, by hand', () => {
    const a = fromRows([
      [1, 0, 0, 0],
      [0, 0, 2, 0],
    ]);
    const F = reference.forward({ ...spec, a });
    // x_0 = (0.1, −0.3): logits 0.39, 0.39, 0.05, 0.05
    const e1 = Math.exp(0.03 + 0.36);
    const e2 = Math.exp(0.08 - 0.03);
    expect([F.data[0], F.data[1]]).toBeAllClose([(4 * e1) / (2 * e1 + 2 * e2), (4 * 2 * e2) / (2 * e1 + 2 * e2)], {
      rtol: 1e-14,
      atol: 0,
    });
  });

  it('Definition 3.3 = Claim 3.4 = dual-number autodiff = central differences (softmax)', () => {
    for (const seed of [1, 2, 3]) {
      const p = randomNet(seed, 'softmax');
      const def = reference.gradient(p);
      expect(reference.gradientClaim34(p).data).toBeAllClose(def.data, TOLERANCES.float64);
      expect(reference.gradientAutodiff(p).data).toBeAllClose(def.data, TOLERANCES.float64);
      expect(reference.gradientFiniteDifference(p).data).toBeAllClose(def.data, TOLERANCES.finiteDifference);
    }
  });

  it.each(['relu', 'exp'] as const)('baseline %s: the chain-rule gradient equals central differences', (act) => {
    const p = randomNet(4, act);
    expect(reference.gradient(p).data).toBeAllClose(
      reference.gradientFiniteDifference(p).data,
      TOLERANCES.finiteDifference,
    );
  });

  it.each(['softmax', 'relu', 'exp'] as const)(
    'Definition 3.6 (%s): H = J·Jᵀ (J by central differences), and H = testKernel(x_te = x)',
    (act) => {
      const p = randomNet(5, act, 4, 3, 2, 6);
      const J = jacobianFiniteDifference(p);
      const JJt = new Float64Array(J.rows * J.rows);
      for (let r = 0; r < J.rows; r++)
        for (let c = 0; c < J.rows; c++) {
          let s = 0;
          for (let k = 0; k < J.cols; k++) s += J.data[r * J.cols + k]! * J.data[c * J.cols + k]!;
          JJt[r * J.rows + c] = s;
        }
      const H = reference.gram(p);
      // The paper's H for softmax carries 1/m in front (Definition 3.6) where J·Jᵀ of F = m⟨a, S⟩ has none.
      const scale = act === 'softmax' ? 1 / p.w.rows : 1;
      expect(H.data).toBeAllClose(
        Array.from(JJt, (v) => v * scale),
        TOLERANCES.finiteDifference,
      );
      expect(reference.testKernel({ ...p, xTest: p.x }).data).toBeAllClose(H.data, TOLERANCES.float64);
      expect(reference.crossGram({ ...p, x1: p.x, x2: p.x }).data).toBeAllClose(H.data, TOLERANCES.float64);
    },
  );

  it('gradientAutodiff refuses the baselines', () => {
    expect(() => reference.gradientAutodiff(randomNet(1, 'relu'))).toThrow('softmax network only');
  });
});
