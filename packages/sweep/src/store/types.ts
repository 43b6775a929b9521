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
  id: string;
  experiment: string;
  params: Record<string, ParamValue>;
  /** `done`: `result` holds the experiment's result; `failed`: `error` says why (the cell reruns on the next run). */
  status: 'done' | 'failed';
  result?: Record<string, unknown>;
  error?: string;
  /** Times the cell was started, counting retries (a worker killed mid-cell, a timeout, an error). */
  attempts: number;
  /** Wall time of the successful (or last) attempt, ms. */
  ms: number;
  executor: ExecutorName;
  /** host:pid (and thread) of the worker that ran it. */
  worker: string;
  finishedAt: string;
}
