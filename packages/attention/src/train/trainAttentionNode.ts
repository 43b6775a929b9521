/**
 * Attention training with checkpoints in a file: the `trainAttention` of
 * `@softmax-ntk/attention/node`, which adds `checkpointPath` to the
 * environment-neutral trainer of the main entry.
 */
import { failArg } from '../internal/validate';
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
  const { checkpointPath, ...rest } = options;
  if (checkpointPath === undefined) {
    if (options.resume && !options.checkpoints) failArg('`resume` needs `checkpointPath`, got none');
    return trainWith(rest);
  }
  if (typeof checkpointPath !== 'string' || checkpointPath === '')
    failArg(`\`checkpointPath\` must be a non-empty string, got ${JSON.stringify(checkpointPath)}`);
  if (options.checkpoints) failArg('`checkpointPath` and `checkpoints` are exclusive, got both');
  return trainWith({ ...rest, checkpoints: fileCheckpoints(checkpointPath) });
}
