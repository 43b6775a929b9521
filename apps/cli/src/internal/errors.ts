/** An error meant for the user: printed as one line, exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Longest option value a message quotes whole; a longer one is cut (a 100 kB value made a 100 kB error line). */
const SHOWN_CHARS = 64;

/** An option value as a message quotes it: JSON-quoted, cut after {@link SHOWN_CHARS} characters with its length. */
export function shownValue(raw: string): string {
  const chars = [...raw];
  return chars.length <= SHOWN_CHARS
    ? JSON.stringify(raw)
    : `${JSON.stringify(chars.slice(0, SHOWN_CHARS).join(''))}… (${chars.length} characters)`;
}

/** Parse helpers for option values, with messages naming the option and the value. */
export function parseInteger(name: string, raw: string, min = -Infinity): number {
  const v = Number(raw);
  if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(v)) {
    throw new CliError(`invalid option: ${name} must be an integer, got ${shownValue(raw)}`);
  }
  if (v < min) throw new CliError(`invalid option: ${name} must be at least ${min}, got ${v}`);
  return v;
}

export function parseNumber(
  name: string,
  raw: string,
  { min, exclusiveMin }: { min?: number; exclusiveMin?: number } = {},
): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) {
    throw new CliError(`invalid option: ${name} must be a finite number, got ${shownValue(raw)}`);
  }
  if (min !== undefined && v < min) throw new CliError(`invalid option: ${name} must be at least ${min}, got ${v}`);
  if (exclusiveMin !== undefined && v <= exclusiveMin) {
    throw new CliError(`invalid option: ${name} must be greater than ${exclusiveMin}, got ${v}`);
  }
  return v;
}

export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) {
    throw new CliError(`invalid option: ${name} must be one of ${choices.join(', ')}, got ${shownValue(raw)}`);
  }
  return raw as T;
}
