/**
 * Numbers too large (or small) for float64, kept as their natural logarithm.
 * The constants of Gu, Li, Liang, Shi, Song (2024) contain exp(18B) with
 * $B \ge 10$, far beyond 1.8e308; everything is computed as a sum of logarithms
 * and converted to a decimal $\mathrm{mantissa} \cdot 10^{\mathrm{exponent}}$ only for display.
 */
export interface LogNumber {
  /** log10 of the value (the value itself is positive). */
  log10: number;
  /** The value as a float64 when it is between 1e-300 and 1e300, else null (never Infinity or 0 by underflow). */
  value: number | null;
  /** `mantissa·10^exponent` with 4 significant digits, e.g. `3.142·10^1234`; plain decimal for moderate values. */
  text: string;
}

const LN10 = Math.log(10);

/** A LogNumber from a natural logarithm. */
export function fromLn(ln: number): LogNumber {
  const log10 = ln / LN10;
  return { log10, value: Math.abs(log10) < 300 ? Math.exp(ln) : null, text: formatLog10(log10) };
}

/**
 * `mantissa·10^exponent` for a value given by its log10.
 *
 * @param log10 - log10 of the value.
 * @param digits - Significant digits of the mantissa (default 4).
 *
 * @example
 * ```ts
 * import { formatLog10 } from '@softmax-ntk/verify';
 *
 * // Numbers beyond float64's range, by their log10: the paper's exp(10B) for B = 26.4 is 10^114.7
 * console.log(formatLog10((10 * 26.4) / Math.LN10), formatLog10(-2.5, 3)); // 4.506·10^114 0.00316
 * ```
 */
export function formatLog10(log10: number, digits = 4): string {
  if (!Number.isFinite(log10)) return log10 > 0 ? 'overflow' : '0';
  if (log10 > -4 && log10 < 6) return Number((10 ** log10).toPrecision(digits)).toString();
  let exponent = Math.floor(log10);
  let mantissa = 10 ** (log10 - exponent);
  if (Number(mantissa.toPrecision(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa.toPrecision(digits)}·10^${exponent}`;
}

/** Format a float64 for reports: 4 significant digits, scientific outside [1e-3, 1e6). */
export function fmt(x: number, digits = 4): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return Number(x.toPrecision(digits)).toString();
  return formatLog10(Math.log10(a), digits).replace(/^/, x < 0 ? '−' : '');
}
