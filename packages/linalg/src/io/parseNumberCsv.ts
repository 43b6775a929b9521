/**
 * The one CSV reader of softmax-ntk (network's labelled data, diffusion's data files, anything else that reads
 * rows of numbers), built on papaparse. Rules, the same everywhere:
 *
 * - cells are separated by commas, or by tabs when the first record holds a tab;
 * - lines starting with `#` are comments and blank lines are skipped;
 * - the first record is a header when `header` is true, or (by default) when none of its cells is written as a
 *   number at all, so a typo in the first data row is an error, never a silently dropped header;
 * - every other cell is a decimal number as JSON writes it: hex, `0x…`, `Infinity`, `NaN`, `1_000`, an empty
 *   cell and out-of-range decimals are refused, naming the row and the column;
 * - all records have the same number of cells (the header's, when there is one).
 */
import Papa from 'papaparse';
import type { Matrix } from '../matrix/matrix';
import { describeValue } from '../validate/describeValue';
import { ValidationError } from '../validate/validationError';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The value of a decimal cell, or undefined when the cell is not one (including a decimal out of the float64 range).
 *
 * @param cell - The cell's text (surrounding spaces ignored).
 *
 * @example
 * ```ts
 * import { parseDecimal } from '@softmax-ntk/linalg';
 *
 * // A decimal cell's value; hex, Infinity and out-of-range decimals are not decimals here
 * console.log(parseDecimal(' 2.5e-3 '), parseDecimal('0x10'), parseDecimal('Infinity'), parseDecimal('1e400'));
 * // → 0.0025 undefined undefined undefined
 * ```
 */
export function parseDecimal(cell: string): number | undefined {
  const s = cell.trim();
  if (!DECIMAL.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * True when the cell is written as a number at all (even a refused one: hex, `Infinity`, `NaN`, out of range).
 *
 * @param cell - The cell's text (surrounding spaces ignored).
 *
 * @example
 * ```ts
 * import { looksNumeric } from '@softmax-ntk/linalg';
 *
 * // Whether a cell is written as a number at all (so a CSV header is not mistaken for data, nor data for a header)
 * console.log(looksNumeric('x1'), looksNumeric('0x10'), looksNumeric('NaN'), looksNumeric('-3'));
 * // → false true true true
 * ```
 */
export function looksNumeric(cell: string): boolean {
  const s = cell.trim();
  return DECIMAL.test(s) || /^[+-]?(?:0[xob][0-9a-f_]+|infinity|nan)$/i.test(s);
}

/** Options of {@link parseNumberCsv}. */
export interface ParseNumberCsvOptions {
  /** Names the source in messages (a file name); default `csv`. */
  source?: string;
  /** Whether the first record is a header; default: when none of its cells is written as a number. */
  header?: boolean;
  /** Required number of columns. */
  cols?: number;
  /** Why `cols` columns, for the message (`d_in + d_out = 2 + 1`); default `as required`. */
  colsWhy?: string;
  /** Makes the error (a package's subclass of `ValidationError`); default `new ValidationError(path, detail)`. */
  error?: (path: string, detail: string) => ValidationError;
}

/** What {@link parseNumberCsv} returns: the numbers as a matrix, and the header when there was one. */
export interface NumberCsv {
  /** One row per record, one column per cell. */
  data: Matrix;
  /** The header's cells (trimmed), when the first record was one. */
  header?: string[];
  /** The separator found: `","` or `"\t"`. */
  delimiter: ',' | '\t';
}

/**
 * Rows of numbers from CSV text (rules in this module's header). A defect throws one line naming the row (data
 * rows count from 1) with its line in the text, and the column (from 1):
 * `points.csv: row 3 (line 5), column 2: expected a finite number, got "0x10"`.
 *
 * @param text - The CSV text.
 * @param options - The source's name for messages, the header rule, the expected row length and the error to throw.
 *
 * @example
 * ```ts
 * import { parseNumberCsv } from '@softmax-ntk/linalg';
 *
 * // The one CSV reader: a header when no cell of the first record is a number; decimals only
 * const { data, header, delimiter } = parseNumberCsv('x,y\n0.5,1\n-2,3e-1\n');
 * console.log(header.join(' '), JSON.stringify(delimiter), data.rows, data.cols, Array.from(data.data).join(' '));
 * // → x y "," 2 2 0.5 1 -2 0.3
 * try {
 *   parseNumberCsv('0.5,1\n0x10,2\n', { source: 'points.csv' });
 * } catch (e) {
 *   console.log(e.message); // points.csv: row 2 (line 2), column 1: expected a finite number, got "0x10"
 * }
 * ```
 */
export function parseNumberCsv(text: string, options: ParseNumberCsvOptions = {}): NumberCsv {
  const source = options.source ?? 'csv';
  // (typed as a never-returning function, so that each check narrows what follows it)
  const fail: (path: string, detail: string) => never = (path, detail) => {
    throw options.error ? options.error(path, detail) : new ValidationError(path, detail);
  };
  // The separator: a tab in the first record (first line that is neither blank nor a comment), else a comma.
  const firstRecord = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  const delimiter = firstRecord.includes('\t') ? '\t' : ',';
  const records: { cells: string[]; line: number }[] = [];
  let line = 1;
  let scanned = 0;
  let parseError: { line: number; message: string } | undefined;
  Papa.parse<string[]>(text, {
    delimiter,
    comments: '#',
    skipEmptyLines: 'greedy',
    step: (r) => {
      // The record's line: newlines before its last character (meta.cursor is just past its line break).
      const end = Math.max(r.meta.cursor - 1, scanned);
      for (let k = scanned; k < end; k++) if (text.charCodeAt(k) === 10) line++;
      scanned = end;
      const startLine = line - (r.data.join(delimiter).match(/\n/g)?.length ?? 0);
      if (r.errors.length && !parseError) parseError = { line: startLine, message: r.errors[0]?.message ?? 'bad CSV' };
      records.push({ cells: r.data.map((c) => c.trim()), line: startLine });
    },
  });
  if (parseError) fail(`${source}: line ${parseError.line}`, `invalid CSV: ${parseError.message}`);
  let header: string[] | undefined;
  const first = records[0];
  if (first && (options.header ?? !first.cells.some(looksNumeric))) {
    header = first.cells;
    records.shift();
  }
  if (records.length === 0) fail(source, 'expected at least one row of numbers, got none');
  const width = options.cols ?? header?.length ?? (records[0] as { cells: string[] }).cells.length;
  const why =
    options.cols !== undefined ? (options.colsWhy ?? 'as required') : header ? 'as the header has' : 'as row 1 has';
  const data = new Float64Array(records.length * width);
  records.forEach(({ cells, line: l }, i) => {
    if (cells.length !== width)
      fail(`${source}: row ${i + 1} (line ${l})`, `expected ${width} columns (${why}), got ${cells.length}`);
    cells.forEach((c, j) => {
      const v = parseDecimal(c);
      if (v === undefined)
        fail(
          `${source}: row ${i + 1} (line ${l}), column ${j + 1}`,
          `expected a finite number, got ${describeValue(c)}`,
        );
      data[i * width + j] = v;
    });
  });
  const out: NumberCsv = { data: { rows: records.length, cols: width, data }, delimiter };
  if (header) out.header = header;
  return out;
}
