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

/** Options of {@link readInputFile}. */
export interface ReadInputFileOptions {
  /** The file to read. */
  path: string;
  /** What the file is, for messages (`problem file`, `target`, `model`, …). */
  what: string;
  /** Largest size accepted, in bytes (default `DEFAULT_MAX_FILE_BYTES`). */
  maxBytes?: number;
}

/**
 * An input file that cannot be read; `field` is `"path"`.
 *
 * @example
 * ```js
 * import { InputFileError, readInputFile } from '@softmax-ntk/linalg/node';
 *
 * try {
 *   readInputFile({ path: '/no/such/file.json', what: 'problem file', maxBytes: 1024 });
 * } catch (e) {
 *   console.log(e instanceof InputFileError, e.name, e.field);
 *   // → true InputFileError path
 *   console.log(e.message);
 *   // → problem file: cannot read "/no/such/file.json": ENOENT
 * }
 * ```
 */
export class InputFileError extends Error {
  /** The class name that messages and `error.name` show. */
  override name = 'InputFileError';
  /** The input field at fault: always `"path"`. */
  readonly field = 'path';
}

/**
 * The text of a regular file of at most `maxBytes` bytes; otherwise one `InputFileError` line naming the file.
 *
 * @param options - The file, what it is (for messages) and the size limit.
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readInputFile, InputFileError } from '@softmax-ntk/linalg/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileSync(join(dir, 'x.csv'), '1,2\n3,4\n');
 * console.log(JSON.stringify(readInputFile({ path: join(dir, 'x.csv'), what: 'data file' })));
 * // → "1,2\n3,4\n"
 * try {
 *   readInputFile({ path: dir, what: 'data file' }); // a directory is refused
 * } catch (e) {
 *   console.log(e instanceof InputFileError, e.field, e.message.replace(dir, '<dir>'));
 *   // → true path data file: "<dir>" is not a regular file (a directory)
 * }
 * ```
 */
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
