/**
 * `softmax-ntk sweep collect`: a sweep's results as a table and CSV, and
 * with --x/--y the scaling laws: log–log least-squares slopes with
 * confidence intervals per group, plotted (SVG + PNG) with the fitted lines.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { REDUCERS, scaling, type ScalingSeries } from '@softmax-ntk/sweep';
import { collectSweep, toCsv, type TableValue } from '@softmax-ntk/sweep/node';
import { lineChart, type LineSeries } from '@softmax-ntk/verify';
import { svgToPng } from '@softmax-ntk/verify/node';
import type { Context } from '../internal/context';
import { CliError, parseChoice, parseNumber, shownValue } from '../internal/errors';
import { checkOutputPath } from '../internal/outputs';

interface CollectOpts {
  out: string;
  csv?: string;
  x?: string;
  y?: string;
  by?: string;
  where?: string;
  reduce: string;
  level: string;
  plot: boolean;
}

/** `converged=true,activation=softmax` → { converged: true, activation: 'softmax' } (values read as JSON when they parse). */
export function parseWhere(raw: string): Record<string, TableValue> {
  const out: Record<string, TableValue> = {};
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw new CliError(`invalid option: --where must be COLUMN=VALUE[,COLUMN=VALUE…], got ${shownValue(raw)}`);
    const v = part.slice(eq + 1).trim();
    let value: TableValue = v;
    try {
      const j = JSON.parse(v) as unknown;
      if (j === null || ['number', 'boolean', 'string'].includes(typeof j)) value = j as TableValue;
    } catch {
      // a bare string
    }
    out[part.slice(0, eq).trim()] = value;
  }
  return out;
}

const fmt = (v: TableValue): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : v === null ? '—' : String(v);

function textTable(columns: string[], rows: Record<string, TableValue>[]): string {
  const cells = rows.map((r) => columns.map((c) => fmt(r[c] ?? null)));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => (r[j] as string).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, j) => v.padEnd(widths[j] as number))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

function fitLine(s: ScalingSeries): string {
  const f = s.fit;
  if (!f) return `${s.label}: no fit (fewer than two distinct x values with positive y)`;
  const ci = f.slopeCi
    ? `[${f.slopeCi[0].toFixed(3)}, ${f.slopeCi[1].toFixed(3)}] (${Math.round(f.level * 100)}% CI)`
    : '(no CI from 2 points)';
  return `${s.label}: slope ${f.slope.toFixed(3)} ${ci}, r² ${f.r2.toFixed(3)}, ${f.points} points`;
}

const COLORS = ['#4e79a7', '#e15759', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];

/**
 * One colour per group: its data (solid, with markers) and its fitted line (dashed, same colour). Several
 * y values at one x (no --reduce) are drawn as their geometric mean, the point the log–log fit passes near.
 */
function plotScaling(series: ScalingSeries[], x: string, y: string, title: string, several: boolean): string {
  const lines: LineSeries[] = [];
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length] as string;
    const xs = [...new Set(s.x)];
    const ys = xs.map((xv) => {
      const vals = s.y.filter((_, i) => s.x[i] === xv && s.y[i]! > 0);
      return vals.length ? Math.exp(vals.reduce((a, v) => a + Math.log(v), 0) / vals.length) : NaN;
    });
    lines.push({ name: several ? `${s.label} (geometric mean)` : s.label, x: xs, y: ys, color, markers: true });
    if (s.fit) {
      const fit = s.fit;
      const ends = [Math.min(...s.x), Math.max(...s.x)];
      lines.push({
        name: `fit: slope ${fit.slope.toFixed(2)}`,
        x: ends,
        y: ends.map((v) => Math.exp(fit.intercept) * v ** fit.slope),
        color,
        dash: '6 4',
        markers: false,
      });
    }
  });
  return lineChart({ title, xLabel: x, yLabel: y, xScale: 'log', yScale: 'log', series: lines }).svg;
}

export function registerSweepCollect(sweep: Command, getCtx: () => Context): void {
  sweep
    .command('collect')
    .description(
      'the results as a table and CSV; with --x and --y, log–log scaling fits (slopes, confidence intervals) and plots',
    )
    .option('--out <dir>', 'the sweep directory', '.')
    .option('--csv <file>', 'CSV file to write (default: <out>/results.csv)')
    .option('--x <column>', 'abscissa of the scaling fit (e.g. n)')
    .option('--y <column>', 'ordinate of the scaling fit (e.g. steps)')
    .option('--by <columns>', 'comma-separated columns: one fit per group (e.g. activation)')
    .option('--where <filters>', 'keep rows with COLUMN=VALUE[,…] (e.g. converged=true)')
    .option('--reduce <how>', `combine the y values at one x: ${REDUCERS.join(', ')}`, 'none')
    .option('--level <p>', 'confidence level of the slope intervals', '0.95')
    .option('--no-plot', 'no SVG/PNG plot of the fit')
    .action((o: CollectOpts) => {
      const ctx = getCtx();
      if ((o.x === undefined) !== (o.y === undefined)) throw new CliError('missing option: --x and --y go together');
      const reduce = parseChoice('--reduce', o.reduce, REDUCERS);
      const level = parseNumber('--level', o.level, { exclusiveMin: 0 });
      if (level >= 1) throw new CliError(`invalid option: --level must be below 1, got ${level}`);
      // every option is read before the CSV is written (issue #20 audit: a bad --where or --x left results.csv
      // behind, and --x naming no column was reported as the package's `x`)
      const where = o.where !== undefined ? parseWhere(o.where) : undefined;
      const by = o.by ? o.by.split(',').map((s) => s.trim()) : [];
      const table = collectSweep({ out: o.out });
      // the fits before any file: a column that does not exist is refused naming the option, and nothing is written
      let fits: ScalingSeries[] | undefined;
      if (o.x && o.y) {
        try {
          fits = scaling({ rows: table.rows, x: o.x, y: o.y, by, where, reduce, level });
        } catch (e) {
          const option = { x: '--x', y: '--y', by: '--by', where: '--where' }[(e as { field?: string }).field ?? ''];
          if (!option) throw e;
          throw new CliError((e as Error).message.replace(/^invalid argument: \w+:/, `invalid option: ${option}:`));
        }
      }
      const csvPath = o.csv ?? join(o.out, 'results.csv');
      checkOutputPath(o.csv !== undefined ? '--csv' : '--out (its results.csv)', csvPath);
      writeFileAtomic(csvPath, toCsv(table));
      const files = [csvPath];
      const lines = [
        `sweep ${table.name} (${table.sweepId}): ${table.rows.length} cells done${table.missing ? `, ${table.missing} not done` : ''}`,
        '',
        textTable(table.columns, table.rows),
        '',
      ];
      if (o.x && o.y && fits) {
        if (fits.length === 0)
          ctx.warn(
            `no rows with numeric ${o.x} and ${o.y}${o.where ? ` matching --where ${o.where}` : ''}: nothing to fit`,
          );
        lines.push(
          `scaling of ${o.y} against ${o.x} (log–log least squares${reduce !== 'none' ? `, ${reduce} over the other parameters at each ${o.x}` : ''}):`,
        );
        for (const s of fits) lines.push(`  ${fitLine(s)}`);
        if (o.plot && fits.length) {
          const base = join(o.out, `scaling-${o.y}-vs-${o.x}`.replace(/[^\w.-]+/g, '_'));
          const svg = plotScaling(fits, o.x, o.y, `${table.name}: ${o.y} against ${o.x}`, reduce === 'none');
          writeFileAtomic(`${base}.svg`, svg);
          writeFileAtomic(`${base}.png`, svgToPng(svg));
          files.push(`${base}.svg`, `${base}.png`);
        }
        lines.push('');
      }
      lines.push(`wrote ${files.join(', ')}`);
      ctx.result(
        {
          sweepId: table.sweepId,
          name: table.name,
          columns: table.columns,
          rows: table.rows,
          missing: table.missing,
          fits: fits?.map((s) => ({ group: s.group, label: s.label, x: s.x, y: s.y, fit: s.fit ?? null })) ?? null,
          files,
        },
        lines.join('\n'),
      );
    });
}
