import { Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gram } from './gram';
import { gramOperator } from './gramOperator';

describe('matrix-free H·v', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it(`${activation}: equals the dense H times v, with and without chunking`, () => {
      const net = makeNet({ n: 13, dIn: 3, dOut: 2, m: 40, seed: 11 });
      const H = gram({ ...net, activation });
      const v = new Rng(5).fillNormal(new Float64Array(26)) as Float64Array;
      const dense = new Float64Array(26);
      for (let i = 0; i < 26; i++)
        for (let j = 0; j < 26; j++)
          dense[i] = (dense[i] as number) + (H.data[i * 26 + j] as number) * (v[j] as number);
      for (const chunkSize of [undefined, 1, 4, 13]) {
        const op = gramOperator({ ...net, activation, chunkSize });
        expect(op.size).toBe(26);
        const out = new Float64Array(26);
        op.matvec(v, out);
        expect(out).toBeAllClose(dense, TOLERANCES.float64);
      }
    });
  }
  it('rejects a bad chunk size', () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 4 });
    expect(() => gramOperator({ ...net, chunkSize: 0 })).toThrow(
      'invalid argument: chunkSize: expected a positive integer, got 0',
    );
  });
});
