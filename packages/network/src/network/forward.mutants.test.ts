import { exactMessage } from '@softmax-ntk/test-helpers';
/** Tests written from the mutation run (bench/results/mutation): forward names the argument with a non-finite entry. */
import { forward } from './forward';
import { randomProblem } from '../../test/fixtures';

describe('forward refuses a non-finite entry, naming the argument and the entry', () => {
  // entry 3 is [1][1] of x (3 × 2) and w (4 × 2), [0][3] of a (2 × 4)
  it.each([
    ['x', '[1][1]'],
    ['w', '[1][1]'],
    ['a', '[0][3]'],
  ] as const)('`%s`', (k, entry) => {
    const { x, w, a } = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 81 });
    const net = { x, w, a };
    const bad = { ...net[k], data: Float64Array.from(net[k].data) };
    bad.data[3] = Infinity;
    expect(() => forward({ ...net, [k]: bad })).toThrow(
      exactMessage(`invalid argument: ${k}${entry}: expected a finite number, got Infinity`),
    );
  });
});
