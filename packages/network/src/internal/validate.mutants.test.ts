/**
 * Tests written from the mutation run (bench/results/mutation): the network's argument validation (checkNetwork's
 * shape rules and the enumerations' defaults), each message exact, so a dropped or reordered check fails.
 */
import { ValidationError, type Matrix } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import { checkActivation, checkFinite, checkNetwork, checkPrecision } from './validate';

const M = (rows: number, cols: number): Matrix => ({ rows, cols, data: new Float64Array(rows * cols) });
const MATRIX = 'expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}';

describe('checkNetwork: w m × d_in, a d_out × m, x n × d_in, y n × d_out', () => {
  it('returns the shapes n, d_in, d_out, m', () => {
    expect(checkNetwork({ x: M(2, 4), w: M(3, 4), a: M(5, 3), y: M(2, 5) }, true)).toEqual({
      n: 2,
      dIn: 4,
      dOut: 5,
      m: 3,
    });
    // y is not looked at unless needed
    expect(checkNetwork({ x: M(2, 4), w: M(3, 4), a: M(5, 3), y: 'no' }, false)).toEqual({
      n: 2,
      dIn: 4,
      dOut: 5,
      m: 3,
    });
  });
  it.each([
    ['x', { x: 5, w: M(3, 2), a: M(1, 3) }, `x: ${MATRIX}, got 5`],
    ['w', { x: M(2, 2), w: 'w', a: M(1, 3) }, `w: ${MATRIX}, got "w"`],
    ['a', { x: M(2, 2), w: M(3, 2), a: null }, `a: ${MATRIX}, got null`],
    ['d_in = 0', { x: M(2, 0), w: M(3, 0), a: M(1, 3) }, 'x: expected at least one column (d_in ≥ 1), got 0'],
    ['m = 0', { x: M(2, 2), w: M(0, 2), a: M(1, 0) }, 'w: expected at least one row (m ≥ 1), got 0'],
    ['d_out = 0', { x: M(2, 2), w: M(3, 2), a: M(0, 3) }, 'a: expected at least one row (d_out ≥ 1), got 0'],
    ['w columns', { x: M(2, 2), w: M(3, 3), a: M(1, 3) }, 'w: expected 3 × 2 (m × d_in, d_in from `x`), got 3 × 3'],
    ['a columns', { x: M(2, 2), w: M(3, 2), a: M(1, 4) }, 'a: expected 1 × 3 (d_out × m, m from `w`), got 1 × 4'],
    ['y missing', { x: M(2, 2), w: M(3, 2), a: M(1, 3) }, `y: ${MATRIX}, got undefined`],
    [
      'y shape',
      { x: M(2, 2), w: M(3, 2), a: M(1, 3), y: M(2, 2) },
      'y: expected 2 × 1 (n × d_out, n from `x`, d_out from `a`), got 2 × 2',
    ],
  ])('%s', (_, args, message) => {
    expect(() => checkNetwork(args, true)).toThrow(ValidationError);
    expect(() => checkNetwork(args, true)).toThrow(exactMessage(`invalid argument: ${message}`));
  });
});

describe('the enumerations and finiteness', () => {
  it('activation: softmax by default, else one of the three', () => {
    expect(checkActivation(undefined)).toBe('softmax');
    expect(checkActivation('exp')).toBe('exp');
    expect(() => checkActivation('tanh')).toThrow(
      exactMessage('invalid argument: activation: expected one of "softmax", "relu", "exp", got "tanh"'),
    );
  });
  it('precision: float64 by default, else float32 or float64', () => {
    expect(checkPrecision(undefined)).toBe('float64');
    expect(checkPrecision('float32')).toBe('float32');
    expect(() => checkPrecision('float16')).toThrow(
      exactMessage('invalid argument: precision: expected one of "float32", "float64", got "float16"'),
    );
  });
  it('checkFinite names the first non-finite entry', () => {
    expect(() => checkFinite('q', { rows: 1, cols: 2, data: new Float64Array([0, NaN]) })).toThrow(
      exactMessage('invalid argument: q[0][1]: expected a finite number, got NaN'),
    );
  });
});
