/**
 * Parameter specifications of the experiments: each parameter's kind, its
 * default, and one check that names the parameter and the value. The grid
 * parser validates every axis value and fixed value against these before a
 * single cell runs (or is enqueued).
 */

/** The value of one experiment parameter in a grid file: a number, a string, a boolean or null. */
export type ParamValue = number | string | boolean | null;

/** One parameter of an experiment: its description, default and the check of a value. */
export interface ParamSpec {
  /** Human description for `--help`-like listings and the README. */
  doc: string;
  /** The value a cell gets when the grid does not set the parameter. */
  default: ParamValue;
  /**
   * Returns a message (without the parameter's name) when `v` is not acceptable.
   *
   * @param v - The value to check.
   */
  check(v: unknown): string | undefined;
}

/** A value as the user wrote it; a number JSON cannot hold (1e400 parses to Infinity) is named, not shown as `null`. */
const show = (v: unknown): string =>
  typeof v === 'string'
    ? JSON.stringify(v)
    : typeof v === 'number' && !Number.isFinite(v)
      ? `${String(v)} (out of the float64 range)`
      : String(JSON.stringify(v) ?? v);

export function int(doc: string, def: number, min = -Infinity): ParamSpec {
  return {
    doc,
    default: def,
    check: (v) =>
      typeof v !== 'number' || !Number.isSafeInteger(v)
        ? `expected an integer, got ${show(v)}`
        : v < min
          ? `expected a number ≥ ${min}, got ${v}`
          : undefined,
  };
}

/** An even integer $\ge$ `min` (m under the symmetric initialisation of Definition 3.7). */
export function evenInt(doc: string, def: number, min: number): ParamSpec {
  const base = int(doc, def, min);
  return {
    doc,
    default: def,
    check: (v) =>
      base.check(v) ??
      (typeof v === 'number' && v % 2 !== 0
        ? `expected an even integer (symmetric initialisation), got ${v}`
        : undefined),
  };
}

export function num(
  doc: string,
  def: number,
  { min, exclusiveMin }: { min?: number; exclusiveMin?: number } = {},
): ParamSpec {
  return {
    doc,
    default: def,
    check: (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `expected a finite number, got ${show(v)}`;
      if (min !== undefined && v < min) return `expected a number ≥ ${min}, got ${v}`;
      if (exclusiveMin !== undefined && v <= exclusiveMin) return `expected a number > ${exclusiveMin}, got ${v}`;
      return undefined;
    },
  };
}

export function choice(doc: string, def: string, choices: readonly string[]): ParamSpec {
  return {
    doc,
    default: def,
    check: (v) =>
      typeof v === 'string' && choices.includes(v)
        ? undefined
        : `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${show(v)}`,
  };
}

/** A positive number, or the string "auto". */
export function numOrAuto(doc: string): ParamSpec {
  return {
    doc,
    default: 'auto',
    check: (v) =>
      v === 'auto' || (typeof v === 'number' && Number.isFinite(v) && v > 0)
        ? undefined
        : `expected "auto" or a number > 0, got ${show(v)}`,
  };
}
