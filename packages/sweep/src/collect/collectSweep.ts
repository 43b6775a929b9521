/** `sweep collect`: the results of a sweep directory as a table (rows in grid order) and CSV. */
import { parseGrid } from '../grid/parseGrid';
import { readManifest } from '../store/manifest';
import { readStore } from '../store/resultStore';

/** A cell of a {@link SweepTable} row: a parameter or a result field (null when missing). */
export type TableValue = number | string | boolean | null;

/** What {@link collectSweep} returns: the done cells as table rows, and how many are missing. */
export interface SweepTable {
  /** The sweep's id. */
  sweepId: string;
  /** The grid's name. */
  name: string;
  /** The experiment of the cells. */
  experiment: string;
  /** The varied parameters (axes, then point keys), then the recorded result fields. */
  columns: string[];
  /** Done cells only, in grid order; missing fields are null. */
  rows: Record<string, TableValue>[];
  /** Cells of the grid not done (pending, running or failed). */
  missing: number;
}

/**
 * The results of a sweep directory as a table (rows in grid order) and the count of cells not yet done.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { collectSweep, runSweep } from '@softmax-ntk/sweep/node';
 *
 * const out = join(mkdtempSync(join(tmpdir(), 'softmax-ntk-')), 'demo.sweep');
 * const grid = { experiment: 'train', axes: { n: [4, 8] }, fixed: { m: 16, steps: 20 }, record: ['status', 'steps'] };
 * await runSweep({ grid, out });
 * const table = collectSweep({ out });
 * console.log(table.experiment, table.columns.join(' '), table.rows.length, table.missing);
 * // → train n status steps 2 0
 * console.log(JSON.stringify(table.rows[0]));
 * // → {"n":4,"status":"budget","steps":20}
 * ```
 */
export function collectSweep({ out }: { out: string }): SweepTable {
  const manifest = readManifest(out);
  const grid = parseGrid(manifest.grid, { source: `${out}/sweep.json` });
  const { records } = readStore(out);
  const varied = [...Object.keys(grid.axes)];
  for (const p of grid.points) for (const k of Object.keys(p)) if (!varied.includes(k)) varied.push(k);
  const columns = [...varied, ...grid.record.filter((f) => !varied.includes(f))];
  const rows: Record<string, TableValue>[] = [];
  for (const c of grid.cells) {
    const r = records.get(c.id);
    if (r?.status !== 'done') continue;
    const row: Record<string, TableValue> = {};
    for (const k of varied) row[k] = c.params[k] ?? null;
    for (const f of grid.record) if (!varied.includes(f)) row[f] = (r.result?.[f] ?? null) as TableValue;
    rows.push(row);
  }
  return {
    sweepId: grid.sweepId,
    name: grid.name,
    experiment: grid.experiment,
    columns,
    rows,
    missing: grid.cells.length - rows.length,
  };
}

function csvField(v: TableValue): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * RFC 4180 CSV with a header row; null is an empty field; numbers in JavaScript's shortest round-trip form.
 *
 * @param table - The columns and the rows (a `SweepTable`'s).
 *
 * @example
 * ```js
 * import { toCsv } from '@softmax-ntk/sweep/node';
 *
 * const csv = toCsv({ columns: ['n', 'status', 'note'], rows: [{ n: 4, status: 'budget', note: null }, { n: 8, status: 'a, b', note: 'x' }] });
 * console.log(JSON.stringify(csv));
 * // → "n,status,note\r\n4,budget,\r\n8,\"a, b\",x\r\n"
 * ```
 */
export function toCsv(table: {
  /** The header, and the keys of each row's fields in order. */
  columns: string[];
  /** The rows; a missing key or null is an empty field. */
  rows: Record<string, TableValue>[];
}): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => csvField(r[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
