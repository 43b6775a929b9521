/**
 * A pool of worker threads (piscina) running `dist/worker.js`, with a
 * per-cell timeout: a cell that overruns is aborted, which terminates its
 * thread (piscina starts a fresh one), so a runaway cell cannot hold a slot.
 */
import { pathToFileURL } from 'node:url';
import { piscina } from './lazyModules';
import type { CellOutput, CellTask } from './runCell';
import { workerFile } from './workerFile';

export interface CellPool {
  run(task: CellTask, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<CellOutput>;
  close(): Promise<void>;
}

export function cellPool(threads: number): CellPool {
  const pool = new (piscina().Piscina)({
    filename: pathToFileURL(workerFile()).href,
    minThreads: threads,
    maxThreads: threads,
    // One task per thread at a time: cells are CPU-bound.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });
  return {
    async run(task, { timeoutMs, signal } = {}) {
      const signals = [signal, timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined].filter(
        (s): s is AbortSignal => s !== undefined,
      );
      const s = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
      try {
        return (await pool.run(task, s ? { signal: s } : {})) as CellOutput;
      } catch (err) {
        if (timeoutMs && s?.aborted && !signal?.aborted)
          throw new Error(`cell ${task.id} timed out after ${timeoutMs} ms`, { cause: err });
        throw err;
      }
    },
    async close() {
      await pool.destroy();
    },
  };
}
