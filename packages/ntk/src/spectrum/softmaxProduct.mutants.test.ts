/**
 * Tests written for the mutation run of ../internal/softmaxProduct.ts (bench/results/mutation/ntk-spectrum.json):
 * largeSpectrum.test.ts checks v ↦ H·v against the formed H on moderate logits; this one takes logits up to ~±900,
 * where exp overflows unless the row maximum is subtracted first (float64's exp overflows past ≈ 709.8), and v
 * written into an `out` that held other numbers, against gram's formed H (the literal sums of the reference there).
 */
import { initBackend, Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { softmaxProduct } from '../internal/softmaxProduct';

beforeAll(async () => {
  await initBackend();
});

describe('the structured product v ↦ H·v (Definition 3.6) at logits past exp’s range', () => {
  it('equals the formed H times v (n = 5, d_in = 3, d_out = 2, m = 12, w scaled so |x_i·w_r| reaches ~900)', () => {
    const net = makeNet({ n: 5, dIn: 3, dOut: 2, m: 12, seed: 81, symmetric: false });
    const w = { ...net.w, data: net.w.data.map((v) => 600 * v) };
    let top = 0;
    for (let i = 0; i < 5; i++)
      for (let r = 0; r < 12; r++) {
        let z = 0;
        for (let k = 0; k < 3; k++) z += net.x.data[3 * i + k]! * w.data[3 * r + k]!;
        top = Math.max(top, z);
      }
    expect(top).toBeGreaterThan(710); // the premise: exp(x_i·w_r) overflows for some logit
    const H = gram({ ...net, w });
    expect(H.data.every(Number.isFinite)).toBe(true);
    const p = softmaxProduct(w, net.a, net.x);
    const v = new Rng(82).fillNormal(new Float64Array(10));
    const want = new Float64Array(10);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) want[i] = want[i]! + H.data[i * 10 + j]! * v[j]!;
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1); // H·v is not (near) zero
    const out = new Float64Array(10).fill(7);
    p.matvec(v, out);
    expect(out).toBeAllClose(want, TOLERANCES.float64);
    // a second product with the same buffers: nothing of the first one left behind
    const v2 = new Rng(83).fillNormal(new Float64Array(10));
    const want2 = new Float64Array(10);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) want2[i] = want2[i]! + H.data[i * 10 + j]! * v2[j]!;
    p.matvec(v2, out);
    expect(out).toBeAllClose(want2, TOLERANCES.float64);
  });
});
