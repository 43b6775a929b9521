/**
 * Gradient descent (Definition 3.5) with checkpoints in a file: the `train` of
 * `@softmax-ntk/network/node`, which adds `checkpointPath` to the
 * environment-neutral `train`.
 */
import { checkpointStoreOf } from '@softmax-ntk/linalg/node';
import { fileCheckpoints } from './fileCheckpoints';
import { train as trainWith, type TrainOptions as BaseTrainOptions } from './train';
import type { TrainResult } from './types';

export interface TrainOptions extends BaseTrainOptions {
  /** Checkpoint file; written every `checkpointEvery` steps and when training stops (atomically). */
  checkpointPath?: string;
  /** Continue from `checkpointPath` if it exists (else start afresh). */
  resume?: boolean;
}

/**
 * @see Definition 3.5 — `train` of the main entry, with `checkpointPath` kept by {@link fileCheckpoints}.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { checkpointPath: _path, ...rest } = options;
  const checkpoints = checkpointStoreOf(options, fileCheckpoints);
  return trainWith(checkpoints ? { ...rest, checkpoints } : rest);
}
