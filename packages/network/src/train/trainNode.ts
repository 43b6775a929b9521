/**
 * Gradient descent (Definition 3.5) with checkpoints in a file: the `train` of
 * `@softmax-ntk/network/node`, which adds `checkpointPath` to the
 * environment-neutral `train`.
 */
import { checkpointStoreOf, softmaxGradient64Threads } from '@softmax-ntk/linalg/node';
import { fileCheckpoints } from './fileCheckpoints';
import { train as trainWith, type TrainOptions as BaseTrainOptions } from './train';
import type { TrainResult } from './types';

export interface TrainOptions extends BaseTrainOptions {
  /** Checkpoint file; written every `checkpointEvery` steps and when training stops (atomically). */
  checkpointPath?: string;
  /** Continue from `checkpointPath` if it exists (else start afresh). */
  resume?: boolean;
  /**
   * Threads of the float64 softmax step (linalg's `softmaxGradient64Threads`: the second half of the rows on a
   * worker; bitwise the same numbers on any count). Default: `SOFTMAX_NTK_THREADS`, else one per core; `1`: this
   * thread only.
   */
  threads?: number;
}

/**
 * @see Definition 3.5 — `train` of the main entry, with `checkpointPath` kept by {@link fileCheckpoints}.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { threads, ...others } = options;
  const threaded =
    (options.precision ?? 'float64') === 'float64' && options.gradient64 === undefined
      ? softmaxGradient64Threads({ threads })
      : undefined;
  try {
    return await trainOn(threaded ? { ...others, gradient64: threaded } : others);
  } finally {
    await threaded?.dispose();
  }
}

async function trainOn(options: Omit<TrainOptions, 'threads'>): Promise<TrainResult> {
  const { checkpointPath: _path, ...rest } = options;
  const checkpoints = checkpointStoreOf(options, fileCheckpoints);
  return trainWith(checkpoints ? { ...rest, checkpoints } : rest);
}
