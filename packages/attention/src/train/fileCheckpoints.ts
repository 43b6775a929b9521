/**
 * Attention training checkpoints in a file (Node): linalg's `fileStore` — read with the one size-limited,
 * regular-file-only reader, written atomically (temporary file in the same directory, fsync, rename) — read back
 * losslessly, tied to the problem by a hash of its bytes. The trainer resumes from them bit for bit.
 */
import { argumentError } from '@softmax-ntk/linalg';
import { fileStore } from '@softmax-ntk/linalg/node';
import { parseCheckpoint, problemHash, serializeCheckpoint } from '../internal/checkpoint';
import type { CheckpointStore } from './types';

/**
 * A {@link CheckpointStore} in the file at `path` (JSON, version 1); a missing file holds no checkpoint.
 *
 * @param path - The checkpoint file (created on the first write).
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeAttentionTask, trainAttention } from '@softmax-ntk/attention';
 * import { fileCheckpoints } from '@softmax-ntk/attention/node';
 *
 * // the environment-neutral trainer with its checkpoints in a file
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const checkpoints = fileCheckpoints(join(dir, 'ckpt.json'));
 * console.log(checkpoints.read()); // no file yet
 * // → undefined
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * await trainAttention({ problem, steps: 12, checkpoints, checkpointEvery: 5 });
 * console.log(checkpoints.read().step);
 * // → 12
 * ```
 */
export function fileCheckpoints(path: string): CheckpointStore {
  if (typeof path !== 'string' || path === '')
    throw argumentError('path', `expected a non-empty string, got ${JSON.stringify(path)}`);
  return {
    ...fileStore({ path, what: 'checkpoint', parse: parseCheckpoint, serialize: serializeCheckpoint }),
    fingerprint: problemHash,
  };
}
