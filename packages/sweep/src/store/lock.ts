/**
 * An exclusive lock on a sweep directory: `sweep.lock`, created with `O_EXCL`,
 * holding the owner's pid and host. A second runner on the same directory is
 * refused, naming the first one's pid; a lock whose process is gone (same host,
 * pid not running — e.g. after kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SweepError } from '../grid/types';

/** The lock file of a sweep directory: one runner at a time writes its results. */
export const LOCK_FILE = 'sweep.lock';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof o.pid === 'number' && typeof o.host === 'string'
      ? { pid: o.pid, host: o.host, startedAt: String(o.startedAt) }
      : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale below only if its writer is gone
  }
}

/** Takes the lock of sweep directory `dir` (which must exist); returns its release. */
export function lockSweepDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let tries = 0; ; tries++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw e;
      const other = readLock(path);
      const stale = other ? other.host === me.host && !alive(other.pid) : false;
      if (!stale) {
        throw new SweepError(
          'out',
          other
            ? `sweep directory ${JSON.stringify(dir)} is in use by process ${other.pid} on ${other.host} (since ${other.startedAt}); wait for it to finish, or stop it (if it is gone, remove ${path})`
            : `sweep directory ${JSON.stringify(dir)} is locked (${path} exists but cannot be read); if no runner uses it, remove ${path}`,
        );
      }
      try {
        unlinkSync(path); // its process is gone: take over
      } catch {
        // another runner took it over first: the retry's O_EXCL decides
      }
      continue;
    }
    writeSync(fd, `${JSON.stringify(me)}\n`);
    closeSync(fd);
    return () => {
      if (readLock(path)?.pid === me.pid) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    };
  }
}
