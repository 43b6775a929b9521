/**
 * Memory budget of a command: every size option is checked before anything is
 * allocated, against an estimate computed from the shapes alone, and refused
 * with one line naming the option, the estimate and the cap (`--max-memory`).
 *
 * The estimates count the dominant float64 buffers of each command (what the
 * shapes force it to hold at once), not the whole process: they are lower
 * bounds of the real peak, good to the factor that separates a typo (1e9) from
 * a run the machine can hold.
 */
import { CliError, shownValue } from './errors';

/** The default cap, 2 GiB: half the memory of the smallest machine the project runs on (4 GiB CI runners). */
export const DEFAULT_MAX_MEMORY = 2 * 1024 ** 3;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `--max-memory` as bytes: a decimal number with an optional unit (`512MB`, `4GiB`, `1e9`). */
export function parseMemorySize(option: string, raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Number(m[1]) * unit : NaN;
  if (!Number.isFinite(bytes) || bytes <= 0)
    throw new CliError(
      `invalid option: ${option} must be a size such as 512MB or 4GiB (units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), got ${shownValue(raw)}`,
    );
  return bytes;
}

/** Bytes in a human unit, e.g. `24.0 GB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than 1e308 bytes';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A size option as the user gave it. */
export interface SizeOption {
  /** The option as typed, e.g. `--n`. */
  option: string;
  value: number;
}

/**
 * Refuse the command when the estimate `bytes` exceeds `cap`: one line naming the size option with the
 * largest value (the factor that dominates a product of shapes: the typo, when there is one), the
 * estimate and the cap.
 */
export function checkMemory(what: string, bytes: number, sizes: SizeOption[], cap: number): void {
  if (bytes <= cap) return;
  const worst = sizes.reduce((a, b) => (b.value > a.value ? b : a));
  throw new CliError(
    `invalid option: ${worst.option} ${worst.value} needs an estimated ${formatBytes(bytes)} for ${what}, over the ${formatBytes(cap)} cap (raise it with --max-memory)`,
  );
}

/** The cap of a context: `--max-memory`, else the default. */
export const capOf = (globals: { maxMemory?: number }): number => globals.maxMemory ?? DEFAULT_MAX_MEMORY;

/** Bytes of a float64 buffer of `count` entries (8 bytes each); products of options may exceed 2⁵³ and stay ordered. */
export const f64 = (count: number): number => 8 * count;

/** Bytes of the JSON text of `count` numbers (about 24 characters each for a float64 printed to round-trip). */
export const jsonText = (count: number): number => 24 * count;

/**
 * The training history a run keeps and writes: `columns` numbers per step (step, loss, … and the recorders'), held
 * as float64 and written as text — `--steps` 10^15 would fill the memory long before it finished.
 */
export interface HistorySize {
  steps: number;
  columns: number;
}

/** Bytes of a {@link HistorySize}: 8 B per value held plus its text. */
export const historyBytes = (h: HistorySize): number => f64(h.steps * h.columns) + jsonText(h.steps * h.columns);

/**
 * Refuse when `parts` (bytes, each with the size option that drives it) add up to more than `cap`, naming the
 * option of the largest part — the option that makes the command too large, whatever the units of the others.
 */
export function checkMemoryParts(what: string, parts: { bytes: number; size: SizeOption }[], cap: number): void {
  const total = parts.reduce((s, p) => s + p.bytes, 0);
  const worst = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  checkMemory(what, total, [worst.size], cap);
}

/**
 * Memory of evaluating or training the network of a problem file (n samples, m neurons, d_in, d_out): the
 * hidden layer ⟨w_r, x_i⟩ and its activation, the gradient's n × m factor and the step's copy (4 buffers of
 * n × m), plus W, its velocity and ΔW (3 of m × d_in). A problem file of a few MB can name n·m in the billions.
 * Training adds its history (`--steps` rows).
 */
export function checkNetworkMemory(
  what: string,
  shape: { n: number; m: number; dIn: number; dOut: number },
  cap: number,
  history?: HistorySize,
): void {
  const { n, m, dIn, dOut } = shape;
  checkMemoryParts(
    `${what} (n = ${n}, m = ${m}, d_in = ${dIn}, d_out = ${dOut}${history ? `, ${history.steps} steps` : ''})`,
    [
      { bytes: f64(4 * n * m + 3 * m * dIn + 2 * n * dOut), size: { option: '--problem n·m =', value: n * m } },
      ...(history ? [{ bytes: historyBytes(history), size: { option: '--steps', value: history.steps } }] : []),
    ],
    cap,
  );
}
