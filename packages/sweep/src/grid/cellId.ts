/**
 * Stable cell ids: a hash of the experiment's name and the canonical JSON of
 * the cell's complete parameters (defaults included), so the same cell has
 * the same id in every sweep, process and machine, and a changed default
 * gives a new id.
 */
import { sha256Hex } from '../internal/sha256';

/**
 * JSON with object keys sorted at every level; no whitespace.
 *
 * @param value - A JSON value (numbers finite; undefined object fields are dropped).
 *
 * @example
 * ```ts
 * import { canonicalJson } from '@softmax-ntk/sweep';
 *
 * console.log(canonicalJson({ b: [1, { d: 2, c: 3 }], a: 'x' })); // {"a":"x","b":[1,{"c":3,"d":2}]}
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new RangeError(`invalid argument: cannot make canonical JSON of ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * 16 hex digits of sha256(`experiment` + "\n" + canonicalJson(params)).
 *
 * @param experiment - The experiment's name.
 * @param params - The cell's complete parameters.
 *
 * @example
 * ```ts
 * import { cellId } from '@softmax-ntk/sweep';
 *
 * // the id depends on the parameters, not on the order they are written in
 * console.log(cellId('train', { m: 64, n: 4 }) === cellId('train', { n: 4, m: 64 })); // true
 * ```
 */
export function cellId(experiment: string, params: Record<string, unknown>): string {
  return sha256Hex(`${experiment}\n${canonicalJson(params)}`).slice(0, 16);
}
