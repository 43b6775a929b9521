/**
 * Training checkpoints in a file (Node): linalg's `fileStore` (read strictly, written atomically: temporary
 * file in the same directory, fsync, rename), tied to their problem by its sha256.
 * Definition 3.5's gradient descent resumes from them bit for bit.
 */
import { createHash } from 'node:crypto';
import { fileStore } from '@softmax-ntk/linalg/node';
import { CheckpointError, parseCheckpoint, serializeCheckpoint } from '../internal/checkpoint';
import type { Problem } from '../problem/problem';
import type { CheckpointStore } from './types';

/** sha256 of the activation, the shapes and the float64 bytes of x, y, w, a. */
export function problemHash(p: Problem): string {
  const h = createHash('sha256');
  h.update(
    `${p.activation};x${p.x.rows}x${p.x.cols};y${p.y.rows}x${p.y.cols};w${p.w.rows}x${p.w.cols};a${p.a.rows}x${p.a.cols};`,
  );
  for (const m of [p.x, p.y, p.w, p.a]) h.update(new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  return h.digest('hex');
}

/** A {@link CheckpointStore} in the file at `path` (JSON, version 1); a missing file holds no checkpoint. */
export function fileCheckpoints(path: string): CheckpointStore {
  return {
    ...fileStore({
      path,
      what: 'checkpoint',
      parse: parseCheckpoint,
      serialize: serializeCheckpoint,
      readError: (err) => new CheckpointError('', err.message, { field: 'json', cause: err }),
    }),
    fingerprint: problemHash,
  };
}
