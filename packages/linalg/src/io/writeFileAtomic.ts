/**
 * Atomic file replacement, shared by every package that writes results:
 * write a temporary file in the target's directory, fsync it, rename it over
 * the target, then fsync the directory. A reader — or a process killed at any
 * moment — sees the old file or the new one, never a partial one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Replaces a file atomically: a reader, or a process killed at any moment, sees the old file or the whole new one,
 * never a partial one.
 *
 * @param path - The file to replace (or create).
 * @param data - Its new content.
 *
 * @example
 * ```js
 * import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeFileAtomic } from '@softmax-ntk/linalg/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileAtomic(join(dir, 'out.json'), '{"loss": 0.5}\n');
 * writeFileAtomic(join(dir, 'out.json'), '{"loss": 0.25}\n'); // replaces it whole
 * console.log(readFileSync(join(dir, 'out.json'), 'utf8').trim(), readdirSync(dir));
 * // → {"loss": 0.25} [ 'out.json' ]
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  try {
    write(path, data);
  } catch (err) {
    // write(2) and fsync(2) errors (ENOSPC, EIO, EDQUOT) carry no path: name the file the caller asked for
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e === 'object' && typeof e.code === 'string' && e.path === undefined) e.path = path;
    throw err;
  }
}

function write(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (err) {
    // ENOENT (no such directory), EACCES, EROFS…: the user named `path`, not the temporary file beside it
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e === 'object' && e.path === tmp) {
      e.message = e.message.split(tmp).join(path);
      e.path = path;
    }
    throw err;
  }
  try {
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  }
}
