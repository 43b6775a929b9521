import { ValidationError } from '@softmax-ntk/linalg';
import { checkMatrix, checkTimes, fail, show } from './validate';

/** The message of what `f` throws, which must be a ValidationError. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe("the diffusion package's validation edge", () => {
  it('checkTimes: T₀ < T, both positive and finite, named in the message', () => {
    expect(checkTimes(0.01, 1)).toEqual({ t0: 0.01, T: 1 });
    expect(messageOf(() => checkTimes(1, 1))).toBe(
      'invalid argument: t0: expected a number smaller than T = 1 (T₀ < T), got 1',
    );
    expect(messageOf(() => checkTimes(2, 1.5))).toBe(
      'invalid argument: t0: expected a number smaller than T = 1.5 (T₀ < T), got 2',
    );
    expect(messageOf(() => checkTimes(0.1, 0))).toMatch(/^invalid argument: T: /);
    expect(messageOf(() => checkTimes(0, 1))).toMatch(/^invalid argument: t0: /);
  });

  it('checkMatrix: a Matrix, with the column count when asked', () => {
    const m = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(checkMatrix('x', m)).toBe(m);
    expect(checkMatrix('x', m, 3)).toBe(m);
    expect(messageOf(() => checkMatrix('x', m, 2))).toMatch(/^invalid argument: x: .*2/);
    expect(messageOf(() => checkMatrix('y', [1, 2]))).toMatch(/^invalid argument: y: expected a Matrix/);
  });

  it('fail: a ValidationError with the message alone; show: values as the messages print them', () => {
    expect(messageOf(() => fail('`n` must be even, got 7'))).toBe('invalid argument: `n` must be even, got 7');
    expect(show('1')).toBe('"1"');
    expect(show(-0)).toBe('-0');
  });
});
