/**
 * Input checks of the live demos, run before any work starts: each bad field gives one line naming the field, the
 * allowed range and the value it got (the project's message form), shown in the page instead of starting a run.
 */

export interface FieldRule {
  /** The name shown to the reader (the control's label). */
  label: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** Even whole numbers only (m with the symmetric initialisation of Definition 3.7). */
  even?: boolean;
  /** An empty field (null, '' or undefined) means "the package default" and is allowed. */
  optional?: boolean;
}

/** One line per field that breaks its rule; empty when every field is fine. */
export function checkInputs(values: Record<string, unknown>, rules: Record<string, FieldRule>): string[] {
  const problems: string[] = [];
  for (const [key, rule] of Object.entries(rules)) {
    const v = values[key];
    if (rule.optional && (v === null || v === '' || v === undefined)) continue;
    const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
    const kind = rule.even ? 'an even integer' : rule.integer ? 'an integer' : 'a number';
    const range = `${kind} in [${rule.min}, ${rule.max}]`;
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${rule.label} must be ${range}, got ${shown}`);
    else if (v < rule.min || v > rule.max) problems.push(`${rule.label} must be ${range}, got ${shown}`);
    else if ((rule.integer || rule.even) && !Number.isInteger(v))
      problems.push(`${rule.label} must be ${range}, got ${shown}`);
    else if (rule.even && v % 2 !== 0)
      problems.push(`${rule.label} must be ${range} (the symmetric initialisation pairs the neurons), got ${shown}`);
  }
  return problems;
}

/** Read the fields named in `rules` from a query string into `into` (numbers; an empty value stays empty). */
export function readParams(search: string, into: Record<string, unknown>, keys: readonly string[]): void {
  const q = new URLSearchParams(search);
  for (const k of keys) {
    const raw = q.get(k);
    if (raw === null) continue;
    into[k] = raw === '' ? null : Number(raw);
  }
}

/** The query string that reproduces a run: every field given, in a fixed order. */
export function toParams(values: Record<string, unknown>, keys: readonly string[]): string {
  const q = new URLSearchParams();
  for (const k of keys) {
    const v = values[k];
    q.set(
      k,
      v === null || v === undefined
        ? ''
        : typeof v === 'number' || typeof v === 'string'
          ? String(v)
          : JSON.stringify(v),
    );
  }
  return `?${q.toString()}`;
}
