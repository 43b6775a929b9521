/**
 * A sweep directory: `sweep.json` (the grid and how it runs), `results.jsonl`
 * (the store), and `running.json` (the cells in flight and the pid running
 * them, for `sweep status`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeValue, assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { readInputFile, writeFileAtomic } from '@softmax-ntk/linalg/node';
import { SweepError, type Grid, type ParsedGrid } from '../grid/types';
import { EXECUTORS, type ExecutorName } from './types';

/** The manifest of a sweep directory: the grid and how it runs ({@link Manifest}). */
export const MANIFEST_FILE = 'sweep.json';
export const RUNNING_FILE = 'running.json';

/** A sweep directory's manifest (`sweep.json`): the grid and how it runs. */
export interface Manifest {
  /** Always `softmax-ntk/sweep`. */
  format: 'softmax-ntk/sweep';
  /** The manifest format version (1). */
  version: 1;
  /** The sweep's id (from its grid). */
  sweepId: string;
  /** The grid's name. */
  name: string;
  /** The grid, normalised (seeds folded into axes). */
  grid: Grid;
  /** The number of cells of the grid. */
  cells: number;
  /** The executor the sweep runs on. */
  executor: ExecutorName;
  /** Redis URL and queue name for the `queue` executor. */
  queue: string | null;
  /** The BullMQ queue name for the `queue` executor, else null. */
  queueName: string | null;
  /** When the manifest was last written (ISO 8601). */
  updatedAt: string;
}

export interface RunningFile {
  pid: number;
  host: string;
  running: string[];
  updatedAt: string;
}

export function gridOf(g: ParsedGrid): Grid {
  const grid: Grid = { name: g.name, experiment: g.experiment, axes: g.axes, record: g.record };
  if (Object.keys(g.fixed).length) grid.fixed = g.fixed;
  if (g.points.length) grid.points = g.points;
  return grid;
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(m, null, 2)}\n`);
}

/** Largest sweep.json / running.json read: far above any this package writes (a grid is at most 1 MiB of cells). */
const MAX_MANIFEST_BYTES = 64 * 1024 ** 2;

/** A file of a sweep directory as text: a regular file within the size limit (linalg's one reader), else one line. */
export function readSweepFile(path: string, what: string, maxBytes = MAX_MANIFEST_BYTES): string {
  try {
    return readInputFile({ path, what, maxBytes });
  } catch (err) {
    throw new SweepError('out', (err as Error).message);
  }
}

/**
 * Reads and checks the manifest (`sweep.json`) of a sweep directory: the grid and how it runs. Read strictly, as
 * any file a user may hand over: a regular file within the size limit, valid JSON, every field of the right type
 * (the grid itself is checked by `parseGrid` where it is used); otherwise one `SweepError` line naming the file and
 * the field.
 *
 * @param dir - The sweep directory.
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { MANIFEST_FILE, readManifest, runSweep } from '@softmax-ntk/sweep/node';
 *
 * const out = join(mkdtempSync(join(tmpdir(), 'softmax-ntk-')), 'demo.sweep');
 * await runSweep({ grid: { experiment: 'train', axes: { n: [4, 8] }, fixed: { m: 16, steps: 20 } }, out });
 * const m = readManifest(out); // out/sweep.json
 * console.log(MANIFEST_FILE, m.format, m.version, m.cells, m.executor, m.grid.experiment);
 * // → sweep.json softmax-ntk/sweep 1 2 inline train
 * writeFileSync(join(out, MANIFEST_FILE), '{"format": "softmax-ntk/sweep", "version": 2}');
 * try {
 *   readManifest(out);
 * } catch (e) {
 *   console.log(e.name, e.field);
 *   // → SweepError version
 * }
 * ```
 */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path))
    throw new SweepError(
      'out',
      `no sweep in ${dir}: ${MANIFEST_FILE} is missing (run \`sweep run GRID --out ${dir}\` first)`,
    );
  const text = readSweepFile(path, 'sweep manifest');
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new SweepError('json', `${path}: not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  assertNoDuplicateKey(text, (field, detail) => new SweepError(field, `${path}: ${field}: ${detail}`));
  const bad = (field: string, detail: string): never => {
    throw new SweepError(field, `${path}: ${field}: ${detail}`);
  };
  if (typeof m !== 'object' || m === null || Array.isArray(m)) bad('json', 'expected a JSON object');
  const o = m as Record<string, unknown>;
  if (o['format'] !== 'softmax-ntk/sweep') bad('format', `expected "softmax-ntk/sweep" (not a sweep manifest)`);
  if (o['version'] !== 1) bad('version', `expected 1, got ${describeValue(o['version'])}`);
  for (const f of ['sweepId', 'name', 'updatedAt'] as const)
    if (typeof o[f] !== 'string') bad(f, `expected a string, got ${describeValue(o[f])}`);
  if (typeof o['grid'] !== 'object' || o['grid'] === null || Array.isArray(o['grid']))
    bad('grid', `expected a grid object, got ${describeValue(o['grid'])}`);
  const cells = o['cells'];
  if (typeof cells !== 'number' || !Number.isSafeInteger(cells) || cells < 0)
    bad('cells', `expected an integer ≥ 0, got ${describeValue(cells)}`);
  if (!(EXECUTORS as readonly unknown[]).includes(o['executor']))
    bad('executor', `expected one of ${EXECUTORS.join(', ')}, got ${describeValue(o['executor'])}`);
  for (const f of ['queue', 'queueName'] as const)
    if (o[f] !== null && typeof o[f] !== 'string') bad(f, `expected a string or null, got ${describeValue(o[f])}`);
  return o as unknown as Manifest;
}

export function writeRunning(dir: string, running: Iterable<string>, host: string): void {
  const r: RunningFile = { pid: process.pid, host, running: [...running], updatedAt: new Date().toISOString() };
  writeFileAtomic(join(dir, RUNNING_FILE), `${JSON.stringify(r)}\n`);
}

/** The runner's `running.json`, when it is a well-formed one; anything else (a torn or foreign file) is ignored. */
export function readRunning(dir: string): RunningFile | undefined {
  const path = join(dir, RUNNING_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const r = JSON.parse(readSweepFile(path, 'sweep running file')) as Partial<RunningFile> | null;
    const ok =
      typeof r === 'object' &&
      r !== null &&
      typeof r.pid === 'number' &&
      Number.isSafeInteger(r.pid) &&
      r.pid > 0 &&
      typeof r.host === 'string' &&
      Array.isArray(r.running) &&
      r.running.every((id) => typeof id === 'string');
    return ok ? (r as RunningFile) : undefined;
  } catch {
    return undefined;
  }
}
