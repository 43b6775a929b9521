/** The results store: one JSON line per finished cell. */
import type { ParamValue } from '../internal/params';

/**
 * Where a sweep runs its cells: `"inline"` (this thread), `"threads"` (worker threads) or `"queue"` (a file queue
 * that other processes drain).
 */
export type ExecutorName = 'inline' | 'threads' | 'queue';

/** Every {@link ExecutorName}, in the order the CLI lists them. */
export const EXECUTORS: readonly ExecutorName[] = ['inline', 'threads', 'queue'];

/** One line of `results.jsonl`. */
export interface CellRecord {
  /** The cell's id (`cellId` of its experiment and parameters). */
  id: string;
  /** The experiment the cell ran. */
  experiment: string;
  /** The cell's complete parameters. */
  params: Record<string, ParamValue>;
  /** `done`: `result` holds the experiment's result; `failed`: `error` says why (the cell reruns on the next run). */
  status: 'done' | 'failed';
  /** The result fields kept (the grid's `record`), when `status` is `done`. */
  result?: Record<string, unknown>;
  /** The error message of the last attempt, when `status` is `failed`. */
  error?: string;
  /** Times the cell was started, counting retries (a worker killed mid-cell, a timeout, an error). */
  attempts: number;
  /** Wall time of the successful (or last) attempt, ms. */
  ms: number;
  /** The executor that ran it: `inline`, `threads` or `queue`. */
  executor: ExecutorName;
  /** host:pid (and thread) of the worker that ran it. */
  worker: string;
  /** ISO time the cell finished. */
  finishedAt: string;
}
