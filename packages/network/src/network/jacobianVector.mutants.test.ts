/**
 * Tests written from the mutation run (bench/results/mutation): J·u needs no labels y, and names `u` when it holds a
 * non-finite entry.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { jacobianVector } from './jacobianVector';
import { randomProblem } from '../../test/fixtures';

describe('jacobianVector', () => {
  const p = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 83 });
  const u: Matrix = { rows: 4, cols: 2, data: new Rng(84).fillNormal(new Float64Array(8)) };
  it('needs no labels: the same J·u with and without y', () => {
    const withY = jacobianVector({ ...p, u });
    const withoutY = jacobianVector({ x: p.x, w: p.w, a: p.a, u });
    expect(Array.from(withoutY.data)).toBeAllClose(Array.from(withY.data), TOLERANCES.float64);
    expect(Math.max(...Array.from(withY.data, Math.abs))).toBeGreaterThan(1e-3);
  });
  it('names `u` when it holds a non-finite entry', () => {
    const bad = { ...u, data: Float64Array.from(u.data) };
    bad.data[5] = NaN;
    expect(() => jacobianVector({ ...p, u: bad })).toThrow(
      exactMessage('invalid argument: u[2][1]: expected a finite number, got NaN'),
    );
  });
  it('names `u` when it is not a matrix', () => {
    expect(() => jacobianVector({ ...p, u: undefined } as unknown as Parameters<typeof jacobianVector>[0])).toThrow(
      exactMessage(
        'invalid argument: u: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got undefined',
      ),
    );
  });
});
