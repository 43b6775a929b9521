/**
 * Labelled data for `makeProblem` from CSV or JSON text: each record holds the
 * d_in inputs then the d_out labels.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { looksNumeric, parseDecimal } from '../io/parseDecimal';
import { checkPositiveInt, fail, show } from '../internal/validate';
import { ProblemError } from './problem';

/** Options of {@link readLabelledData}. */
export interface ReadLabelledDataOptions {
  /**
   * A file to read (only through `@softmax-ntk/network/node`'s `readLabelledData`; here it names the
   * source in messages). Its extension (`.csv` or `.json`) sets the format unless `format` is given.
   */
  path?: string;
  /** The text itself, instead of `path`. */
  text?: string;
  format?: 'csv' | 'json';
  /**
   * CSV: whether the first non-blank line is a header. Default: it is one only when none of its cells is
   * written as a number, so a typo in the first data row is an error, not a dropped row.
   */
  header?: boolean;
  /** The split: the first `dIn` columns are inputs, the next `dOut` are labels. */
  dIn: number;
  dOut: number;
}

/** Inputs and labels, as {@link readLabelledData} reads them from a file. */
export interface LabelledData {
  /** n × d_in. */
  x: Matrix;
  /** n × d_out. */
  y: Matrix;
}

/**
 * CSV: one record per line, comma-separated decimal numbers (no hex, no
 * `Infinity`, no empty cells); the first line is a header when `header` is
 * true, or by default when none of its cells is a number; blank lines are skipped.
 * JSON: an array of records `[[x…, y…], …]`, or an object `{"x": [[…]], "y": [[…]]}`.
 * Every record must have exactly d_in + d_out finite numbers; defects are
 * `ProblemError`s naming the line (CSV) or record (JSON), field `x`/`y`/`json`.
 */
export function readLabelledData(options: ReadLabelledDataOptions): LabelledData {
  const dIn = checkPositiveInt('dIn', options.dIn);
  const dOut = checkPositiveInt('dOut', options.dOut);
  const text = options.text;
  const src = options.path ?? 'data';
  if (text === undefined) {
    if (options.path === undefined) fail('`path` or `text` is required, got neither');
    fail(
      `\`text\` is required here (files are read by readLabelledData from @softmax-ntk/network/node), got path ${show(options.path)}`,
    );
  }
  const format =
    options.format ??
    (options.path?.toLowerCase().endsWith('.json')
      ? 'json'
      : options.path?.toLowerCase().endsWith('.csv')
        ? 'csv'
        : undefined);
  if (format !== 'csv' && format !== 'json')
    fail(`\`format\` must be "csv" or "json" (or \`path\` end in .csv/.json), got ${show(format)}`);
  const width = dIn + dOut;
  const records: number[][] = [];
  if (format === 'csv') {
    const lines = text.split(/\r?\n/);
    let first = true;
    for (let li = 0; li < lines.length; li++) {
      const line = (lines[li] as string).trim();
      if (line === '') continue;
      const cells = line.split(',').map((c) => c.trim());
      if (first) {
        first = false;
        if (options.header ?? !cells.some(looksNumeric)) continue; // header
      }
      const nums = cells.map((c) => parseDecimal(c) ?? NaN);
      if (cells.length !== width) {
        throw new ProblemError(
          'json',
          `${src}: line ${li + 1} has ${cells.length} columns, expected d_in + d_out = ${dIn} + ${dOut} = ${width}`,
        );
      }
      nums.forEach((v, j) => {
        if (!Number.isFinite(v)) {
          throw new ProblemError(
            j < dIn ? 'x' : 'y',
            `${src}: line ${li + 1}, column ${j + 1}: expected a finite number, got ${JSON.stringify(cells[j])}`,
          );
        }
      });
      records.push(nums);
    }
  } else {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ProblemError('json', `${src}: invalid JSON: ${(err as Error).message}`);
    }
    if (Array.isArray(doc)) {
      doc.forEach((rec: unknown, i) => {
        if (!Array.isArray(rec) || rec.length !== width) {
          throw new ProblemError(
            'json',
            `${src}: record ${i} must be an array of d_in + d_out = ${width} numbers, got ${show(rec)}`,
          );
        }
        rec.forEach((v: unknown, j) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new ProblemError(
              j < dIn ? 'x' : 'y',
              `${src}: record ${i}, entry ${j}: expected a finite number, got ${show(v)}`,
            );
          }
        });
        records.push(rec as number[]);
      });
    } else if (
      doc &&
      typeof doc === 'object' &&
      Array.isArray((doc as { x?: unknown }).x) &&
      Array.isArray((doc as { y?: unknown }).y)
    ) {
      const { x, y } = doc as { x: unknown[]; y: unknown[] };
      if (x.length !== y.length) throw new ProblemError('y', `${src}: x has ${x.length} rows but y has ${y.length}`);
      for (let i = 0; i < x.length; i++) {
        const xi = x[i],
          yi = y[i];
        if (!Array.isArray(xi) || xi.length !== dIn)
          throw new ProblemError('x', `${src}: x row ${i} must have d_in = ${dIn} numbers, got ${show(xi)}`);
        if (!Array.isArray(yi) || yi.length !== dOut)
          throw new ProblemError('y', `${src}: y row ${i} must have d_out = ${dOut} numbers, got ${show(yi)}`);
        const rec: unknown[] = [...(xi as unknown[]), ...(yi as unknown[])];
        rec.forEach((v, j) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new ProblemError(
              j < dIn ? 'x' : 'y',
              `${src}: ${j < dIn ? 'x' : 'y'} row ${i}, entry ${j < dIn ? j : j - dIn}: expected a finite number, got ${show(v)}`,
            );
          }
        });
        records.push(rec as number[]);
      }
    } else {
      throw new ProblemError('json', `${src}: expected an array of records or an object {x, y}, got ${show(doc)}`);
    }
  }
  const n = records.length;
  if (n === 0) throw new ProblemError('x', `${src}: no records`);
  const x = new Float64Array(n * dIn);
  const y = new Float64Array(n * dOut);
  records.forEach((rec, i) => {
    for (let j = 0; j < dIn; j++) x[i * dIn + j] = rec[j] as number;
    for (let j = 0; j < dOut; j++) y[i * dOut + j] = rec[dIn + j] as number;
  });
  return { x: { rows: n, cols: dIn, data: x }, y: { rows: n, cols: dOut, data: y } };
}
