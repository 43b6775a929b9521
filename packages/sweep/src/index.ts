/**
 * @softmax-ntk/sweep — experiment sweeps for the scaling questions of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024): how the
 * width m*, the steps T̂ and λ_min(H*) grow with n, d, m, σ. A declarative
 * grid of independent cells, one runner, three executors (inline, a
 * worker-thread pool, a BullMQ queue on Redis), a resumable JSON-lines
 * store, status, and log–log scaling fits.
 */
export { runSweep } from './runSweep';
export type { CellStatus, RunSweepOptions, SweepCell, SweepProgress, SweepResult } from './runSweep';
export { parseGrid, MAX_CELLS } from './grid/parseGrid';
export type { ParseGridOptions } from './grid/parseGrid';
export { readGridFile } from './grid/readGridFile';
export { canonicalJson, cellId } from './grid/cellId';
export { SweepError } from './grid/types';
export type { Cell, Grid, ParamValue, ParsedGrid } from './grid/types';
export { EXPERIMENTS, EXPERIMENT_NAMES, experimentOf } from './experiments/index';
export type { Experiment, ExperimentName } from './experiments/index';
export type { ExperimentContext } from './experiments/types';
export { trainExperiment } from './experiments/train';
export type { TrainCellResult, TrainParams } from './experiments/train';
export { table1CellExperiment } from './experiments/table1Cell';
export type { Table1CellParams, Table1CellResult } from './experiments/table1Cell';
export type { ParamSpec } from './internal/params';
export { EXECUTORS } from './store/types';
export type { CellRecord, ExecutorName } from './store/types';
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
export { scaling, REDUCERS } from './collect/scaling';
export type { Reduce, ScalingOptions, ScalingSeries } from './collect/scaling';
export { fitLogLog } from './collect/fitLogLog';
export type { FitLogLogOptions, LogLogFit } from './collect/fitLogLog';
