/**
 * Tests written from the mutation run (bench/results/mutation): crossGram for every activation against the float64
 * reference's test kernel (Appendix F), with n_te ≠ n and d_out = 3, and its message naming `xTest`.
 */
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { crossGram } from './crossGram';

describe('Appendix F: crossGram is the kernel between test and training inputs', () => {
  const net = makeNet({ n: 4, dIn: 3, dOut: 3, m: 7, seed: 21 });
  const xTest = makeNet({ n: 2, dIn: 3, dOut: 3, m: 7, seed: 22 }).x;
  it.each(['softmax', 'relu', 'exp'] as const)('%s: (n_te·d) × (n·d), each entry as the literal sum', (activation) => {
    const K = crossGram({ ...net, xTest, activation });
    expect([K.rows, K.cols]).toEqual([6, 12]);
    const want = reference.crossGram({ w: net.w, a: net.a, x1: xTest, x2: net.x, activation });
    expect(Array.from(K.data)).toBeAllClose(Array.from(want.data), TOLERANCES.float64);
  });
  it('the activation defaults to softmax', () => {
    expect(Array.from(crossGram({ ...net, xTest }).data)).toEqual(
      Array.from(crossGram({ ...net, xTest, activation: 'softmax' }).data),
    );
  });
  it('names `xTest` when its width is not d_in', () => {
    const bad = { rows: 2, cols: 2, data: new Float64Array(4) };
    expect(() => crossGram({ ...net, xTest: bad })).toThrow(
      exactMessage('invalid argument: xTest: expected d_in = 3 columns (like `w`), got 2'),
    );
  });
});
