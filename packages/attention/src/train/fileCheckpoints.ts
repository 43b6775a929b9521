/**
 * Attention training checkpoints in a file (Node): written atomically
 * (temporary file in the same directory, rename), read back losslessly, tied to
 * the problem by a hash of its bytes. The trainer resumes from them bit for bit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { parseCheckpoint, problemHash, serializeCheckpoint } from '../internal/checkpoint';
import type { CheckpointStore } from './types';

/** A {@link CheckpointStore} in the file at `path` (JSON, version 1); a missing file holds no checkpoint. */
export function fileCheckpoints(path: string): CheckpointStore {
  if (typeof path !== 'string' || path === '')
    throw new RangeError(`invalid argument: \`path\` must be a non-empty string, got ${JSON.stringify(path)}`);
  return {
    location: path,
    fingerprint: problemHash,
    read: () => {
      if (!existsSync(path)) return undefined;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        throw new Error(`cannot read checkpoint ${JSON.stringify(path)}: ${(err as Error).message}`, { cause: err });
      }
      return parseCheckpoint(text, path);
    },
    write: (c) => writeFileAtomic(path, serializeCheckpoint(c)),
  };
}
