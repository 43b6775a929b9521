/**
 * Tests written from the mutation run (bench/results/mutation): gramOperator's defaults (softmax, the automatic
 * chunk) against the float64 reference's H, that matvec writes exactly `size` entries of `out`, and its message
 * for an `x` of the wrong width.
 */
import { Rng } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gramOperator } from './gramOperator';

describe('matrix-free H·v: defaults and bounds', () => {
  const net = makeNet({ n: 5, dIn: 3, dOut: 2, m: 6, seed: 31 });
  const v = new Rng(32).fillNormal(new Float64Array(10));

  it('with no activation and no chunk size it is the softmax H of Definition 3.6 (literal sums) times v', () => {
    const H = reference.gram({ w: net.w, a: net.a, x: net.x });
    const want = Array.from({ length: 10 }, (_, i) => {
      let s = 0;
      for (let j = 0; j < 10; j++) s += H.data[i * 10 + j]! * v[j]!;
      return s;
    });
    const op = gramOperator({ w: net.w, a: net.a, x: net.x });
    expect(op.size).toBe(10);
    const out = new Float64Array(10);
    op.matvec(v, out);
    expect(Array.from(out)).toBeAllClose(want, TOLERANCES.float64);
  });

  it('writes the first `size` entries of `out` and nothing past them', () => {
    const out = new Float64Array(12).fill(7);
    gramOperator({ ...net, chunkSize: 5 }).matvec(v, out);
    expect([out[10], out[11]]).toEqual([7, 7]);
    expect(out.subarray(0, 10).every((x) => x !== 7 && Number.isFinite(x))).toBe(true);
  });

  it('names `x` when its width is not d_in', () => {
    const x = { rows: 5, cols: 2, data: new Float64Array(10) };
    expect(() => gramOperator({ ...net, x })).toThrow(
      exactMessage('invalid argument: x: expected d_in = 3 columns (like `w`), got 2'),
    );
  });
});
