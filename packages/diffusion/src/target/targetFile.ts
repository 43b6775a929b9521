/**
 * Target files (docs/spec/target-file.md) and the data files of `data`
 * targets, read in Node: the file side of the targets p₀ of Section 6 of Gu,
 * Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Matrix } from '@softmax-ntk/linalg';
import { readJsonFile } from '../internal/readJson';
import { parseDataRows, parseTarget as parseTargetWith, type ParseTargetOptions } from './parseTarget';
import { TargetError, type Target } from './target';

/** Rows of numbers from a CSV (optional header line) or JSON (an array of rows) file. */
export function readDataRows(path: string): Matrix {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TargetError(
      'path',
      `target: cannot read data file ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseDataRows(text, path);
}

function readData(p: string, baseDir: string | undefined): { path: string; data: Matrix } {
  const path = isAbsolute(p) ? p : resolve(baseDir ?? process.cwd(), p);
  return { path, data: readDataRows(path) };
}

/** `parseTarget` of the main entry, with `data` targets read from disk (relative to `baseDir`, default the working directory). */
export function parseTarget(json: unknown, options: ParseTargetOptions = {}): Target {
  return parseTargetWith(json, { readData, ...options });
}

/** Read and parse a target file; relative data paths resolve against its directory. */
export function readTargetFile(path: string): Target {
  return parseTarget(
    readJsonFile(path, 'target', (message) => new TargetError('json', message)),
    { baseDir: dirname(resolve(path)) },
  );
}
