/**
 * JSON text for float64 values that round-trips exactly (used by problem files
 * and checkpoints). Atomic writing is `writeFileAtomic` of `@softmax-ntk/linalg/node`.
 */

/** JSON for a float64 matrix, one row per line (numbers round-trip exactly). */
export function rowsToJson(rows: ArrayLike<number>[] | number[][], indent: string): string {
  if (rows.length === 0) return '[]';
  const lines = Array.from(rows, (r) => `${indent}  [${Array.from(r).map(numberToJson).join(', ')}]`);
  return `[\n${lines.join(',\n')}\n${indent}]`;
}

/** A finite number in the shortest text that parses back to the same double (JSON.stringify's form). */
export function numberToJson(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot write non-finite number ${v} to JSON`);
  return Object.is(v, -0) ? '-0' : JSON.stringify(v);
}
