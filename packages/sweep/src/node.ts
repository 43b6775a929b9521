/**
 * @softmax-ntk/sweep/node — the Node-only part of the sweeps of Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024): the runner and its
 * executors (inline, worker threads, BullMQ queue), grid files, the resumable
 * JSON-lines store, status and collection. The thread pool and the queue
 * load when a sweep uses them.
 *
 * @packageDocumentation
 */
export { runSweep } from './runSweep';
export type { CellStatus, RunSweepOptions, SweepCell, SweepProgress, SweepResult } from './runSweep';
export { readGridFile } from './grid/readGridFile';
export { readStore, parseStore, RESULTS_FILE } from './store/resultStore';
export type { StoreContents } from './store/resultStore';
export { readManifest, MANIFEST_FILE } from './store/manifest';
export type { Manifest } from './store/manifest';
export { startQueueWorker } from './queue/startQueueWorker';
export type {
  QueueWorker,
  QueueWorkerCloseOptions,
  QueueWorkerEvent,
  QueueWorkerOptions,
} from './queue/startQueueWorker';
export { DEFAULT_QUEUE_NAME, redactUrl } from './queue/redis';
export { LOCK_FILE } from './store/lock';
export { sweepStatus } from './status/sweepStatus';
export type { CellState, CellStatusRow, SweepStatus, SweepStatusOptions } from './status/sweepStatus';
export { collectSweep, toCsv } from './collect/collectSweep';
export type { SweepTable, TableValue } from './collect/collectSweep';
