/**
 * Scaling laws from a sweep table: y against x on log–log axes, one fit per
 * group (e.g. per activation), optionally restricted to rows matching
 * `where` and reduced over the other parameters (e.g. the seeds) at each x.
 */
import { SweepError } from '../grid/types';
import type { TableValue } from './collectSweep';
import { fitLogLog, type LogLogFit } from './fitLogLog';

/**
 * How {@link scaling} reduces the seeds' values at one x: keep them all (`"none"`), or their mean, median, min or
 * max.
 */
export type Reduce = 'none' | 'mean' | 'median' | 'min' | 'max';

/** Every {@link Reduce}, in the order the CLI lists them. */
export const REDUCERS: readonly Reduce[] = ['none', 'mean', 'median', 'min', 'max'];

/** Options of {@link scaling}. */
export interface ScalingOptions {
  /** The table of results: one row per cell, columns named by parameters and result fields. */
  rows: Record<string, TableValue>[];
  /** Column of the abscissa (e.g. "n"). */
  x: string;
  /** Column of the ordinate (e.g. "steps"). */
  y: string;
  /** Columns whose values split the rows into groups (one fit each). */
  by?: string[];
  /** Keep rows whose columns equal these values (e.g. { converged: true }). */
  where?: Record<string, TableValue>;
  /** How the y values at one x of a group are combined (default "none": every row is a point). */
  reduce?: Reduce;
  /** Confidence level of the slope intervals (default 0.95). */
  level?: number;
}

/**
 * One group's series of a {@link scaling} table: its values of `by`, its label, the (x, y) points and their log-log
 * fit.
 */
export interface ScalingSeries {
  /** The group's values of `by`. */
  group: Record<string, TableValue>;
  /** "activation=softmax", or "all" without `by`. */
  label: string;
  /** The group's abscissae, in increasing order. */
  x: number[];
  /** The group's ordinates (reduced over repeated x when a reducer is set). */
  y: number[];
  /** Undefined with fewer than two distinct usable x values. */
  fit: LogLogFit | undefined;
}

function reduce(values: number[], how: Reduce): number {
  const s = [...values].sort((a, b) => a - b);
  if (how === 'min') return s[0] as number;
  if (how === 'max') return s[s.length - 1] as number;
  if (how === 'median') {
    const k = s.length >> 1;
    return s.length % 2 ? (s[k] as number) : ((s[k - 1] as number) + (s[k] as number)) / 2;
  }
  return s.reduce((a, b) => a + b, 0) / s.length;
}

/**
 * Scaling laws from a sweep table: y against x on log–log axes, one fit per group, optionally filtered and reduced
 * over the other parameters.
 *
 * @param options - The rows, the x and y columns, the grouping columns, the row filter, the reducer and the
 *   confidence level.
 *
 * @example
 * ```ts
 * import { scaling } from '@softmax-ntk/sweep';
 *
 * const rows = [
 *   { activation: 'softmax', n: 4, steps: 40 },
 *   { activation: 'softmax', n: 8, steps: 160 },
 *   { activation: 'softmax', n: 16, steps: 640 },
 *   { activation: 'relu', n: 4, steps: 20 },
 *   { activation: 'relu', n: 8, steps: 40 },
 *   { activation: 'relu', n: 16, steps: 80 },
 * ];
 * // one series per activation, with the exponent k of steps ≈ C·n^k
 * const [softmax, relu] = scaling({ rows, x: 'n', y: 'steps', by: ['activation'] });
 * console.log(softmax.label, softmax.x.join(','), softmax.fit.slope.toFixed(2)); // activation=softmax 4,8,16 2.00
 * console.log(relu.label, relu.fit.slope.toFixed(2)); // activation=relu 1.00
 * ```
 */
export function scaling(options: ScalingOptions): ScalingSeries[] {
  const { rows, x, y } = options;
  const by = options.by ?? [];
  const how = options.reduce ?? 'none';
  if (!REDUCERS.includes(how))
    throw new SweepError(
      'reduce',
      `invalid argument: reduce: must be one of ${REDUCERS.join(', ')}, got ${JSON.stringify(how)}`,
    );
  const columns = new Set(rows.flatMap((r) => Object.keys(r)));
  for (const [what, col] of [
    ['x', x],
    ['y', y],
    ...by.map((b) => ['by', b]),
    ...Object.keys(options.where ?? {}).map((w) => ['where', w]),
  ] as [string, string][]) {
    if (rows.length && !columns.has(col))
      throw new SweepError(
        what,
        `invalid argument: ${what}: names no column: ${JSON.stringify(col)} (columns: ${[...columns].join(', ')})`,
      );
  }
  const groups = new Map<string, { group: Record<string, TableValue>; pts: Map<number, number[]> }>();
  for (const r of rows) {
    if (options.where && !Object.entries(options.where).every(([k, v]) => r[k] === v)) continue;
    const xv = r[x],
      yv = r[y];
    if (typeof xv !== 'number' || typeof yv !== 'number') continue;
    const group: Record<string, TableValue> = {};
    for (const b of by) group[b] = r[b] ?? null;
    const key = JSON.stringify(group);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group, pts: new Map() }));
    const list = g.pts.get(xv) ?? [];
    list.push(yv);
    g.pts.set(xv, list);
  }
  const out: ScalingSeries[] = [];
  for (const { group, pts } of groups.values()) {
    const xs: number[] = [],
      ys: number[] = [];
    for (const [xv, vals] of [...pts].sort(([a], [b]) => a - b)) {
      if (how === 'none')
        for (const v of vals) {
          xs.push(xv);
          ys.push(v);
        }
      else {
        xs.push(xv);
        ys.push(reduce(vals, how));
      }
    }
    const label = by.length ? by.map((b) => `${b}=${group[b]}`).join(', ') : 'all';
    out.push({ group, label, x: xs, y: ys, fit: fitLogLog({ x: xs, y: ys, level: options.level }) });
  }
  return out;
}
