/**
 * The JSON-lines results store of a sweep directory:
 *
 * - `results.jsonl`: one line per finished (or failed) cell, appended by the
 *   one process that runs the sweep with a single `write` of the whole line.
 *   A crash can leave at most an unterminated last line; readers ignore a
 *   line without its newline or that is not JSON, and opening the store for
 *   writing cuts such a tail off before appending.
 * - Duplicates: the first `done` record of a cell wins, later ones are not
 *   appended (and ignored if present); a `done` supersedes a `failed`.
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CellRecord } from './types';
import { readSweepFile } from './manifest';

/** The file of a sweep directory that holds the results: one JSON record per line, appended as cells finish. */
export const RESULTS_FILE = 'results.jsonl';

/** What {@link readStore} and {@link parseStore} return: the effective record of each cell, and what was read. */
export interface StoreContents {
  /** The effective record per cell id. */
  records: Map<string, CellRecord>;
  /** Complete lines read. */
  lines: number;
  /** Lines ignored: an unterminated tail or lines that are not a record. */
  ignored: number;
  /** `done` lines for a cell that already had one. */
  duplicates: number;
}

function merge(records: Map<string, CellRecord>, rec: CellRecord): 'added' | 'duplicate' | 'kept' {
  const prev = records.get(rec.id);
  if (prev?.status === 'done') return rec.status === 'done' ? 'duplicate' : 'kept';
  records.set(rec.id, rec);
  return 'added';
}

/** An object whose values are scalars (numbers, strings, booleans, null): every experiment's result is one. */
function isScalarObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => x === null || ['number', 'string', 'boolean'].includes(typeof x));
}

/**
 * A line is a record when its fields have the types `CellRecord` gives them (a foreign or hand-edited line is
 * ignored and counted, never shown as a cell's state): `id` and `status`, an integer `attempts` $\ge 0$, a `result`
 * object of scalars on a `done` record, and an `error` string (if any).
 */
function isRecord(v: unknown): v is CellRecord {
  const r = v as CellRecord;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof r.id !== 'string') return false;
  if (r.status !== 'done' && r.status !== 'failed') return false;
  if (typeof r.attempts !== 'number' || !Number.isSafeInteger(r.attempts) || r.attempts < 0) return false;
  if (r.status === 'done' && !isScalarObject(r.result)) return false;
  return r.error === undefined || r.error === null || typeof r.error === 'string';
}

/**
 * Parses the store's text (exported for tests).
 *
 * @param text - The text of a `results.jsonl`.
 *
 * @example
 * ```js
 * import { parseStore } from '@softmax-ntk/sweep/node';
 *
 * // one JSON record per line; an unterminated last line (a write cut short) is ignored
 * const record = (id, status, extra) => JSON.stringify({ id, experiment: 'train', params: { n: 4 }, status, attempts: 1, ...extra });
 * const text = [record('a1', 'done', { result: { steps: 3 } }), record('b2', 'failed', { error: 'diverged' }), '{"id": "c3", "sta'];
 * const store = parseStore(text.join('\n'));
 * console.log(store.records.size, store.lines, store.ignored, store.records.get('b2').error);
 * // → 2 2 1 diverged
 * ```
 */
export function parseStore(text: string): StoreContents {
  const records = new Map<string, CellRecord>();
  let lines = 0,
    ignored = 0,
    duplicates = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      if (start < text.length) ignored++; // unterminated tail: a write cut short
      break;
    }
    const line = text.slice(start, nl);
    start = nl + 1;
    if (line.trim() === '') continue;
    lines++;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      ignored++;
      continue;
    }
    if (!isRecord(v)) {
      ignored++;
      continue;
    }
    if (merge(records, v) === 'duplicate') duplicates++;
  }
  return { records, lines, ignored, duplicates };
}

/**
 * Reads the store of sweep directory `dir` (empty when there is none).
 *
 * @param dir - The sweep directory.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { RESULTS_FILE, readStore, runSweep } from '@softmax-ntk/sweep/node';
 *
 * const out = join(mkdtempSync(join(tmpdir(), 'softmax-ntk-')), 'demo.sweep');
 * await runSweep({ grid: { experiment: 'train', axes: { n: [4, 8] }, fixed: { m: 16, steps: 20 } }, out });
 * const store = readStore(out); // out/results.jsonl
 * console.log(RESULTS_FILE, store.records.size, store.lines, store.ignored, [...store.records.values()][0].status);
 * // → results.jsonl 2 2 0 done
 * console.log(readStore(join(out, 'none')).records.size); // no store: empty
 * // → 0
 * ```
 */
export function readStore(dir: string): StoreContents {
  const path = join(dir, RESULTS_FILE);
  // a regular file within the size limit: a FIFO, a device or a directory in its place is one line, not a hang
  return parseStore(existsSync(path) ? readSweepFile(path, 'sweep results', RESULTS_MAX_BYTES) : '');
}

/**
 * Largest results.jsonl read: 500 MiB, under V8's longest string ($2^{29} - 24$ characters); a million cells (the grid
 * limit) of about 400 bytes each fit.
 */
const RESULTS_MAX_BYTES = 500 * 1024 ** 2;

export interface ResultStore {
  readonly path: string;
  /** The effective records so far (those read at open, then those appended). */
  readonly records: Map<string, CellRecord>;
  /** Appends `rec` unless the cell is already done; returns whether it was written. */
  append(rec: CellRecord): boolean;
  close(): void;
}

/** Opens (creating) the store of `dir` for appending, after cutting off an unterminated tail. */
export function openStore(dir: string): ResultStore {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, RESULTS_FILE);
  const text = existsSync(path) ? readSweepFile(path, 'sweep results', RESULTS_MAX_BYTES) : '';
  const { records } = parseStore(text);
  const fd = openSync(path, 'a+');
  const keep = text.lastIndexOf('\n') + 1;
  if (Buffer.byteLength(text.slice(0, keep)) !== Buffer.byteLength(text))
    ftruncateSync(fd, Buffer.byteLength(text.slice(0, keep)));
  let open = true;
  return {
    path,
    records,
    append(rec) {
      if (!open) throw new Error(`internal: the store ${path} is closed`);
      if (merge(records, rec) !== 'added') return false;
      const buf = Buffer.from(`${JSON.stringify(rec)}\n`, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      return true;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** A store that lives in memory only (a sweep run without `out`). */
export function memoryStore(): ResultStore {
  const records = new Map<string, CellRecord>();
  return {
    path: '',
    records,
    append: (rec) => merge(records, rec) === 'added',
    close() {},
  };
}
