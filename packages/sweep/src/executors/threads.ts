/**
 * The `threads` executor: a pool of worker threads sized to the cores (or
 * `workers`), each loading the built `dist/worker.js` with its own module
 * state and tfjs backend. Cells are independent, so they are all submitted
 * and the pool keeps every thread busy.
 */
import { availableParallelism } from 'node:os';
import { cellPool, type CellPool } from '../internal/pool';
import type { CellRecord } from '../store/types';
import { errorMessage, type Executor } from './types';

export interface ThreadsExecutorOptions {
  /** Threads (default: the available cores). */
  workers?: number;
  /** Tries per cell (default 1). */
  attempts?: number;
  /** Per-cell time limit in ms (default none). */
  timeoutMs?: number;
}

export function threadsExecutor({
  workers = availableParallelism(),
  attempts = 1,
  timeoutMs,
}: ThreadsExecutorOptions = {}): Executor {
  let pool: CellPool | undefined;
  return {
    name: 'threads',
    async run(cells, hooks, signal) {
      pool ??= cellPool(workers);
      const p = pool;
      // At most `workers` cells in flight, so a cell is reported started when a thread takes it.
      let next = 0;
      const lane = async () => {
        while (next < cells.length && !signal?.aborted) {
          const cell = cells[next++]!;
          hooks.onStart(cell);
          let rec: CellRecord | undefined;
          for (let a = 1; a <= attempts && !rec?.result; a++) {
            const t0 = performance.now();
            try {
              const out = await p.run(cell, { timeoutMs, signal });
              rec = {
                ...cell,
                status: 'done',
                result: out.result,
                attempts: a,
                ms: out.ms,
                executor: 'threads',
                worker: out.worker,
                finishedAt: new Date().toISOString(),
              };
            } catch (err) {
              if (signal?.aborted) return;
              rec = {
                ...cell,
                status: 'failed',
                error: errorMessage(err),
                attempts: a,
                ms: performance.now() - t0,
                executor: 'threads',
                worker: '',
                finishedAt: new Date().toISOString(),
              };
            }
          }
          hooks.onRecord(rec as CellRecord);
        }
      };
      await Promise.all(Array.from({ length: Math.min(workers, cells.length) }, lane));
    },
    async close() {
      await pool?.close();
      pool = undefined;
    },
  };
}
