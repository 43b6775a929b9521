/**
 * Stops the worker threads `gramAsync` started (they are kept alive between calls, unref'd while idle, so a
 * process exits without this; call it to free their memory early). The next `gramAsync` starts new ones.
 */
import { terminatePool } from '../internal/gramPool';
import { dropSpareFactors } from '../internal/gramFactors32';

/** Also drops the float32 buffers of c and cᵀ that `gram` and `gramAsync` keep for the next call (2·nd·m·4 bytes). */
export function terminateGramWorkers(): Promise<void> {
  dropSpareFactors();
  return terminatePool();
}
