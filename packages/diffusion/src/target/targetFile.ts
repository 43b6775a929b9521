/**
 * Target files (docs/spec/target-file.md) and the data files of `data`
 * targets, read in Node: the file side of the targets $p_0$ of Section 6 of Gu,
 * Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Matrix } from '@softmax-ntk/linalg';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { readJsonFile } from '../internal/readJson';
import { parseDataRows, parseTarget } from './parseTarget';
import { TargetError, type Target } from './target';

/**
 * Rows of numbers from a CSV (optional header line) or JSON (an array of rows) file.
 *
 * @param path - A CSV or JSON data file.
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readDataRows } from '@softmax-ntk/diffusion/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileSync(join(dir, 'points.csv'), 'x,y\n0.5,1\n-1,2\n');
 * writeFileSync(join(dir, 'points.json'), '[[0.5, 1], [-1, 2]]');
 * const csv = readDataRows(join(dir, 'points.csv'));
 * const json = readDataRows(join(dir, 'points.json'));
 * console.log(csv.rows, csv.cols, Array.from(csv.data).join(' '), Array.from(json.data).join(' '));
 * // → 2 2 0.5 1 -1 2 0.5 1 -1 2
 * try {
 *   readDataRows(join(dir, 'none.csv'));
 * } catch (e) {
 *   console.log(e.name, e.field, e.message.replaceAll(dir, '<dir>'));
 *   // → TargetError path path: data file: cannot read "<dir>/none.csv": ENOENT
 * }
 * ```
 */
export function readDataRows(path: string): Matrix {
  return readDataRowsHashed(path).data;
}

/**
 * The rows of a data file and the SHA-256 of its bytes. Only a regular file within the size limit is read
 * (never a device such as /dev/zero).
 */
function readDataRowsHashed(path: string): { data: Matrix; sha256: string } {
  let text: string;
  try {
    text = readInputFile({ path, what: 'data file' });
  } catch (e) {
    throw new TargetError('path', (e as Error).message);
  }
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  return { data: parseDataRows(text, path), sha256 };
}

/**
 * The file reader of `data` targets, for `parseTarget`'s `readData` option: the path resolved against `baseDir`
 * (default the working directory), its rows and the SHA-256 of its bytes:
 * `parseTarget(json, { readData: readTargetData, baseDir })`.
 *
 * @param p - The data path of the target, absolute or relative to `baseDir`.
 * @param baseDir - The directory relative paths resolve against (default: the working directory).
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { parseTarget } from '@softmax-ntk/diffusion';
 * import { readTargetData } from '@softmax-ntk/diffusion/node';
 *
 * // a `data` target parsed from JSON text, its file read relative to `baseDir`
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileSync(join(dir, 'points.csv'), '0.5,1\n-1,2\n1,0\n');
 * const target = parseTarget({ type: 'data', path: 'points.csv' }, { readData: readTargetData, baseDir: dir });
 * console.log(target.dim, target.data.rows);
 * // → 2 3
 * const { path, data, sha256 } = readTargetData('points.csv', dir);
 * console.log(path === join(dir, 'points.csv'), data.rows, sha256.length);
 * // → true 3 64
 * ```
 */
export function readTargetData(p: string, baseDir: string | undefined): { path: string; data: Matrix; sha256: string } {
  const path = isAbsolute(p) ? p : resolve(baseDir ?? process.cwd(), p);
  return { path, ...readDataRowsHashed(path) };
}

/**
 * Read and parse a target file; relative data paths resolve against its directory.
 *
 * @param path - The target file (docs/spec/target-file.md).
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readTargetFile } from '@softmax-ntk/diffusion/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const mixture = { type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[-1, 0], [1, 0]], std: [0.2, 0.2] };
 * writeFileSync(join(dir, 'target.json'), JSON.stringify(mixture));
 * const target = readTargetFile(join(dir, 'target.json'));
 * console.log(target.dim, target.mixture.means.rows);
 * // → 2 2
 * writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...mixture, weights: [0.5, 0.6] }));
 * try {
 *   readTargetFile(join(dir, 'bad.json'));
 * } catch (e) {
 *   console.log(e.name, e.field);
 *   // → TargetError weights
 * }
 * ```
 */
export function readTargetFile(path: string): Target {
  return parseTarget(
    readJsonFile(path, 'target file', (message) => new TargetError('json', message)),
    { baseDir: dirname(resolve(path)), readData: readTargetData },
  );
}
