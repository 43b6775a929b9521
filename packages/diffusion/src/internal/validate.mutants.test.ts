import { ValidationError } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import { checkMatrix, checkTimes, fail, show } from './validate';

describe("the diffusion package's validation edge", () => {
  it('checkTimes: T₀ < T, both positive and finite, named in the message', () => {
    expect(checkTimes(0.01, 1)).toEqual({ t0: 0.01, T: 1 });
    expect(() => checkTimes(1, 1)).toThrow(ValidationError);
    expect(() => checkTimes(1, 1)).toThrow(
      exactMessage('invalid argument: t0: expected a number smaller than T = 1 (T₀ < T), got 1'),
    );
    expect(() => checkTimes(2, 1.5)).toThrow(
      exactMessage('invalid argument: t0: expected a number smaller than T = 1.5 (T₀ < T), got 2'),
    );
    expect(() => checkTimes(0.1, 0)).toThrow(/^invalid argument: T: /);
    expect(() => checkTimes(0, 1)).toThrow(/^invalid argument: t0: /);
  });

  it('checkMatrix: a Matrix, with the column count when asked', () => {
    const m = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(checkMatrix('x', m)).toBe(m);
    expect(checkMatrix('x', m, 3)).toBe(m);
    expect(() => checkMatrix('x', m, 2)).toThrow(ValidationError);
    expect(() => checkMatrix('x', m, 2)).toThrow(/^invalid argument: x: .*2/);
    expect(() => checkMatrix('y', [1, 2])).toThrow(/^invalid argument: y: expected a Matrix/);
  });

  it('fail: a ValidationError with the message alone; show: values as the messages print them', () => {
    expect(() => fail('`n` must be even, got 7')).toThrow(ValidationError);
    expect(() => fail('`n` must be even, got 7')).toThrow(exactMessage('invalid argument: `n` must be even, got 7'));
    expect(show('1')).toBe('"1"');
    expect(show(-0)).toBe('-0');
  });
});
