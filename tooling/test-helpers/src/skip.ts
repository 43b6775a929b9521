/**
 * Tests that need something the machine may not have (a Python module, an optional
 * backend, a Debian tool) are declared with `itWhen`: where the condition fails the
 * test is reported as skipped, with the reason in its name, and counted in jest's
 * summary — never an early `return` that reports a pass.
 */
import { execFileSync } from 'node:child_process';

type TestFn = (name: string, fn: jest.ProvidesCallback, timeout?: number) => void;

/** `it` where `condition` holds; elsewhere `it.skip`, the name carrying `[skipped: reason]`. */
export function itWhen(condition: boolean, reason: string): TestFn {
  if (condition) return (name, fn, timeout) => it(name, fn, timeout);
  return (name, fn, timeout) => it.skip(`${name} [skipped: ${reason}]`, fn, timeout);
}

/**
 * Whether the module loads (`require` succeeds). An optional dependency whose install
 * script failed, as tfjs-node's does without its download, resolves but does not load.
 */
export function canLoad(name: string): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load attempt is the test
    require(name);
    return true;
  } catch {
    return false;
  }
}

/** Whether `python3 -c "import <module>"` succeeds. */
export function hasPythonModule(module: string): boolean {
  try {
    execFileSync('python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
