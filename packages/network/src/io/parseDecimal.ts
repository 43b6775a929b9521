/**
 * The one number syntax of CSV cells: a decimal float as JSON writes it
 * (optional sign, digits with an optional fraction, an optional exponent).
 * JavaScript's other number forms — `0x10`, `0b1`, `0o7`, `Infinity`, `1_000`,
 * an empty cell (which `Number` reads as 0) — are refused, never coerced.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a decimal cell, or undefined when the cell is not one (including a decimal out of the float64 range). */
export function parseDecimal(cell: string): number | undefined {
  const s = cell.trim();
  if (!DECIMAL.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** True when the cell is written as a number at all (even one out of range): used to tell a header row from data. */
export function looksNumeric(cell: string): boolean {
  return DECIMAL.test(cell.trim()) || /^[+-]?(?:0[xob][0-9a-f]+|infinity|nan)$/i.test(cell.trim());
}
