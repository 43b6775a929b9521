/**
 * Node's built-in modules as the code under test sees them. The packages reach `node:os` and
 * `node:worker_threads` through `process.getBuiltinModule` (so that the same bundle loads in a browser, where it is
 * absent); tests replace what it returns, or take it away, with these two helpers.
 */

/** `process.getBuiltinModule`'s signature. */
export type GetBuiltin = (id: string) => unknown;

/** For one module id: members that replace the real module's (the rest stay real), or `'throws'`. */
export type BuiltinOverride = Record<string, unknown> | 'throws';

const proc = process as unknown as { getBuiltinModule?: GetBuiltin };
/** The real one, taken before any test spies on it (a spy wrapping a spy would call itself). */
const original = proc.getBuiltinModule?.bind(process);

/**
 * Spies on `process.getBuiltinModule`: each id in `overrides` answers the real module with the given members
 * replaced (a member set to `undefined` is missing), or throws for `'throws'`; every other id answers as usual.
 * Returns the spy (jest restores it after the test, or call `mockRestore()`; `mockImplementationOnce` on it
 * changes one call).
 */
export function spyOnBuiltins(overrides: Record<string, BuiltinOverride>): jest.SpiedFunction<GetBuiltin> {
  const builtin = original;
  if (builtin === undefined) throw new Error('spyOnBuiltins: this Node has no process.getBuiltinModule (Node ≥ 20.16)');
  return jest.spyOn(proc as { getBuiltinModule: GetBuiltin }, 'getBuiltinModule').mockImplementation((id: string) => {
    const override = overrides[id];
    if (override === undefined) return builtin(id);
    if (override === 'throws') throw new Error(`no ${id} here`);
    return { ...(builtin(id) as object), ...override };
  });
}

/**
 * Runs `fn` as in a browser, without `process.getBuiltinModule`, and puts it back afterwards (once the promise
 * settles, when `fn` returns one).
 */
export function withoutGetBuiltinModule<T>(fn: () => T): T {
  const saved = proc.getBuiltinModule;
  const restore = (): void => {
    proc.getBuiltinModule = saved;
  };
  proc.getBuiltinModule = undefined;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/** `node:os` members for {@link spyOnBuiltins}: a machine with this 1-minute load and this many cores. */
export function osWithLoad(load1: number, cores = 2): Record<string, unknown> {
  return { loadavg: () => [load1, 0, 0], availableParallelism: () => cores };
}
