import { z } from 'zod';
import {
  ValidationError,
  checkFiniteMatrix,
  checkMatrix,
  checkNonNeg,
  checkOneOf,
  checkPositiveInt,
  describeValue,
  parseWithSchema,
} from '../index';

function errorOf(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

const matrixSchema = z.array(z.array(z.number()).min(1)).min(1);
const doc = z.object({
  activation: z.enum(['softmax', 'relu']).optional(),
  W: matrixSchema,
  std: z.union([z.array(z.number().positive()), z.array(z.array(z.number().positive()))]),
  kind: z.discriminatedUnion('type', [
    z.object({ type: z.literal('a'), v: z.number().nonnegative() }),
    z.object({ type: z.literal('b') }),
  ]),
});
const ok = { W: [[1, 2]], std: [1], kind: { type: 'b' } };

describe('parseWithSchema: one line naming the field path, no coercion', () => {
  const cases: [string, unknown, string][] = [
    [
      'a string number',
      {
        ...ok,
        W: [
          [1, 2],
          [3, '0.2'],
        ],
      },
      'W[1][1]: expected a finite number, got "0.2"',
    ],
    ['null (is not 0)', { ...ok, W: [[null, 2]] }, 'W[0][0]: expected a finite number, got null'],
    ['NaN', { ...ok, W: [[1, NaN]] }, 'W[0][1]: expected a finite number, got NaN'],
    ['Infinity', { ...ok, W: [[-Infinity, 1]] }, 'W[0][0]: expected a finite number, got -Infinity'],
    ['a flat array (never flattened or nested)', { ...ok, W: [1, 2] }, 'W[0]: expected an array, got 1'],
    ['a missing field', { std: [1], kind: { type: 'b' } }, 'W: missing (expected an array)'],
    ['an empty matrix', { ...ok, W: [] }, 'W: expected at least one entry, got none'],
    ['an unknown option', { ...ok, activation: 'tanh' }, 'activation: expected one of "softmax", "relu", got "tanh"'],
    ['an unknown type', { ...ok, kind: { type: 'c' } }, 'kind.type: expected one of "a", "b", got "c"'],
    ['a bound', { ...ok, kind: { type: 'a', v: -1 } }, 'kind.v: expected a number ≥ 0, got -1'],
    ['a union, deepest branch', { ...ok, std: [[1, -2]] }, 'std[0][1]: expected a number > 0, got -2'],
    ['not an object', [1, 2], 'json: expected an object, got [1,2]'],
  ];
  it.each(cases)('%s', (_what, value, message) => {
    const e = errorOf(() => parseWithSchema(doc, value));
    expect(e.message).toBe(message);
    expect(e.field).toBe(message.split(/[[:]/)[0]);
  });

  it('returns the value when it is valid, and a root prefixes the path', () => {
    expect(parseWithSchema(doc, ok)).toEqual(ok);
    expect(errorOf(() => parseWithSchema(doc, { ...ok, W: [[1, true]] }, { root: 'problem' })).message).toBe(
      'problem.W[0][1]: expected a finite number, got true',
    );
  });

  it('makes the caller’s subclass', () => {
    class MyError extends ValidationError {}
    const e = errorOf(() => parseWithSchema(doc, {}, { error: (p, d) => new MyError(p, d) }));
    expect(e).toBeInstanceOf(MyError);
    expect(e.path).toBe('W');
    expect(e.detail).toBe('missing (expected an array)');
  });
});

describe('argument checks: the same wording, prefixed "invalid argument: "', () => {
  it('names the argument and shows the value', () => {
    expect(errorOf(() => checkPositiveInt('numNeurons', 7.5)).message).toBe(
      'invalid argument: numNeurons: expected a positive integer, got 7.5',
    );
    expect(errorOf(() => checkPositiveInt('n', '3')).message).toBe(
      'invalid argument: n: expected a positive integer, got "3"',
    );
    expect(errorOf(() => checkNonNeg('sigma', -0.5)).message).toBe(
      'invalid argument: sigma: expected a finite number ≥ 0, got -0.5',
    );
    expect(errorOf(() => checkOneOf('precision', 'float16', ['float32', 'float64'])).message).toBe(
      'invalid argument: precision: expected one of "float32", "float64", got "float16"',
    );
    expect(checkOneOf('precision', undefined, ['float32', 'float64'], 'float64')).toBe('float64');
    expect(checkNonNeg('sigma', 0)).toBe(0);
  });

  it('checks matrices: shape, then the first non-finite entry by index', () => {
    const m = { rows: 2, cols: 3, data: Float64Array.from([0, 1, 2, 3, NaN, 5]) };
    expect(errorOf(() => checkFiniteMatrix('x', m)).message).toBe(
      'invalid argument: x[1][1]: expected a finite number, got NaN',
    );
    expect(errorOf(() => checkMatrix('w', m, { cols: 2, why: 'd_in from `x`' })).message).toBe(
      'invalid argument: w: expected 2 × 2 (d_in from `x`), got 2 × 3',
    );
    expect(errorOf(() => checkMatrix('a', { rows: 2, cols: 2, data: [1, 2, 3, 4] })).message).toMatch(
      /^invalid argument: a: expected a Matrix \{rows, cols, data: Float64Array of rows·cols entries\}, got /,
    );
    expect(checkMatrix('x', m, { rows: 2, cols: 3 })).toBe(m);
  });

  it('renders values unambiguously', () => {
    expect(describeValue('1')).toBe('"1"');
    expect(describeValue(1)).toBe('1');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, [2]])).toBe('[1,[2]]');
    expect(describeValue(new Float64Array(2))).toBe('a Float64Array');
  });
});

describe('parseWithSchema: a strict object names an unknown field', () => {
  it('reports the first unknown key as the field', () => {
    const strict = z.strictObject({ a: z.number() });
    expect(errorOf(() => parseWithSchema(strict, { a: 1, heads: 2 })).message).toBe('heads: unknown field');
  });
});
