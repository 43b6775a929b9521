/**
 * Tests written for the mutation run (bench/results/mutation) of choleskyFactor.ts: the whole refusal messages
 * (the other tests match only their first words, so the message's hint emptied or its NaN branch forced survived),
 * the error's `name`, and the WebAssembly memory given back when the factorisation fails (the catch block emptied:
 * every other test still passed, the leak being invisible to results).
 */
import { fromRows } from '../matrix/matrix';
import { acquireKernels, releaseKernels } from '../wasm/kernels';
import { choleskyFactor, NotPositiveDefiniteError } from './choleskyFactor';
import { argumentError } from '../validate/arguments';

/** The error `fn` throws (fails the test if it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('choleskyFactor: refusals', () => {
  it('a negative pivot: the whole message, the pivot, its value and the name', () => {
    // [[1, 2], [2, 1]]: the second pivot is 1 − 2² = −3 (exact in floating point).
    const e = thrown(() =>
      choleskyFactor({
        a: fromRows([
          [1, 2],
          [2, 1],
        ]),
      }),
    ) as NotPositiveDefiniteError;
    expect(e).toBeInstanceOf(NotPositiveDefiniteError);
    expect(e.name).toBe('NotPositiveDefiniteError');
    expect(e.pivot).toBe(1);
    expect(e.value).toBe(-3);
    expect(e.message).toBe(
      'matrix is not positive definite: pivot 1 is -3 (must be > 0); pass `jitter` to factor A + jitter·I',
    );
  });

  it('a NaN pivot: the message says the input contains NaN', () => {
    const e = thrown(() =>
      choleskyFactor({
        a: fromRows([
          [4, 0],
          [NaN, 1],
        ]),
      }),
    ) as NotPositiveDefiniteError;
    expect(e.pivot).toBe(1);
    expect(e.value).toBeNaN();
    expect(e.message).toBe('matrix is not positive definite: pivot 1 is NaN (must be > 0); the input contains NaN');
  });

  it('jitter: must be finite and ≥ 0 (0 is accepted), named with its value', () => {
    const a = fromRows([[4]]);
    for (const jitter of [-1e-300, Infinity, NaN]) {
      expect(() => choleskyFactor({ a, jitter })).toThrow(
        argumentError('jitter', `must be a finite number ≥ 0, got ${jitter}`),
      );
    }
    const f = choleskyFactor({ a, jitter: 0 });
    expect(Array.from(f.factor().data)).toEqual([2]);
    expect(f.jitter).toBe(0);
    f.dispose();
  });

  it('a failed factorisation gives its kernels instance back to the pool', () => {
    // This file's module registry has its own pool: put exactly one instance in it, big enough for n = 2.
    const bytes = 8 * (2 * 2 + 2 * 64 + 2 * 2);
    const k0 = acquireKernels('f64', bytes, 'the test');
    releaseKernels('f64', k0);
    expect(() =>
      choleskyFactor({
        a: fromRows([
          [1, 2],
          [2, 1],
        ]),
      }),
    ).toThrow(NotPositiveDefiniteError);
    // choleskyFactor took k0; given back, it is what the next acquire gets (a leak would make a new instance).
    const k1 = acquireKernels('f64', bytes, 'the test');
    expect(k1).toBe(k0);
    releaseKernels('f64', k1);
  });
});
