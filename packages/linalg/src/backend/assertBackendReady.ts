/** The guard every float32 (tfjs) routine of the packages runs before touching a tensor. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Throws a clear error when float32 work is asked for before a tfjs backend is ready.
 *
 * @example
 * ```ts
 * import { assertBackendReady, initBackend } from '@softmax-ntk/linalg';
 *
 * // After initBackend the guard passes (before it, it throws a one-line error)
 * await initBackend();
 * assertBackendReady();
 * console.log('ready'); // ready
 * ```
 */
export function assertBackendReady(): void {
  let name: string | undefined;
  try {
    name = tf.engine().backendName;
  } catch {
    name = undefined;
  }
  if (!name) {
    throw new Error(
      'float32 precision needs an initialised tfjs backend: `await initBackend()` (exported by @softmax-ntk/network and @softmax-ntk/linalg) first',
    );
  }
}
