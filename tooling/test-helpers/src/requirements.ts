/**
 * Tests that need something the machine may not have — an optional npm module that must load, a Python module, a
 * program from outside npm (Debian's `chromium` for the browser tests, `redis-server` for the queue tests). One API:
 * `itWhen` / `describeWhen` take the condition and the reason; where the condition fails the test is reported as
 * skipped with `[skipped: reason]` in its name (counted in jest's summary and listed by `pnpm test`'s closing
 * summary) — never an early `return` that reports a pass. With `{ requiredUnderCi: true }` a failed condition under
 * CI (`CI=true`) is a failing test instead, so CI never passes on the skip of a required tool; `describeWithTool`
 * is that for the programs CI must have.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

type TestFn = (name: string, fn: jest.ProvidesCallback, timeout?: number) => void;
type DescribeFn = (name: string, fn: () => void) => void;

/** How a failed condition is reported. */
export interface RequirementOptions {
  /** Under CI (`isCi()`), a failed condition is a failing test rather than a skip (default false). */
  requiredUnderCi?: boolean;
  /** How to meet the requirement, appended to the CI failure (e.g. `apt-get install redis-server`). */
  hint?: string;
}

/** Whether this is a CI run (`CI` set and not `""`, `"false"` or `"0"`), where every required test must run. */
export function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

function failure(reason: string, options: RequirementOptions): Error {
  return new Error(`required under CI (CI=true) and not met: ${reason}${options.hint ? ` (${options.hint})` : ''}`);
}

/**
 * `it` where `condition` holds; elsewhere `it.skip`, the name carrying `[skipped: reason]` — or, with
 * `requiredUnderCi` under CI, a test that fails with the reason.
 */
export function itWhen(condition: boolean, reason: string, options: RequirementOptions = {}): TestFn {
  if (condition) return (name, fn, timeout) => it(name, fn, timeout);
  if (options.requiredUnderCi && isCi())
    return (name) =>
      it(`${name} [requires: ${reason}]`, () => {
        throw failure(reason, options);
      });
  return (name, fn, timeout) => it.skip(`${name} [skipped: ${reason}]`, fn, timeout);
}

/** `describe` where `condition` holds; elsewhere `describe.skip` named `[skipped: reason]`, or under CI (when required) one failing test. */
export function describeWhen(condition: boolean, reason: string, options: RequirementOptions = {}): DescribeFn {
  if (condition) return (name, fn) => describe(name, fn);
  if (options.requiredUnderCi && isCi())
    return (name) =>
      describe(name, () => {
        it(`requires: ${reason}`, () => {
          throw failure(reason, options);
        });
      });
  return (name, fn) => describe.skip(`${name} [skipped: ${reason}]`, fn);
}

/**
 * Whether the module loads (`require` succeeds). An optional dependency whose install script failed, as tfjs-node's
 * does without its download, resolves but does not load.
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

/** The programs from outside npm that CI must have. */
export type Tool = 'chromium' | 'redis-server';

/**
 * Whether `tool` can run here (`/usr/bin/chromium` exists; `redis-server --version` succeeds).
 * `SOFTMAX_NTK_MISSING_TOOLS=chromium,redis-server` pretends they are absent (to try the skip path).
 */
export function toolAvailable(tool: Tool): boolean {
  if ((process.env['SOFTMAX_NTK_MISSING_TOOLS'] ?? '').split(',').includes(tool)) return false;
  if (tool === 'chromium') return existsSync('/usr/bin/chromium');
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `describeWhen(toolAvailable(tool), …, { requiredUnderCi: true })`: a named skip here, a failing test under CI. */
export function describeWithTool(tool: Tool, name: string, fn: () => void): void {
  describeWhen(toolAvailable(tool), `needs ${tool}, not installed`, {
    requiredUnderCi: true,
    hint: `apt-get install ${tool}`,
  })(name, fn);
}
