/**
 * Gradient descent (Definition 3.5) with checkpoints in a file: the `train` of
 * `@softmax-ntk/network/node`, which adds `checkpointPath` to the
 * environment-neutral `train`.
 */
import { checkpointStoreOf, softmaxGradient32Threads, softmaxGradient64Threads } from '@softmax-ntk/linalg/node';
import { fileCheckpoints } from './fileCheckpoints';
import { train as trainWith, type TrainOptions as BaseTrainOptions } from './train';
import type { TrainResult } from './types';

/** Options of the Node `train`: the main entry's, plus a checkpoint file and the threads of the softmax step. */
export interface TrainOptions extends BaseTrainOptions {
  /** Checkpoint file; written every `checkpointEvery` steps and when training stops (atomically). */
  checkpointPath?: string;
  /** Continue from `checkpointPath` if it exists (else start afresh). */
  resume?: boolean;
  /**
   * Threads of the softmax step (linalg's `softmaxGradient64Threads` or, in float32, `softmaxGradient32Threads`:
   * the second half of the rows on a worker; bitwise the same numbers on any count). Default:
   * `SOFTMAX_NTK_THREADS`, else one per core; `1`: this thread only.
   */
  threads?: number;
}

/**
 * Gradient descent $W(\tau+1) = W(\tau) - \eta \, \Delta W(\tau)$: the main entry's `train`, with its
 * checkpoints in the file `checkpointPath` (kept by {@link fileCheckpoints}) and the softmax step on `threads`
 * threads (bitwise the same numbers on any count).
 *
 * @param options - The main entry's options, plus `checkpointPath`, `resume` and `threads`.
 * @returns The main entry's `TrainResult`.
 * @see Definition 3.5 — `train` of the main entry, with `checkpointPath` kept by {@link fileCheckpoints}.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeProblem } from '@softmax-ntk/network';
 * import { train } from '@softmax-ntk/network/node';
 *
 * // 40 steps at once, or 20 steps then 20 more resumed from the checkpoint file: the same W, bit for bit
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 1, numNeurons: 16, sigma: 1, seed: 1 });
 * const whole = await train({ problem, precision: 'float64', steps: 40, threads: 1 });
 * const checkpointPath = join(dir, 'ckpt.json');
 * await train({ problem, precision: 'float64', steps: 20, threads: 1, checkpointPath });
 * const resumed = await train({ problem, precision: 'float64', steps: 40, threads: 1, checkpointPath, resume: true });
 * console.log(resumed.steps, resumed.w.data.every((v, k) => v === whole.w.data[k]), resumed.loss === whole.loss);
 * // → 40 true true
 * ```
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { threads, ...others } = options;
  const float32 = options.precision === 'float32';
  const threaded =
    (float32 ? options.gradient32 : options.gradient64) === undefined
      ? (float32 ? softmaxGradient32Threads : softmaxGradient64Threads)({ threads })
      : undefined;
  try {
    return await trainOn(threaded ? { ...others, [float32 ? 'gradient32' : 'gradient64']: threaded } : others);
  } finally {
    await threaded?.dispose();
  }
}

async function trainOn(options: Omit<TrainOptions, 'threads'>): Promise<TrainResult> {
  const { checkpointPath: _path, ...rest } = options;
  const checkpoints = checkpointStoreOf(options, fileCheckpoints);
  return trainWith(checkpoints ? { ...rest, checkpoints } : rest);
}
