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

/**
 * sha256 of the activation, the shapes and the float64 bytes of x, y, w, a.
 *
 * @param p - The problem at W(0).
 *
 * @example
 * ```js
 * import { makeProblem } from '@softmax-ntk/network';
 * import { problemHash } from '@softmax-ntk/network/node';
 *
 * const a = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 1 }).problem;
 * const b = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 2 }).problem;
 * console.log(problemHash(a).length, problemHash(a) === problemHash(a), problemHash(a) === problemHash(b));
 * // → 64 true false
 * ```
 */
export function problemHash(p: Problem): string {
  const h = createHash('sha256');
  h.update(
    `${p.activation};x${p.x.rows}x${p.x.cols};y${p.y.rows}x${p.y.cols};w${p.w.rows}x${p.w.cols};a${p.a.rows}x${p.a.cols};`,
  );
  for (const m of [p.x, p.y, p.w, p.a]) h.update(new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  return h.digest('hex');
}

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
 * import { makeProblem, train } from '@softmax-ntk/network';
 * import { fileCheckpoints } from '@softmax-ntk/network/node';
 *
 * // the environment-neutral `train` with its checkpoints in a file
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const checkpoints = fileCheckpoints(join(dir, 'ckpt.json'));
 * console.log(checkpoints.read()); // no file yet
 * // → undefined
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 1, numNeurons: 16, sigma: 1, seed: 1 });
 * await train({ problem, precision: 'float64', steps: 30, checkpoints, checkpointEvery: 10 });
 * console.log(checkpoints.read().step, checkpoints.fingerprint(problem).length);
 * // → 30 64
 * ```
 */
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
