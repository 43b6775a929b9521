/**
 * Files for dense float64 matrices (the Gram matrix H is the usual payload):
 *
 * - `.npy` — NumPy's format, version 1.0: magic `\x93NUMPY`, version 1.0, a
 *   little-endian uint16 header length, the header
 *   `{'descr': '<f8', 'fortran_order': False, 'shape': (rows, cols), }`
 *   padded with spaces and a newline to a multiple of 64 bytes, then the data
 *   row-major, little-endian float64. `numpy.load(path)` reads it.
 * - anything else — softmax-ntk's binary format: 16-byte header (ASCII magic
 *   `SNTKMAT1`, uint32 rows, uint32 cols, little-endian) followed by the data
 *   row-major, little-endian float64.
 *
 * Both are written atomically.
 */
import { readFileSync } from 'node:fs';
import { ValidationError, type Matrix } from '@softmax-ntk/linalg';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';

const MAGIC = 'SNTKMAT1';

function npyBytes(a: Matrix): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${a.rows}, ${a.cols}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const buf = Buffer.alloc(10 + header.length + a.data.length * 8);
  buf.write('\x93NUMPY', 0, 'latin1');
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(header.length, 8);
  buf.write(header, 10, 'latin1');
  const off = 10 + header.length;
  for (let k = 0; k < a.data.length; k++) buf.writeDoubleLE(a.data[k] as number, off + 8 * k);
  return buf;
}

function binBytes(a: Matrix): Uint8Array {
  const buf = Buffer.alloc(16 + a.data.length * 8);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(a.rows, 8);
  buf.writeUInt32LE(a.cols, 12);
  for (let k = 0; k < a.data.length; k++) buf.writeDoubleLE(a.data[k] as number, 16 + 8 * k);
  return buf;
}

/**
 * Write `a` to `path`: NumPy `.npy` when the name ends in `.npy`, else softmax-ntk's binary format.
 *
 * @param path - The file to write (replaced atomically); `.npy` selects NumPy's format.
 * @param a - The matrix.
 *
 * @example
 * ```js
 * import { mkdtempSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { matrix } from '@softmax-ntk/linalg';
 * import { readMatrixFile, writeMatrixFile } from '@softmax-ntk/ntk/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const H = matrix(2, 2, new Float64Array([2, 0.5, 0.5, 1]));
 * writeMatrixFile(join(dir, 'H.npy'), H); // NumPy: numpy.load reads it
 * writeMatrixFile(join(dir, 'H.bin'), H); // softmax-ntk's binary format
 * console.log(readFileSync(join(dir, 'H.npy')).length, readFileSync(join(dir, 'H.bin')).length);
 * // → 160 48
 * console.log(Array.from(readMatrixFile(join(dir, 'H.npy')).data).join(' '));
 * // → 2 0.5 0.5 1
 * ```
 */
export function writeMatrixFile(path: string, a: Matrix): void {
  writeFileAtomic(path, path.endsWith('.npy') ? npyBytes(a) : binBytes(a));
}

/**
 * Read a matrix written by `writeMatrixFile` (either format, recognised by its magic bytes); a file of neither
 * format is a `ValidationError` naming the file (field `path`).
 *
 * @param path - A `.npy` or softmax-ntk matrix file.
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { matrix } from '@softmax-ntk/linalg';
 * import { readMatrixFile, writeMatrixFile } from '@softmax-ntk/ntk/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeMatrixFile(join(dir, 'H.bin'), matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6])));
 * const H = readMatrixFile(join(dir, 'H.bin'));
 * console.log(H.rows, H.cols, Array.from(H.data).join(' '));
 * // → 2 3 1 2 3 4 5 6
 * writeFileSync(join(dir, 'junk.bin'), 'not a matrix');
 * try {
 *   readMatrixFile(join(dir, 'junk.bin'));
 * } catch (e) {
 *   console.log(e.name, e.field, e.message.replaceAll(dir, '<dir>'));
 *   // → ValidationError path <dir>/junk.bin: expected a .npy or softmax-ntk matrix file, got other bytes
 * }
 * ```
 */
export function readMatrixFile(path: string): Matrix {
  const buf = readFileSync(path);
  if (buf.subarray(0, 6).toString('latin1') === '\x93NUMPY') {
    const hlen = buf.readUInt16LE(8);
    const header = buf.subarray(10, 10 + hlen).toString('latin1');
    const shape = /'shape':\s*\((\d+),\s*(\d+)\)/.exec(header);
    if (!/'descr':\s*'<f8'/.test(header) || /'fortran_order':\s*True/.test(header) || !shape) {
      throw new ValidationError(
        path,
        `expected a C-ordered 2-D '<f8' .npy file, got the header ${header.trim()}`,
        '',
        'path',
      );
    }
    return decode(buf, 10 + hlen, Number(shape[1]), Number(shape[2]), path);
  }
  if (buf.subarray(0, 8).toString('latin1') === MAGIC)
    return decode(buf, 16, buf.readUInt32LE(8), buf.readUInt32LE(12), path);
  throw new ValidationError(path, 'expected a .npy or softmax-ntk matrix file, got other bytes', '', 'path');
}

function decode(buf: Buffer, off: number, rows: number, cols: number, path: string): Matrix {
  if (buf.length !== off + rows * cols * 8)
    throw new ValidationError(
      path,
      `expected ${rows}·${cols} float64 values after the header, got ${buf.length - off} bytes`,
      '',
      'path',
    );
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = buf.readDoubleLE(off + 8 * k);
  return { rows, cols, data };
}
