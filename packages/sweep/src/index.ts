/**
 * @softmax-ntk/sweep — experiment sweeps for the scaling questions of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024): how the
 * width m*, the steps T̂ and λ_min(H*) grow with n, d, m, σ. A declarative
 * grid of independent cells, one runner, three executors (inline, a
 * worker-thread pool, a BullMQ queue on Redis), a resumable JSON-lines
 * store, status, and log–log scaling fits.
 *
 * This entry is environment-neutral (grids, cell ids, experiments, fits);
 * running sweeps, their files, the thread pool and the queue are in
 * `@softmax-ntk/sweep/node`.
 *
 * @packageDocumentation
 */
export { parseGrid, MAX_CELLS } from './grid/parseGrid';
export type { ParseGridOptions } from './grid/parseGrid';
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
export { scaling, REDUCERS } from './collect/scaling';
export type { Reduce, ScalingOptions, ScalingSeries } from './collect/scaling';
export { fitLogLog } from './collect/fitLogLog';
export type { FitLogLogOptions, LogLogFit } from './collect/fitLogLog';
