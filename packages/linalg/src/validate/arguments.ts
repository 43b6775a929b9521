/**
 * Validation of public arguments, once at each package's edge: one {@link ValidationError} line,
 * `invalid argument: <name>: <what is wrong>`, with the same wording as the file formats' messages
 * (`invalid argument: x[3][1]: expected a finite number, got NaN`). The math below the edge is unchecked.
 */
import type { Matrix } from '../matrix/matrix';
import { describeValue } from './describeValue';
import { ValidationError } from './validationError';

/** The prefix of every argument error. */
export const ARGUMENT_PREFIX = 'invalid argument: ';

/**
 * A `ValidationError` for argument `path`: `invalid argument: <path>: <detail>` (no path: `invalid argument: <detail>`).
 *
 * @param path - The argument's field path (empty: none).
 * @param detail - What is wrong, with the value.
 *
 * @example
 * ```ts
 * import { ValidationError, argumentError } from '@softmax-ntk/linalg';
 *
 * // The error of a bad public argument
 * const e = argumentError('m', 'must be even for symmetric initialisation, got 7');
 * console.log(e instanceof ValidationError, e.message);
 * // → true invalid argument: m: must be even for symmetric initialisation, got 7
 * ```
 */
export function argumentError(path: string, detail: string): ValidationError {
  return new ValidationError(path, detail, ARGUMENT_PREFIX);
}

/**
 * `v` when it is a positive integer (1, 2, …); otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 *
 * @example
 * ```ts
 * import { checkPositiveInt } from '@softmax-ntk/linalg';
 *
 * // Returns the value when it is 1, 2, …; otherwise throws naming the argument
 * console.log(checkPositiveInt('n', 8)); // 8
 * try {
 *   checkPositiveInt('n', 2.5);
 * } catch (e) {
 *   console.log(e.message); // invalid argument: n: expected a positive integer, got 2.5
 * }
 * ```
 */
export function checkPositiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw argumentError(name, `expected a positive integer, got ${describeValue(v)}`);
  return v;
}

/**
 * `v` when it is an integer $\ge 0$; otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 *
 * @example
 * ```ts
 * import { checkNonNegInt } from '@softmax-ntk/linalg';
 *
 * console.log(checkNonNegInt('steps', 0)); // 0
 * try {
 *   checkNonNegInt('steps', -1);
 * } catch (e) {
 *   console.log(e.message); // invalid argument: steps: expected an integer ≥ 0, got -1
 * }
 * ```
 */
export function checkNonNegInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw argumentError(name, `expected an integer ≥ 0, got ${describeValue(v)}`);
  return v;
}

/**
 * `v` when it is a finite number; otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 *
 * @example
 * ```ts
 * import { checkFiniteNumber } from '@softmax-ntk/linalg';
 *
 * console.log(checkFiniteNumber('shift', -0.5)); // -0.5
 * try {
 *   checkFiniteNumber('shift', '0.5');
 * } catch (e) {
 *   console.log(e.message); // invalid argument: shift: expected a finite number, got "0.5"
 * }
 * ```
 */
export function checkFiniteNumber(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw argumentError(name, `expected a finite number, got ${describeValue(v)}`);
  return v;
}

/**
 * `v` when it is a finite number > 0; otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 *
 * @example
 * ```ts
 * import { checkPositive } from '@softmax-ntk/linalg';
 *
 * console.log(checkPositive('eta', 0.1)); // 0.1
 * try {
 *   checkPositive('eta', 0);
 * } catch (e) {
 *   console.log(e.message); // invalid argument: eta: expected a finite number > 0, got 0
 * }
 * ```
 */
export function checkPositive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw argumentError(name, `expected a finite number > 0, got ${describeValue(v)}`);
  return v;
}

/**
 * `v` when it is a finite number $\ge 0$; otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 *
 * @example
 * ```ts
 * import { checkNonNeg } from '@softmax-ntk/linalg';
 *
 * console.log(checkNonNeg('sigma', 0)); // 0
 * try {
 *   checkNonNeg('sigma', NaN);
 * } catch (e) {
 *   console.log(e.message); // invalid argument: sigma: expected a finite number ≥ 0, got NaN
 * }
 * ```
 */
export function checkNonNeg(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw argumentError(name, `expected a finite number ≥ 0, got ${describeValue(v)}`);
  return v;
}

/**
 * `v` when it is one of `options`; `undefined` gives `fallback` when one is given; otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 * @param options - The accepted values.
 * @param fallback - The value for `undefined` (none: `undefined` is refused).
 *
 * @example
 * ```ts
 * import { checkOneOf } from '@softmax-ntk/linalg';
 *
 * // One of the listed strings, or the fallback for undefined
 * const kinds = ['dense', 'lanczos'];
 * console.log(checkOneOf('method', 'lanczos', kinds), checkOneOf('method', undefined, kinds, 'dense'));
 * // → lanczos dense
 * try {
 *   checkOneOf('method', 'qr', kinds);
 * } catch (e) {
 *   console.log(e.message); // invalid argument: method: expected one of "dense", "lanczos", got "qr"
 * }
 * ```
 */
export function checkOneOf<T extends string>(name: string, v: unknown, options: readonly T[], fallback?: T): T {
  if (v === undefined && fallback !== undefined) return fallback;
  if (!(options as readonly unknown[]).includes(v))
    throw argumentError(
      name,
      `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describeValue(v)}`,
    );
  return v as T;
}

/** Options of {@link checkMatrix}. */
export interface CheckMatrixOptions {
  /** Required row count. */
  rows?: number;
  /** Required column count. */
  cols?: number;
  /** Why the shape is required, for the message (`d_in from \`x\``). */
  why?: string;
  /** Refuse non-finite entries, naming the first by index (default false). */
  finite?: boolean;
}

/**
 * `v` when it is a `Matrix` ($\mathrm{rows} \cdot \mathrm{cols}$ `Float64Array` entries) of the required shape; otherwise throws naming `name`.
 *
 * @param name - The argument's name in the message.
 * @param v - The value to check.
 * @param options - The required rows and columns, why, and whether entries must be finite.
 *
 * @example
 * ```ts
 * import { checkMatrix, matrix } from '@softmax-ntk/linalg';
 *
 * // A Matrix of the required shape, or an error naming the argument and what is wrong
 * console.log(checkMatrix('x', matrix(2, 3), { cols: 3 }).rows); // 2
 * try {
 *   checkMatrix('x', matrix(2, 2), { cols: 3, why: 'd_in columns' });
 * } catch (e) {
 *   console.log(e.message); // invalid argument: x: expected 2 × 3 (d_in columns), got 2 × 2
 * }
 * ```
 */
export function checkMatrix(name: string, v: unknown, options: CheckMatrixOptions = {}): Matrix {
  const m = v as Matrix;
  if (
    !m ||
    typeof m !== 'object' ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    m.rows < 0 ||
    m.cols < 0 ||
    !(m.data instanceof Float64Array) ||
    m.data.length !== m.rows * m.cols
  ) {
    throw argumentError(
      name,
      `expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got ${describeValue(v)}`,
    );
  }
  checkShape(name, m, options.rows, options.cols, options.why);
  if (options.finite) checkFiniteMatrix(name, m);
  return m;
}

/**
 * Throws naming `name` unless `m` is `rows` × `cols` (an undefined count is not checked).
 *
 * @param name - The argument's name in the message.
 * @param m - The matrix to check.
 * @param rows - The required number of rows (undefined: not checked).
 * @param cols - The required number of columns (undefined: not checked).
 * @param why - Added to the message: why the shape is required.
 *
 * @example
 * ```ts
 * import { checkShape, matrix } from '@softmax-ntk/linalg';
 *
 * // Throws when the rows or columns differ from the required ones
 * try {
 *   checkShape('a', matrix(1, 4), 2, 4, 'd_out × m');
 * } catch (e) {
 *   console.log(e.message); // invalid argument: a: expected 2 × 4 (d_out × m), got 1 × 4
 * }
 * ```
 */
export function checkShape(name: string, m: Matrix, rows?: number, cols?: number, why?: string): void {
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    throw argumentError(
      name,
      `expected ${rows ?? m.rows} × ${cols ?? m.cols}${why ? ` (${why})` : ''}, got ${m.rows} × ${m.cols}`,
    );
  }
}

/**
 * Throws at the first non-finite entry of `m`, naming it: `invalid argument: x[3][1]: expected a finite number, got NaN`.
 *
 * @param name - The argument's name in the message.
 * @param m - The matrix to check.
 *
 * @example
 * ```ts
 * import { checkFiniteMatrix, matrix } from '@softmax-ntk/linalg';
 *
 * // Names the first non-finite entry by its row and column
 * try {
 *   checkFiniteMatrix('x', matrix(2, 2, new Float64Array([0, 1, NaN, 2])));
 * } catch (e) {
 *   console.log(e.message); // invalid argument: x[1][0]: expected a finite number, got NaN
 * }
 * ```
 */
export function checkFiniteMatrix(name: string, m: Matrix): void {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      throw argumentError(
        `${name}[${Math.floor(k / m.cols)}][${k % m.cols}]`,
        `expected a finite number, got ${describeValue(d[k])}`,
      );
    }
  }
}
