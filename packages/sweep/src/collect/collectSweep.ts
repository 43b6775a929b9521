/** `sweep collect`: the results of a sweep directory as a table (rows in grid order) and CSV. */
import { parseGrid } from '../grid/parseGrid';
import { readManifest } from '../store/manifest';
import { readStore } from '../store/resultStore';

export type TableValue = number | string | boolean | null;

export interface SweepTable {
  sweepId: string;
  name: string;
  experiment: string;
  /** The varied parameters (axes, then point keys), then the recorded result fields. */
  columns: string[];
  /** Done cells only, in grid order; missing fields are null. */
  rows: Record<string, TableValue>[];
  /** Cells of the grid not done (pending, running or failed). */
  missing: number;
}

/** The results of a sweep directory as a table (rows in grid order) and the count of cells not yet done. */
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

/** RFC 4180 CSV with a header row; null is an empty field; numbers in JavaScript's shortest round-trip form. */
export function toCsv(table: { columns: string[]; rows: Record<string, TableValue>[] }): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => csvField(r[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
