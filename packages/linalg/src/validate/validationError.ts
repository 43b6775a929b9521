/**
 * The one error of bad input in softmax-ntk: every file format (problem, target, model, attention, grid, CSV data)
 * and every public argument is refused with a `ValidationError` (or a subclass kept for its package's API, such as
 * network's `ProblemError`) whose message is one line, `<path>: <what is wrong>`.
 */

/**
 * Bad input, one line naming where (`path`) and what is wrong (`detail`).
 *
 * @example
 * ```ts
 * import { ValidationError } from '@softmax-ntk/linalg';
 *
 * // One line naming where and what: path, field (the path without indices) and detail
 * const e = new ValidationError('w[3][1]', 'expected a finite number, got "0.2"');
 * console.log(e.message, '|', e.field, '|', e.detail);
 * // → w[3][1]: expected a finite number, got "0.2" | w | expected a finite number, got "0.2"
 * ```
 */
export class ValidationError extends Error {
  /** The class name that messages and `error.name` show. */
  override name = 'ValidationError';
  /** Where the defect is: a field path such as `w[3][1]`, `weights`, `data.csv: row 4, column 2`, or `json`. */
  readonly path: string;
  /**
   * The field of `path` without indices (`w` for `w[3][1]`, `network.w` for `network.w[0][1]`); `json` for a
   * document that is not valid JSON or not an object.
   */
  readonly field: string;
  /** What is wrong, without the path: `expected a finite number, got "0.2"`. */
  readonly detail: string;
  /**
   * @param path - where the defect is (see {@link ValidationError.path}).
   * @param detail - what is wrong.
   * @param prefix - put before the path in the message: `"invalid argument: "` for a public argument.
   * @param field - the field, when it is not the start of `path` (a data file named by a target's `path`).
   */
  constructor(path: string, detail: string, prefix = '', field?: string) {
    super(path === '' ? `${prefix}${detail}` : `${prefix}${path}: ${detail}`);
    this.path = path;
    this.detail = detail;
    this.field = field ?? /^[^[:\s]*/.exec(path)?.[0] ?? path;
  }
}

/** A path segment appended to a field path: `[3]` for an index, `.name` for a key. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
