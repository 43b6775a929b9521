/**
 * Validation of a grid at the public edge: every key, axis and value is
 * checked against the experiment's parameter table before any cell runs or
 * is enqueued, and an error names the source, the key and the value.
 */
import { parseWithSchema } from '@softmax-ntk/linalg';
import { sha256Hex } from '../internal/sha256';
import { EXPERIMENT_NAMES, experimentOf } from '../experiments/index';
import type { ParamValue } from '../internal/params';
import { cellId } from './cellId';
import { gridSchema } from './gridSchema';
import { SweepError, type Cell, type ParsedGrid } from './types';

/** The largest grid accepted (a guard against a typo such as an axis of 10⁶ values). */
export const MAX_CELLS = 1_000_000;

/** Options of {@link parseGrid}. */
export interface ParseGridOptions {
  /** Where the grid came from, for messages (a file name; default "object"). */
  source?: string;
}

/**
 * Validates `grid` and expands its cells. Throws `SweepError` naming the
 * offending part: an unknown key, an unknown experiment, an axis (or fixed
 * key, or point key) that is not a parameter of the experiment, an empty
 * axis, a value the parameter does not accept, a key given twice, or a
 * `record` field the experiment does not produce.
 *
 * @param grid - The grid file's parsed JSON.
 * @param options - Where the grid came from (named in messages).
 *
 * @example
 * ```ts
 * import { parseGrid } from '@softmax-ntk/sweep';
 *
 * // 2 × 2 sizes × 2 seeds = 8 cells; every other parameter takes the experiment's default
 * const grid = parseGrid({ experiment: 'train', axes: { n: [4, 8], m: [64, 256] }, seeds: 2 });
 * const [first] = grid.cells;
 * console.log(grid.cells.length, first.params.n, first.params.m, first.params.seed, first.id);
 * // → 8 4 64 0 8b8ff5186a0e55ff
 * ```
 */
export function parseGrid(grid: unknown, options: ParseGridOptions = {}): ParsedGrid {
  const src = `grid ${options.source ?? 'object'}`;
  const fail = (field: string, msg: string): never => {
    throw new SweepError(field, `${src}: ${msg}`);
  };
  // The structure first (keys and their types, nothing coerced): `grid g.json: axes.n: expected an array, got 4`.
  const g = parseWithSchema(gridSchema(), grid, {
    error: (path, detail) => new SweepError(path, `${src}: ${path}: ${detail}`),
  });
  const name = g.experiment;
  const exp = experimentOf(name);
  if (!exp)
    return fail('experiment', `unknown experiment ${JSON.stringify(name)} (known: ${EXPERIMENT_NAMES.join(', ')})`);
  const specs = exp.params;
  const paramList = Object.keys(specs).join(', ');
  const seen = new Map<string, string>();
  const checkKey = (where: string, key: string, what: string) => {
    if (!Object.prototype.hasOwnProperty.call(specs, key))
      fail(
        `${where}.${key}`,
        `unknown ${what} ${JSON.stringify(key)} for experiment ${JSON.stringify(name)} (its parameters: ${paramList})`,
      );
    const before = seen.get(key);
    if (before && before !== where)
      fail(`${where}.${key}`, `parameter ${JSON.stringify(key)} is given both in ${before} and in ${where}`);
    seen.set(key, where);
  };
  const checkValue = (field: string, key: string, v: unknown) => {
    const msg = specs[key]!.check(v);
    if (msg) fail(field, `${field}: ${msg}`);
  };

  const axes: Record<string, ParamValue[]> = {};
  /** Cells the grid expands to when `extra` more values multiply it; refused above MAX_CELLS before any allocation. */
  const checkCount = (field: string, extra: number): void => {
    let count = Math.max(g.points?.length ?? 1, 1) * extra;
    for (const values of Object.values(axes)) count *= values.length;
    if (count > MAX_CELLS) fail(field, `"${field}": the grid has ${count} cells, more than ${MAX_CELLS}`);
  };
  if (g.axes !== undefined) {
    for (const [key, values] of Object.entries(g.axes)) {
      checkKey('axes', key, 'axis');
      values.forEach((v, i) => checkValue(`axes.${key}[${i}]`, key, v));
      const distinct = new Set(values.map((v) => JSON.stringify(v)));
      if (distinct.size !== values.length)
        fail(`axes.${key}`, `axis ${JSON.stringify(key)} repeats a value: ${JSON.stringify(values)}`);
      axes[key] = values as ParamValue[];
    }
  }
  if (g.seeds !== undefined) {
    const s = g.seeds;
    if (!Object.prototype.hasOwnProperty.call(specs, 'seed'))
      fail('seeds', `experiment ${JSON.stringify(name)} takes no seed`);
    let list: unknown[];
    if (typeof s === 'number') {
      if (!Number.isSafeInteger(s) || s < 1)
        fail('seeds', `"seeds" must be a positive count or a list of seeds, got ${s}`);
      // Counted before it is expanded: `seeds: 1e9` must be refused, not allocated.
      checkCount('seeds', s);
      list = Array.from({ length: s }, (_, i) => i);
    } else {
      list = s;
    }
    checkKey('seeds', 'seed', 'axis');
    list.forEach((v, i) => checkValue(`seeds[${i}]`, 'seed', v));
    axes['seed'] = list as ParamValue[];
  }
  const fixed: Record<string, ParamValue> = {};
  if (g.fixed !== undefined) {
    for (const [key, v] of Object.entries(g.fixed)) {
      checkKey('fixed', key, 'parameter');
      checkValue(`fixed.${key}`, key, v);
      fixed[key] = v as ParamValue;
    }
  }
  let points: Record<string, ParamValue>[] = [];
  if (g.points !== undefined) {
    const pointKeys = new Set<string>();
    g.points.forEach((p, i) => {
      for (const [key, v] of Object.entries(p)) {
        if (!pointKeys.has(key)) checkKey('points', key, 'parameter');
        pointKeys.add(key);
        checkValue(`points[${i}].${key}`, key, v);
      }
    });
    points = g.points as Record<string, ParamValue>[];
  }
  if (Object.keys(axes).length === 0 && points.length === 0)
    fail('axes', '"axes" (or "seeds", or "points") must give at least one axis');
  let record = [...exp.outputs];
  if (g.record !== undefined) {
    const r = g.record;
    for (const f of r) {
      if (!exp.outputs.includes(f))
        fail(
          'record',
          `"record": unknown result field ${JSON.stringify(f)} of experiment ${JSON.stringify(name)} (its fields: ${exp.outputs.join(', ')})`,
        );
    }
    record = r;
  }
  const label = g.name ?? options.source ?? name;

  const axisKeys = Object.keys(axes);
  checkCount('axes', 1);

  const defaults: Record<string, ParamValue> = {};
  for (const [k, s] of Object.entries(specs)) defaults[k] = s.default;
  const cells: Cell[] = [];
  const ids = new Set<string>();
  for (const point of points.length ? points : [{}]) {
    const idx = new Array<number>(axisKeys.length).fill(0);
    for (;;) {
      const params: Record<string, ParamValue> = { ...defaults, ...fixed, ...point };
      axisKeys.forEach((k, j) => (params[k] = axes[k]![idx[j]!]!));
      const id = cellId(name, params);
      if (!ids.has(id)) {
        ids.add(id);
        cells.push({ id, experiment: name, params });
      }
      let j = axisKeys.length - 1;
      while (j >= 0 && ++idx[j]! === axes[axisKeys[j]!]!.length) idx[j--] = 0;
      if (j < 0) break;
    }
  }
  const sweepId = sha256Hex(`${name}\n${cells.map((c) => c.id).join('\n')}`).slice(0, 16);
  return { name: label, experiment: name, axes, fixed, points, record, cells, sweepId };
}
