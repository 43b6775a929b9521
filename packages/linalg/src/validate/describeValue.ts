/** How a value is shown in a validation message: one rendering for every package. */

/**
 * A short, unambiguous rendering of `v`: strings quoted (`"0.2"`, so it is not mistaken for the number),
 * numbers, booleans, `null` and `undefined` as written, arrays and objects as (cut) JSON.
 *
 * @param v - Any value.
 *
 * @example
 * ```ts
 * import { describeValue } from '@softmax-ntk/linalg';
 *
 * // Values as messages show them: a string quoted so it is not mistaken for the number
 * console.log(describeValue('0.2'), describeValue(0.2), describeValue(null), describeValue([1, 2]));
 * // → "0.2" 0.2 null [1,2]
 * ```
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'a function';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return typeof v;
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    // JSON.stringify throws on cycles.
    return Object.prototype.toString.call(v);
  }
}
