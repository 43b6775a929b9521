/**
 * Atomic file replacement: write a temporary file in the target's directory,
 * fsync it, rename it over the target, then fsync the directory. A reader (or
 * a process killed at any moment) sees the old file or the new one, never a
 * partial one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    const buf = Buffer.from(text, 'utf8');
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
  renameSync(tmp, path);
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some platforms cannot open or fsync a directory; the rename is still atomic.
  }
}

/** JSON for a float64 matrix, one row per line (numbers round-trip exactly). */
export function rowsToJson(rows: ArrayLike<number>[] | number[][], indent: string): string {
  if (rows.length === 0) return '[]';
  const lines = Array.from(rows, (r) => `${indent}  [${Array.from(r as ArrayLike<number>).map(numberToJson).join(', ')}]`);
  return `[\n${lines.join(',\n')}\n${indent}]`;
}

/** A finite number in the shortest text that parses back to the same double (JSON.stringify's form). */
export function numberToJson(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot write non-finite number ${v} to JSON`);
  return Object.is(v, -0) ? '-0' : JSON.stringify(v);
}
