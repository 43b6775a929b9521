/**
 * Attention training with checkpoints in a file: the `trainAttention` of
 * `@softmax-ntk/attention/node`, which adds `checkpointPath` to the
 * environment-neutral trainer of the main entry.
 */
import { checkpointStoreOf } from '@softmax-ntk/linalg/node';
import { fileCheckpoints } from './fileCheckpoints';
import { trainAttention as trainWith, type TrainAttentionOptions as BaseOptions } from './trainAttention';
import type { AttentionTrainResult } from './types';

/** Options of the Node `trainAttention`: the main entry's, and a checkpoint file. */
export interface TrainAttentionOptions extends BaseOptions {
  /** Checkpoint file, written atomically every `checkpointEvery` steps and at the end (exclusive with `checkpoints`). */
  checkpointPath?: string;
}

/**
 * `trainAttention` of the main entry with `checkpointPath` kept by {@link fileCheckpoints}.
 *
 * @see Definition 3.5 (GD) and Section 7 (Eq. (7)); the schedule and resume rules are the main entry's.
 */
export async function trainAttention(options: TrainAttentionOptions): Promise<AttentionTrainResult> {
  const { checkpointPath: _path, ...rest } = options;
  const checkpoints = checkpointStoreOf(options, fileCheckpoints);
  return trainWith(checkpoints ? { ...rest, checkpoints } : rest);
}
