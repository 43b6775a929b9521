/**
 * Target files (docs/spec/target-file.md) and the data files of `data`
 * targets, read in Node: the file side of the targets p₀ of Section 6 of Gu,
 * Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Matrix } from '@softmax-ntk/linalg';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { readJsonFile } from '../internal/readJson';
import { parseDataRows, parseTarget } from './parseTarget';
import { TargetError, type Target } from './target';

/** Rows of numbers from a CSV (optional header line) or JSON (an array of rows) file. */
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
 */
export function readTargetData(p: string, baseDir: string | undefined): { path: string; data: Matrix; sha256: string } {
  const path = isAbsolute(p) ? p : resolve(baseDir ?? process.cwd(), p);
  return { path, ...readDataRowsHashed(path) };
}

/** Read and parse a target file; relative data paths resolve against its directory. */
export function readTargetFile(path: string): Target {
  return parseTarget(
    readJsonFile(path, 'target file', (message) => new TargetError('json', message)),
    { baseDir: dirname(resolve(path)), readData: readTargetData },
  );
}
