/**
 * The one reader of `SOFTMAX_NTK_THREADS`: every multi-threaded routine of the workspace (the float64 softmax step,
 * the two-thread `syrk` and `eigvalsh`, ntk's `gramAsync`) takes its thread count from here, so the variable means
 * the same everywhere and a bad value is refused the same way. No Node built-in is imported: `process` and
 * `node:os` are reached through `globalThis`, so the main entry can use it in a browser (no `process`: the
 * variable is unset and the machine counts as one thread).
 */
import { checkPositiveInt } from '../validate/arguments';

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  env?: Record<string, string | undefined>;
}

/** The variable a thread count is read from when the caller gives none. */
export const THREADS_ENV = 'SOFTMAX_NTK_THREADS';

/** `os.availableParallelism()` where Node's `node:os` can be reached without an import, else 1. */
function availableParallelism(proc: NodeProcess | undefined): number {
  try {
    const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
    return os?.availableParallelism?.() ?? 1;
  } catch {
    return 1;
  }
}

/**
 * The thread count: `threads` when given (a positive integer), else `SOFTMAX_NTK_THREADS` (a positive integer,
 * surrounding blanks ignored; empty counts as unset), else the machine's available parallelism (1 outside Node).
 *
 * @param threads - The caller's option, or undefined.
 * @throws ValidationError naming `threads` when it is not a positive integer; RangeError naming
 *   `SOFTMAX_NTK_THREADS` (`invalid environment: SOFTMAX_NTK_THREADS must be a positive integer, got "abc"`)
 *   when the variable is set to anything else.
 *
 * @example
 * ```js
 * import { resolveThreads } from '@softmax-ntk/linalg/node';
 *
 * // The option wins over SOFTMAX_NTK_THREADS; without either, one per core
 * console.log(resolveThreads(3));
 * // → 3
 * ```
 */
export function resolveThreads(threads?: unknown): number {
  if (threads !== undefined) return checkPositiveInt('threads', threads);
  const proc = (globalThis as { process?: NodeProcess }).process;
  const env = proc?.env?.[THREADS_ENV]?.trim();
  if (env === undefined || env === '') return availableParallelism(proc);
  if (!/^[1-9][0-9]*$/.test(env))
    throw new RangeError(`invalid environment: ${THREADS_ENV} must be a positive integer, got ${JSON.stringify(env)}`);
  return Number(env);
}

/**
 * Whether the machine looks idle enough for two threads to spin while they wait for each other (a hand-off then
 * costs a fraction of a microsecond instead of a wake-up both ways): its 1-minute load at most its cores + ½ (this
 * process's own threads count in it), or no load to read (outside Node's `node:os`, or on Windows, where it reads
 * 0). On a busy machine a spinning thread burns the core its descheduled partner needs; there the threads sleep.
 */
export function machineLooksIdle(): boolean {
  const proc = (globalThis as { process?: NodeProcess }).process;
  try {
    const os = proc?.getBuiltinModule?.('node:os') as
      { loadavg?: () => number[]; availableParallelism?: () => number } | undefined;
    const load = os?.loadavg?.()[0];
    const cores = os?.availableParallelism?.();
    return load === undefined || cores === undefined || load <= cores + 0.5;
  } catch {
    return true;
  }
}
