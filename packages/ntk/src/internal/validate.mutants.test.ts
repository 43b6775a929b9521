/**
 * Tests written for the mutation run of validate.ts (bench/results/mutation/ntk-gram.json): the ntk's argument
 * checks called directly — each refusal pinned by its whole message (which argument, what was expected, what came),
 * each acceptance by the exact value returned. The public functions' own tests pin a few of these messages through
 * gram, crossGram and gramOperator; these pin the rest of the rules in one place.
 */
import { ValidationError } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import { checkMatrix, checkNet, checkPrecision } from './validate';

const mat = (rows: number, cols: number) => ({ rows, cols, data: new Float64Array(rows * cols) });

describe('checkMatrix: a Matrix, or a refusal naming the argument', () => {
  it('returns the very object it was given', () => {
    const w = mat(2, 3);
    expect(checkMatrix('w', w)).toBe(w);
  });

  it('refuses a non-Matrix with the name and what came', () => {
    expect(() => checkMatrix('w', [1, 2])).toThrow(
      exactMessage(
        'invalid argument: w: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got [1,2]',
      ),
    );
    // rows·cols ≠ data.length; and the error is linalg's one ValidationError
    const bad = { rows: 1, cols: 2, data: new Float64Array(3) };
    expect(() => checkMatrix('xTest', bad)).toThrow(
      exactMessage(
        'invalid argument: xTest: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got {"rows":1,"cols":2,"data":{"0":0,"1":0,"2":0}}',
      ),
    );
    expect(() => checkMatrix('xTest', bad)).toThrow(ValidationError);
  });
});

describe('checkPrecision: "float64" by default, "float32" or "float64" else', () => {
  it('takes both precisions and defaults to float64', () => {
    expect(checkPrecision(undefined)).toBe('float64');
    expect(checkPrecision('float64')).toBe('float64');
    expect(checkPrecision('float32')).toBe('float32');
  });

  it('refuses anything else, listing the two', () => {
    expect(() => checkPrecision('float16')).toThrow(
      exactMessage('invalid argument: precision: expected one of "float32", "float64", got "float16"'),
    );
    expect(() => checkPrecision('')).toThrow(
      exactMessage('invalid argument: precision: expected one of "float32", "float64", got ""'),
    );
  });
});

describe('checkNet: w m × d_in, a d_out × m, every input n × d_in', () => {
  it('returns m, d_in and d_out of the network', () => {
    expect(checkNet({ w: mat(5, 3), a: mat(2, 5) }, { x: mat(4, 3), xTest: mat(1, 3) })).toEqual({
      m: 5,
      dIn: 3,
      dOut: 2,
    });
    expect(checkNet({ w: mat(4, 1), a: mat(3, 4) }, {})).toEqual({ m: 4, dIn: 1, dOut: 3 });
  });

  it('checks w, then a, each as a Matrix named', () => {
    expect(() => checkNet({ w: null, a: null }, {})).toThrow(
      exactMessage(
        'invalid argument: w: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got null',
      ),
    );
    expect(() => checkNet({ w: mat(2, 2), a: 7 }, {})).toThrow(
      exactMessage(
        'invalid argument: a: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got 7',
      ),
    );
  });

  it('refuses a whose columns are not the rows of w, with both counts', () => {
    expect(() => checkNet({ w: mat(5, 3), a: mat(2, 4) }, { x: mat(1, 3) })).toThrow(
      exactMessage('invalid argument: a: expected m = 5 columns (one per row of `w`), got 4'),
    );
  });

  it('checks every input by its own name: a non-Matrix, then its d_in', () => {
    const net = { w: mat(5, 3), a: mat(2, 5) };
    expect(() => checkNet(net, { x: mat(4, 3), xTest: 'x' })).toThrow(
      exactMessage(
        'invalid argument: xTest: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got "x"',
      ),
    );
    expect(() => checkNet(net, { x: mat(4, 3), xTest: mat(2, 4) })).toThrow(
      exactMessage('invalid argument: xTest: expected d_in = 3 columns (like `w`), got 4'),
    );
    expect(() => checkNet(net, { x: mat(4, 2), xTest: mat(2, 4) })).toThrow(
      exactMessage('invalid argument: x: expected d_in = 3 columns (like `w`), got 2'),
    );
  });
});
