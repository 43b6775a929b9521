/**
 * Browser stand-in for `packages/ntk/src/internal/gramPool.ts`, the
 * `node:worker_threads` pool behind `gramAsync` (it imports `node:worker_threads`,
 * `node:module` and `node:url`, which have no browser build). In the browser
 * `gramAsync` sees `availableParallelism() = 1` (./nodeStubs.ts) and computes
 * in its own thread, so the pool is never asked for workers; if it were, this
 * says why it cannot start them.
 */
import type { BackendName } from '@softmax-ntk/linalg';
// Type only (erased before bundling): the stand-in keeps the Node pool's signature instead of a copy of it.
import type { WorkerStats } from '../../../../packages/ntk/src/internal/gramPool';

export type { WorkerStats };

export function runOnPool(_problem: unknown, threads: number, _backend: BackendName): Promise<WorkerStats[]> {
  return Promise.reject(
    new Error(`gram workers (${threads} node:worker_threads) are not available in the browser; use threads: 1`),
  );
}

export async function terminatePool(): Promise<void> {}

export function poolSize(): number {
  return 0;
}
