/**
 * Stops the worker threads `gramAsync` started (they are kept alive between calls, unref'd while idle, so a
 * process exits without this; call it to free their memory early). The next `gramAsync` starts new ones.
 */
import { terminatePool } from '../internal/gramPool';
import { dropSpareFactors } from '../internal/gramFactors32';
import { shared64 } from '../internal/gramBands64';

/**
 * Stops the worker threads that `gramAsync` started (the next call starts new ones) and drops the float32 buffers
 * of $c$ and $c^\top$ that `gram` and `gramAsync` keep for the next call ($2 \cdot nd \cdot m \cdot 4$ bytes) and the
 * shared ones of $c$, $X X^\top$ and $K$ that `gramAsync` keeps (float64: $8 \cdot (nd \cdot m + n^2 + (nd)^2)$
 * bytes; float32, without c: $8 \cdot (n^2 + (nd)^2)$ bytes and a little more).
 *
 * @example
 * ```js
 * import { initBackend, makeProblem } from '@softmax-ntk/network';
 * import { gramAsync, terminateGramWorkers } from '@softmax-ntk/ntk/node';
 *
 * await initBackend();
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const net = { w: problem.w, a: problem.a, x: problem.x, precision: 'float32', threads: 2 };
 * const before = await gramAsync(net);
 * await terminateGramWorkers(); // the workers stop; the next call starts new ones
 * const after = await gramAsync(net);
 * console.log(after.data.every((v, k) => v === before.data[k]));
 * // → true
 * await terminateGramWorkers();
 * ```
 */
export function terminateGramWorkers(): Promise<void> {
  dropSpareFactors();
  shared64.drop();
  return terminatePool();
}
