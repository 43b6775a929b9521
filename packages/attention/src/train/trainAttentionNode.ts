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
 * @param options - The main entry's options, plus `checkpointPath`.
 *
 * @see Definition 3.5 (GD) and Section 7 (Eq. (7)); the schedule and resume rules are the main entry's.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeAttentionTask } from '@softmax-ntk/attention';
 * import { trainAttention } from '@softmax-ntk/attention/node';
 *
 * // 20 steps at once, or 10 then 10 more resumed from the checkpoint file: the same loss, bit for bit
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * const whole = await trainAttention({ problem, steps: 20 });
 * const checkpointPath = join(dir, 'ckpt.json');
 * await trainAttention({ problem, steps: 10, checkpointPath });
 * const resumed = await trainAttention({ problem, steps: 20, checkpointPath, resume: true });
 * console.log(resumed.steps, resumed.loss === whole.loss, resumed.loss.toFixed(4));
 * // → 20 true 0.1221
 * ```
 */
export async function trainAttention(options: TrainAttentionOptions): Promise<AttentionTrainResult> {
  const { checkpointPath: _path, ...rest } = options;
  const checkpoints = checkpointStoreOf(options, fileCheckpoints);
  return trainWith(checkpoints ? { ...rest, checkpoints } : rest);
}
