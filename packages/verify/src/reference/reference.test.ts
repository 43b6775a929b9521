import { forward as fastForward, gradient as fastGradient } from '@softmax-ntk/network';
import { crossGram, gram as fastGram } from '@softmax-ntk/ntk';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { randomNet as sharedRandomNet, specExample } from '@softmax-ntk/reference';
import * as reference from './index';

// The example problem of the problem-file spec, from the shared fixtures.
const spec = specExample();

/** The shared seeded network of tooling/reference (softmax, a Rademacher: F ≠ 0). */
const randomNet = (seed: number, n = 5, dIn = 3, dOut = 2, m = 6) => sharedRandomNet(seed, 'softmax', n, dIn, dOut, m);

describe('float64 reference (Definitions 3.1–3.6 written literally)', () => {
  it('Definition 3.1: softmax rows sum to 1 and symmetric initialisation gives F = 0', () => {
    const S = reference.softmaxScores(spec);
    for (let i = 0; i < S.rows; i++)
      expect(S.data.subarray(i * 4, i * 4 + 4).reduce((u, v) => u + v, 0)).toBeAllClose(1, TOLERANCES.float64);
    expect(Array.from(reference.forward(spec).data)).toBeAllClose(new Array(6).fill(0), TOLERANCES.float64);
  });

  it('Definition 3.3 = Claim 3.4 = dual-number autodiff = central differences', () => {
    for (const seed of [1, 2, 3]) {
      const p = randomNet(seed);
      const def = reference.gradient(p);
      expect(reference.gradientClaim34(p).data).toBeAllClose(def.data, TOLERANCES.float64);
      expect(reference.gradientAutodiff(p).data).toBeAllClose(def.data, TOLERANCES.float64);
      expect(reference.gradientFiniteDifference(p).data).toBeAllClose(def.data, TOLERANCES.finiteDifference);
    }
  });

  it('the network package fast paths match the reference (forward, Claim 3.4 gradient)', () => {
    for (const seed of [4, 5]) {
      const p = randomNet(seed, 7, 4, 3, 8);
      expect(fastForward(p).data).toBeAllClose(reference.forward(p).data, TOLERANCES.float64);
      expect(fastGradient(p).data).toBeAllClose(reference.gradient(p).data, TOLERANCES.float64);
    }
  });

  it('Definition 3.6: H is symmetric PSD-looking, and the ntk package matches it (and the test kernel)', () => {
    const p = randomNet(6, 4, 3, 2, 6);
    const H = reference.gram(p);
    for (let i = 0; i < H.rows; i++)
      for (let j = 0; j < i; j++)
        expect(H.data[i * H.cols + j]).toBeAllClose(H.data[j * H.cols + i] as number, TOLERANCES.float64);
    expect(fastGram(p).data).toBeAllClose(H.data, TOLERANCES.float64);
    const xTest = randomNet(7, 3, 3, 2, 6).x;
    expect(crossGram({ ...p, xTest }).data).toBeAllClose(
      reference.testKernel({ ...p, xTest }).data,
      TOLERANCES.float64,
    );
    // x_te = x gives H back
    expect(reference.testKernel({ ...p, xTest: p.x }).data).toBeAllClose(H.data, TOLERANCES.float64);
  });
});
