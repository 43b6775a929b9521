import { exactMessage } from '@softmax-ntk/test-helpers';
/** Tests written from the mutation run (bench/results/mutation): the gradient needs labels y of the right shape. */
import { gradient } from './gradient';
import { randomProblem } from '../../test/fixtures';

describe('gradient refuses missing or misshapen labels y', () => {
  const p = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 82 });
  it('missing y', () => {
    expect(() => gradient({ x: p.x, w: p.w, a: p.a } as Parameters<typeof gradient>[0])).toThrow(
      /^invalid argument: y: expected a Matrix \{rows, cols, data: Float64Array of rows·cols entries\}, got undefined$/,
    );
  });
  it('y of the wrong shape', () => {
    const y = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => gradient({ ...p, y })).toThrow(
      exactMessage('invalid argument: y: expected 3 × 2 (n × d_out, n from `x`, d_out from `a`), got 2 × 3'),
    );
  });
});
