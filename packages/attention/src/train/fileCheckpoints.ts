/**
 * Attention training checkpoints in a file (Node): linalg's `fileStore` — read with the one size-limited,
 * regular-file-only reader, written atomically (temporary file in the same directory, fsync, rename) — read back
 * losslessly, tied to the problem by a hash of its bytes. The trainer resumes from them bit for bit.
 */
import { argumentError } from '@softmax-ntk/linalg';
import { fileStore } from '@softmax-ntk/linalg/node';
import { parseCheckpoint, problemHash, serializeCheckpoint } from '../internal/checkpoint';
import type { CheckpointStore } from './types';

/** A {@link CheckpointStore} in the file at `path` (JSON, version 1); a missing file holds no checkpoint. */
export function fileCheckpoints(path: string): CheckpointStore {
  if (typeof path !== 'string' || path === '')
    throw argumentError('path', `expected a non-empty string, got ${JSON.stringify(path)}`);
  return {
    ...fileStore({ path, what: 'checkpoint', parse: parseCheckpoint, serialize: serializeCheckpoint }),
    fingerprint: problemHash,
  };
}
