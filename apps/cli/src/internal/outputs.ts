/**
 * Output paths checked before any work starts: the directory must exist and
 * the path must not be a directory, so a mistake costs one line, not a run.
 * Temporary files left by an interrupted atomic write (`.<name>.<pid>.<k>.tmp`,
 * see `writeFileAtomic`) whose writer is gone are removed here, on the next run.
 */
import { accessSync, constants, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './errors';

/** True when process `pid` is alive (signal 0 tests existence; EPERM means alive but not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remove `.<basename>.<pid>.<k>.tmp` beside `path` when `pid` is no longer running (a `kill -9` during
 * an atomic write leaves one). Returns the names removed.
 */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(resolve(path));
  const re = new RegExp(`^\\.${escape(basename(path))}\\.(\\d+)\\.\\d+\\.tmp$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = re.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // removed by someone else meanwhile
    }
  }
  return removed;
}

/**
 * Check that `path` can be written by `option`: its directory exists and is a directory, and the path
 * itself is not a directory. Stale temporary files of earlier interrupted writes are removed.
 */
export function checkOutputPath(option: string, path: string): void {
  if (path === '') throw new CliError(`invalid option: ${option} must be a file path, got ""`);
  const dir = dirname(resolve(path));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new CliError(
      `invalid option: ${option} ${JSON.stringify(path)}: directory ${JSON.stringify(dir)} does not exist`,
    );
  }
  if (!dirStat.isDirectory())
    throw new CliError(`invalid option: ${option} ${JSON.stringify(path)}: ${JSON.stringify(dir)} is not a directory`);
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory())
    throw new CliError(`invalid option: ${option} ${JSON.stringify(path)} is a directory; give a file path`);
  removeStaleTemps(path);
}

/**
 * Check that directory `dir` can be created or written by `option`, before any work: an existing `dir` must
 * be a directory; otherwise its nearest existing ancestor must be a writable directory.
 */
export function checkOutputDir(option: string, dir: string): void {
  let p = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch {
      const up = dirname(p);
      if (up === p) break;
      p = up;
      continue;
    }
    if (!st.isDirectory())
      throw new CliError(
        p === resolve(dir)
          ? `invalid option: ${option} ${JSON.stringify(dir)} exists and is not a directory`
          : `invalid option: ${option} ${JSON.stringify(dir)}: ${JSON.stringify(p)} is not a directory`,
      );
    try {
      accessSync(p, constants.W_OK);
    } catch {
      throw new CliError(`invalid option: ${option} ${JSON.stringify(dir)}: ${JSON.stringify(p)} is not writable`);
    }
    return;
  }
}
