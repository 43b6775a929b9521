/**
 * The one way this project reads a file the user names (problem files, data
 * CSV/JSON, test inputs, model and target files, checkpoints): it must be a
 * regular file — not a directory, device (`/dev/zero`), FIFO or socket — no
 * larger than a size limit, and is read as UTF-8 text. The checks are made on
 * the opened descriptor (fstat), so a path swapped between check and read
 * cannot slip a device in.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Default limit: 256 MiB of text (about 10 million numbers), far above any file this project writes. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 ** 2;

export interface ReadInputFileOptions {
  path: string;
  /** What the file is, for messages (`problem file`, `target`, `model`, …). */
  what: string;
  /** Largest size accepted, in bytes (default `DEFAULT_MAX_FILE_BYTES`). */
  maxBytes?: number;
}

/** An input file that cannot be read; `field` is `"path"`. */
export class InputFileError extends Error {
  override name = 'InputFileError';
  readonly field = 'path';
}

/** The text of a regular file of at most `maxBytes` bytes; otherwise one `InputFileError` line naming the file. */
export function readInputFile(options: ReadInputFileOptions): string {
  const { path, what } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const name = JSON.stringify(path);
  const cannot = (e: unknown): InputFileError =>
    new InputFileError(`${what}: cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  const notRegular = (st: Stats): InputFileError =>
    new InputFileError(
      `${what}: ${name} is not a regular file (${st.isDirectory() ? 'a directory' : 'a device, pipe or socket'})`,
    );
  // Opening a FIFO with no writer blocks, so the path is stat'ed first; the descriptor is checked again below.
  let before: Stats;
  try {
    before = statSync(path);
  } catch (e) {
    throw cannot(e);
  }
  if (!before.isFile()) throw notRegular(before);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw cannot(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(st);
    if (st.size > maxBytes)
      throw new InputFileError(`${what}: ${name} is ${st.size} bytes, more than the limit of ${maxBytes} bytes`);
    // Read at most maxBytes + 1: a file that grows while it is read is still refused at the limit.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let off = 0;
    for (;;) {
      const k = readSync(fd, buf, off, buf.length - off, null);
      if (k === 0) break;
      off += k;
      if (off === buf.length) {
        if (off > maxBytes)
          throw new InputFileError(`${what}: ${name} grew past the limit of ${maxBytes} bytes while it was read`);
        break;
      }
    }
    return buf.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
