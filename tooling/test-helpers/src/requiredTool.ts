/**
 * Tests that need a program from outside npm (Debian's `chromium` for the
 * browser tests, `redis-server` for the queue tests). Without it they are
 * skipped, by name (the closing summary of `pnpm test` lists them), so a
 * contributor without root can run the suite; under CI (`CI=true`) a missing
 * tool is a failing test instead, so CI never passes on a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

/** Whether this is a CI run, where every test must run. */
export function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** `describe(name, fn)` when `tool` is available; else a named skip, or under CI one failing test. */
export function describeWithTool(tool: Tool, name: string, fn: () => void): void {
  if (toolAvailable(tool)) {
    describe(name, fn);
  } else if (isCi()) {
    describe(name, () => {
      it(`needs ${tool}`, () => {
        throw new Error(`${tool} is required under CI (CI=true) and is not installed: apt-get install ${tool}`);
      });
    });
  } else {
    describe.skip(`${name} [needs ${tool}, not installed]`, fn);
  }
}
