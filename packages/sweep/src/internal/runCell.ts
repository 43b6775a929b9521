/** Runs one cell in the current thread: the experiment's function, its result made plain JSON. */
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { experimentOf } from '../experiments/index';
import type { ParamValue } from './params';

export interface CellTask {
  id: string;
  experiment: string;
  params: Record<string, ParamValue>;
}

export interface CellOutput {
  result: Record<string, unknown>;
  ms: number;
  /** host:pid, and #threadId inside a worker thread. */
  worker: string;
}

export function workerLabel(): string {
  return `${hostname()}:${process.pid}${threadId ? `#${threadId}` : ''}`;
}

/**
 * Results pass through JSON on every executor (a thread's message, a Redis
 * string, a store line), so the inline executor does the same: non-finite
 * numbers become null, and every executor returns identical values.
 */
export async function runCell(task: CellTask): Promise<CellOutput> {
  const exp = experimentOf(task.experiment);
  if (!exp) throw new Error(`unknown experiment ${JSON.stringify(task.experiment)}`);
  const t0 = performance.now();
  const raw = await exp.run(task.params, { cellId: task.id });
  const ms = performance.now() - t0;
  return { result: JSON.parse(JSON.stringify(raw)) as Record<string, unknown>, ms, worker: workerLabel() };
}
