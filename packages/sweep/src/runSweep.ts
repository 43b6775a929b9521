/**
 * The sweep runner: validate the grid, skip the cells the store already has,
 * run the rest on the chosen executor, and append each result to the store
 * as it arrives.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { inlineExecutor } from './executors/inline';
import type { Executor } from './executors/types';
import { parseGrid } from './grid/parseGrid';
import { SweepError, type Cell, type Grid, type ParsedGrid } from './grid/types';
import { checkReachable, checkRedisUrl, DEFAULT_QUEUE_NAME, redactUrl } from './queue/redis';
import { lockSweepDir } from './store/lock';
import { gridOf, writeManifest, writeRunning } from './store/manifest';
import { memoryStore, openStore, type ResultStore } from './store/resultStore';
import { EXECUTORS, type CellRecord, type ExecutorName } from './store/types';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** The grid: an object as in a grid file, or the result of `parseGrid` / `readGridFile`. */
  grid: Grid | ParsedGrid;
  /** `inline` (default), `threads` or `queue`. */
  executor?: ExecutorName;
  /** `threads`: pool size (default: the available cores). */
  workers?: number;
  /** `queue`: Redis URL, e.g. redis://127.0.0.1:6379 (required there). */
  queue?: string;
  /** `queue`: BullMQ queue name (default "softmax-ntk-sweep"). */
  queueName?: string;
  /** Sweep directory for `sweep.json` and `results.jsonl`; without it results are kept in memory only (nothing is skipped). */
  out?: string;
  /** Tries per cell (default 1 inline and threads, 3 queue). */
  attempts?: number;
  /** Per-cell time limit in ms (`threads`, `queue`; inline cells cannot be interrupted). */
  timeoutMs?: number;
  /** `queue`: wait for the results (default true); false enqueues and returns with the cells pending. */
  wait?: boolean;
  /** Called after each cell is recorded. */
  onProgress?: (p: SweepProgress) => void;
  /** Stops the sweep: no new cells start; finished ones stay recorded, and a rerun does the rest. */
  signal?: AbortSignal;
  /** `queue`: called once when the connection to Redis is lost and once when it is restored (one line each). */
  onConnection?: (state: 'lost' | 'restored', message: string) => void;
}

/** What `onProgress` receives after each cell is recorded. */
export interface SweepProgress {
  /** Cells done so far. */
  done: number;
  /** Cells failed so far. */
  failed: number;
  /** Cells of the grid. */
  total: number;
  /** The record just stored. */
  record: CellRecord;
}

/** The status of a cell in {@link SweepResult}: done, failed, or not recorded yet. */
export type CellStatus = 'done' | 'failed' | 'pending';

/** A cell of {@link SweepResult}: its id and parameters, its status and result. */
export interface SweepCell extends Cell {
  /** Done, failed or pending. */
  status: CellStatus;
  /** The experiment's result (the grid's `record` fields) when done. */
  result?: Record<string, unknown>;
  /** The error message of a failed cell. */
  error?: string;
  /** Starts of the cell, retries included. */
  attempts?: number;
}

/** What {@link runSweep} returns: every cell with its status and result, and the counts. */
export interface SweepResult {
  /** The sweep's id (from its grid). */
  sweepId: string;
  /** The grid's name. */
  name: string;
  /** The experiment every cell ran. */
  experiment: string;
  /** The executor used. */
  executor: ExecutorName;
  /** Every cell of the grid, in grid order. */
  cells: SweepCell[];
  /** Cells of the grid. */
  total: number;
  /** Cells run (or collected from the queue) by this call. */
  ran: number;
  /** Cells already done in the store before this call. */
  skipped: number;
  /** Cells done (this call and before). */
  done: number;
  /** Cells failed. */
  failed: number;
  /** Cells not recorded yet (interrupted, or a queue run without `wait`). */
  pending: number;
  /** The signal stopped the sweep before every cell was recorded. */
  interrupted: boolean;
}

function isParsed(g: Grid | ParsedGrid): g is ParsedGrid {
  return Array.isArray((g as ParsedGrid).cells) && typeof (g as ParsedGrid).sweepId === 'string';
}

function positiveInt(name: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 1)
    throw new SweepError(name, `invalid argument: ${name}: must be a positive integer, got ${v}`);
  return v;
}

function pick(result: Record<string, unknown> | undefined, fields: string[]): Record<string, unknown> | undefined {
  if (!result) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in result) out[f] = result[f];
  return out;
}

/**
 * Runs every cell of `grid` not yet done in the store of `out`.
 *
 * Verify's checks call it inline with a plain function call:
 * `const { cells } = await runSweep({ grid, executor: 'inline' })`.
 *
 * @param options - The grid, the executor, the sweep directory and the run's controls.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { runSweep } from '@softmax-ntk/sweep/node';
 *
 * // two GD runs (n = 4 and 8), kept in a sweep directory: a second run skips the finished cells
 * const out = join(mkdtempSync(join(tmpdir(), 'softmax-ntk-')), 'demo.sweep');
 * const grid = { experiment: 'train', axes: { n: [4, 8] }, fixed: { m: 16, steps: 20 }, record: ['status', 'steps'] };
 * const first = await runSweep({ grid, out, executor: 'inline' });
 * console.log(first.cells.map((c) => `n=${c.params.n}: ${c.status} ${c.result.status} ${c.result.steps}`).join(', '));
 * // → n=4: done budget 20, n=8: done budget 20
 * const again = await runSweep({ grid, out });
 * console.log(again.ran, again.skipped);
 * // → 0 2
 * ```
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepResult> {
  const grid = isParsed(options.grid) ? options.grid : parseGrid(options.grid);
  const executorName = options.executor ?? 'inline';
  if (!EXECUTORS.includes(executorName))
    throw new SweepError(
      'executor',
      `invalid argument: executor: must be one of ${EXECUTORS.join(', ')}, got ${JSON.stringify(executorName)}`,
    );
  const workers = positiveInt('workers', options.workers);
  const attempts = positiveInt('attempts', options.attempts);
  const timeoutMs = positiveInt('timeoutMs', options.timeoutMs);
  let queueUrl: string | undefined;
  if (executorName === 'queue') queueUrl = checkRedisUrl('`queue`', options.queue);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;

  // The queue must answer before anything is written: no sweep directory for an unreachable Redis.
  if (queueUrl) await checkReachable(queueUrl);
  let unlock = (): void => undefined;
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    unlock = lockSweepDir(options.out); // a second runner on this directory is refused, naming our pid
  }
  let store: ResultStore;
  try {
    store = options.out ? openStore(options.out) : memoryStore();
  } catch (e) {
    unlock();
    throw e;
  }
  const host = hostname();
  try {
    if (options.out) {
      writeManifest(options.out, {
        format: 'softmax-ntk/sweep',
        version: 1,
        sweepId: grid.sweepId,
        name: grid.name,
        grid: gridOf(grid),
        cells: grid.cells.length,
        executor: executorName,
        queue: queueUrl === undefined ? null : redactUrl(queueUrl), // credentials are never stored
        queueName: queueUrl ? queueName : null,
        updatedAt: new Date().toISOString(),
      });
    }
    const todo = grid.cells.filter((c) => store.records.get(c.id)?.status !== 'done');
    const skipped = grid.cells.length - todo.length;
    let executor: Executor;
    if (executorName === 'inline') executor = inlineExecutor({ attempts });
    // The thread pool (piscina) and the queue (bullmq, ioredis) load only when a sweep uses them.
    else if (executorName === 'threads')
      executor = (await import('./executors/threads')).threadsExecutor({ workers, attempts, timeoutMs });
    else
      executor = (await import('./executors/queue')).queueExecutor({
        url: queueUrl as string,
        queueName,
        attempts,
        timeoutMs,
        wait: options.wait,
        onConnection: options.onConnection,
      });

    const running = new Set<string>();
    const wanted = new Set(todo.map((c) => c.id));
    let ran = 0,
      done = 0,
      failed = 0;
    const mark = () => options.out && writeRunning(options.out, running, host);
    try {
      if (todo.length) {
        await executor.run(
          todo,
          {
            onStart(cell) {
              running.add(cell.id);
              mark();
            },
            onRecord(rec) {
              running.delete(rec.id);
              if (!wanted.has(rec.id)) return;
              const stored: CellRecord =
                rec.status === 'done' ? { ...rec, result: pick(rec.result, grid.record) } : rec;
              if (store.append(stored)) {
                ran++;
                if (stored.status === 'done') done++;
                else failed++;
              }
              mark();
              options.onProgress?.({ done: skipped + done, failed, total: grid.cells.length, record: stored });
            },
          },
          options.signal,
        );
      }
    } finally {
      running.clear();
      mark();
      await executor.close();
    }
    const cells: SweepCell[] = grid.cells.map((c) => {
      const r = store.records.get(c.id);
      if (!r) return { ...c, status: 'pending' };
      return r.status === 'done'
        ? { ...c, status: 'done', result: r.result, attempts: r.attempts }
        : { ...c, status: 'failed', error: r.error, attempts: r.attempts };
    });
    const count = (s: CellStatus) => cells.filter((c) => c.status === s).length;
    return {
      sweepId: grid.sweepId,
      name: grid.name,
      experiment: grid.experiment,
      executor: executorName,
      cells,
      total: cells.length,
      ran,
      skipped,
      done: count('done'),
      failed: count('failed'),
      pending: count('pending'),
      interrupted: Boolean(options.signal?.aborted) && count('pending') > 0,
    };
  } finally {
    store.close();
    unlock();
  }
}
