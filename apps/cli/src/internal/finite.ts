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
