/**
 * Labelled data for `makeProblem` from CSV or JSON text: each record holds the
 * $d_\text{in}$ inputs then the $d_\text{out}$ labels.
 */
import {
  parseNumberCsv,
  parseWithSchema,
  zod,
  type Matrix,
  type ParseNumberCsvOptions,
  assertNoDuplicateKey,
} from '@softmax-ntk/linalg';
import { argumentError, checkPositiveInt, show } from '../internal/validate';
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
  /** `csv` or `json` (default: from the path's extension, else from the text). */
  format?: 'csv' | 'json';
  /**
   * CSV: whether the first non-blank line is a header. Default: it is one only when none of its cells is
   * written as a number, so a typo in the first data row is an error, not a dropped row.
   */
  header?: boolean;
  /** The split: the first `dIn` columns are inputs, the next `dOut` are labels. */
  dIn: number;
  /** The number of label columns, after the `dIn` input columns. */
  dOut: number;
}

/** Inputs and labels, as {@link readLabelledData} reads them from a file. */
export interface LabelledData {
  /** $n \times d_\text{in}$. */
  x: Matrix;
  /** $n \times d_\text{out}$. */
  y: Matrix;
}

/**
 * CSV: linalg's one CSV reader (`parseNumberCsv`): comma- or tab-separated decimal numbers (no hex, no
 * `Infinity`, no empty cells), `#` comment lines and blank lines skipped; the first record is a header when
 * `header` is true, or by default when none of its cells is written as a number; every record has
 * $d_\text{in} + d_\text{out}$ cells. JSON: an array of records `[[x…, y…], …]`, or an object
 * `{"x": [[…]], "y": [[…]]}`, numbers never coerced. Defects are `ProblemError`s (linalg's `ValidationError`) naming
 * the row and column (CSV) or the path of the entry (JSON).
 *
 * @param options - Where the data is (a path or the text), its format, the header rule and the split into inputs and
 *   labels.
 *
 * @example
 * ```ts
 * import { readLabelledData } from '@softmax-ntk/network';
 *
 * // CSV text with a header, split into d_in = 2 input columns and d_out = 1 label column
 * const text = 'x1,x2,y\n0.1,0.2,1\n0.3,-0.4,-1\n';
 * const { x, y } = readLabelledData({ text, format: 'csv', dIn: 2, dOut: 1 });
 * console.log(x.rows, x.cols, Array.from(x.data).join(' '), Array.from(y.data).join(' ')); // 2 2 0.1 0.2 0.3 -0.4 1 -1
 * ```
 */
export function readLabelledData(options: ReadLabelledDataOptions): LabelledData {
  const dIn = checkPositiveInt('dIn', options.dIn);
  const dOut = checkPositiveInt('dOut', options.dOut);
  const text = options.text;
  const src = options.path ?? 'data';
  if (text === undefined) {
    if (options.path === undefined) throw argumentError('path', 'is required (or `text`), got neither');
    throw argumentError(
      'text',
      `is required here (files are read by readLabelledData from @softmax-ntk/network/node), got path ${show(options.path)}`,
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
    throw argumentError('format', `must be "csv" or "json" (or \`path\` end in .csv/.json), got ${show(format)}`);
  const width = dIn + dOut;
  const error = (path: string, detail: string) => new ProblemError(path, detail);
  let records: Matrix;
  if (format === 'csv') {
    const csvOptions: ParseNumberCsvOptions = {
      source: src,
      cols: width,
      colsWhy: `d_in + d_out = ${dIn} + ${dOut}`,
      error,
    };
    if (options.header !== undefined) csvOptions.header = options.header;
    records = parseNumberCsv(text, csvOptions).data;
  } else {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ProblemError(src, `invalid JSON: ${(err as Error).message}`);
    }
    assertNoDuplicateKey(text, (p, d) => new ProblemError(p === 'json' ? src : `${src}: ${p}`, d));
    const z = zod();
    const row = (n: number) => z.array(z.number()).length(n);
    const parsed = parseWithSchema(
      z.union([z.array(row(width)).min(1), z.object({ x: z.array(row(dIn)).min(1), y: z.array(row(dOut)).min(1) })]),
      doc,
      { root: src, error },
    );
    let rows: number[][];
    if (Array.isArray(parsed)) rows = parsed;
    else {
      if (parsed.x.length !== parsed.y.length)
        throw new ProblemError(`${src}.y`, `expected ${parsed.x.length} rows (as x has), got ${parsed.y.length}`);
      rows = parsed.x.map((xi, i) => [...xi, ...(parsed.y[i] as number[])]);
    }
    const data = new Float64Array(rows.length * width);
    rows.forEach((r, i) => data.set(r, i * width));
    records = { rows: rows.length, cols: width, data };
  }
  const n = records.rows;
  const x = new Float64Array(n * dIn);
  const y = new Float64Array(n * dOut);
  for (let i = 0; i < n; i++) {
    x.set(records.data.subarray(i * width, i * width + dIn), i * dIn);
    y.set(records.data.subarray(i * width + dIn, (i + 1) * width), i * dOut);
  }
  return { x: { rows: n, cols: dIn, data: x }, y: { rows: n, cols: dOut, data: y } };
}
