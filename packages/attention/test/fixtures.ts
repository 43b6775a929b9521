/** Seeded random attention problems for the tests. */
import { Rng } from '@softmax-ntk/linalg';
import type { AttentionProblem, Scaling } from '../src/problem/problem';

export function randomProblem(o: {
  N?: number;
  d?: number;
  n?: number;
  H?: number;
  dh?: number;
  seed?: number;
  scaling?: Scaling;
  temperature?: number;
  sigma?: number;
}): AttentionProblem {
  const N = o.N ?? 2;
  const d = o.d ?? 3;
  const n = o.n ?? 4;
  const H = o.H ?? 2;
  const dh = o.dh ?? 2;
  const rng = new Rng(o.seed ?? 1);
  const sigma = o.sigma ?? 0.7;
  const normal = (len: number, std = 1) => {
    const a = new Float64Array(len);
    rng.fillNormal(a, 0, std);
    return a;
  };
  return {
    shape: { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh },
    x: normal(N * d * n),
    y: normal(N * d * n),
    wk: normal(H * dh * d, sigma),
    wq: normal(H * dh * d, sigma),
    wv: normal(H * d * d, sigma),
    scaling: o.scaling ?? 'ntk',
    temperature: o.temperature ?? Math.sqrt(dh),
  };
}
