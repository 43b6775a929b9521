import { Rng, type Matrix } from '@softmax-ntk/linalg';
import type { ScoreModel } from '../model/scoreModel';
import { makeSchedule } from '../sde/schedule';
import { checkFiniteResult, NonFiniteResultError } from './nonFiniteResult';
import { scoreError } from './scoreError';

// The whole message and the error's name, which nonFiniteResult.test.ts (it checks `field` and `position`) leaves
// free; and scoreError's second check (λ-weighted), which only overflows when the unweighted mean does not.
function thrown(f: () => unknown): NonFiniteResultError {
  try {
    f();
  } catch (e) {
    if (e instanceof NonFiniteResultError) return e;
    throw e;
  }
  throw new Error('expected a NonFiniteResultError');
}

describe('NonFiniteResultError: one line naming the output, the place and the cause', () => {
  it('a vector entry (cols = 1): the row only, no column', () => {
    const e = thrown(() => checkFiniteResult('perSample', [1, 2, Number.NaN], 'a cause'));
    expect(e.name).toBe('NonFiniteResultError');
    expect(e.message).toBe('non-finite result: `perSample` row 3 is NaN (a cause)');
    expect(e.position).toEqual({ row: 3 });
  });
  it('a matrix entry: row and column, 1-based', () => {
    const e = thrown(() => checkFiniteResult('samples', [0, 1, 2, 3, -Infinity, 5], 'c', 3));
    expect(e.message).toBe('non-finite result: `samples` row 2, column 2 is -Infinity (c)');
  });
  it('a scalar: no place', () => {
    expect(thrown(() => checkFiniteResult('mmd2', Infinity, 'c')).message).toBe(
      'non-finite result: `mmd2` is Infinity (c)',
    );
  });
});

describe('scoreError: a weighted error that overflows when the unweighted one does not is refused as `weighted`', () => {
  const schedule = makeSchedule({ spec: 'linear' });
  const sampleData = (n: number, rng: Rng): Matrix => ({
    rows: n,
    cols: 2,
    data: rng.fillNormal(new Float64Array(2 * n)),
  });
  const constant = (c: number): ScoreModel => ({
    dim: 2,
    score: (_t, x) => ({ rows: x.rows, cols: x.cols, data: new Float64Array(x.data.length).fill(c) }),
  });
  it('‖s − s*‖² = 1e307 is finite, λ(t)·1e307 is not (λ = σ⁴/α² ≈ 2e4 at t = 1 on the linear schedule)', () => {
    const e = thrown(() =>
      scoreError({
        model: constant(Math.sqrt(0.5e307)),
        exact: constant(0),
        schedule,
        sampleData,
        times: 4,
        perTime: 2,
        seed: 3,
      }),
    );
    expect(e.field).toBe('weighted');
    expect(e.message).toBe(
      'non-finite result: `weighted` is Infinity (the model or the exact score returned non-finite values, or their squared difference overflows)',
    );
  });
});
