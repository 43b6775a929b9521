/** The results store: one JSON line per finished cell. */
import type { ParamValue } from '../internal/params';

export type ExecutorName = 'inline' | 'threads' | 'queue';

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
