/**
 * Outputs are checked before they are printed or written: a non-finite number is
 * an error naming where it appeared (exit 1), never a `null` in JSON or a `NaN`
 * in a CSV with exit 0.
 */
import { CliError } from './errors';

/** Throw naming `where` and the first non-finite entry (row, column for a matrix) with the likely cause. */
export function checkFinite(
  where: string,
  value: number | { rows: number; cols: number; data: ArrayLike<number> },
  cause = 'the values overflow float64',
): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CliError(`non-finite result: ${where} is ${value} (${cause})`);
    return;
  }
  const { cols, data } = value;
  for (let k = 0; k < data.length; k++) {
    const v = data[k] as number;
    if (!Number.isFinite(v))
      throw new CliError(`non-finite result: ${where}[${Math.floor(k / cols)}][${k % cols}] is ${v} (${cause})`);
  }
}

/**
 * Throw naming the JSON path (`mmd2.value`, `perSample[3]`) of the first non-finite number anywhere in a
 * result object about to be printed or written (arrays, typed arrays and plain objects are walked; `null`
 * is an absent value, not a number).
 */
export function checkFiniteTree(where: string, value: unknown, cause: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CliError(`non-finite result: ${where} is ${value} (${cause})`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = value as ArrayLike<unknown>;
    for (let k = 0; k < items.length; k++) checkFiniteTree(`${where}[${k}]`, items[k], cause);
    return;
  }
  for (const [key, v] of Object.entries(value)) checkFiniteTree(where ? `${where}.${key}` : key, v, cause);
}
