/**
 * Tests written from the mutation run (bench/results/mutation): Jᵀ·v needs no labels y, and names `v` when it holds a
 * non-finite entry.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { jacobianTransposeVector } from './jacobianTransposeVector';
import { randomProblem } from '../../test/fixtures';

describe('jacobianTransposeVector', () => {
  const p = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 83 });
  const v: Matrix = { rows: 3, cols: 2, data: new Rng(84).fillNormal(new Float64Array(6)) };
  it('needs no labels: the same Jᵀ·v with and without y', () => {
    const withY = jacobianTransposeVector({ ...p, v });
    const withoutY = jacobianTransposeVector({ x: p.x, w: p.w, a: p.a, v });
    expect(Array.from(withoutY.data)).toBeAllClose(Array.from(withY.data), TOLERANCES.float64);
    expect(Math.max(...Array.from(withY.data, Math.abs))).toBeGreaterThan(1e-3);
  });
  it('names `v` when it holds a non-finite entry', () => {
    const bad = { ...v, data: Float64Array.from(v.data) };
    bad.data[5] = NaN;
    expect(() => jacobianTransposeVector({ ...p, v: bad })).toThrow(
      exactMessage('invalid argument: v[2][1]: expected a finite number, got NaN'),
    );
  });
  it('names `v` when it is not a matrix', () => {
    expect(() =>
      jacobianTransposeVector({ ...p, v: undefined } as unknown as Parameters<typeof jacobianTransposeVector>[0]),
    ).toThrow(
      exactMessage(
        'invalid argument: v: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got undefined',
      ),
    );
  });
});
