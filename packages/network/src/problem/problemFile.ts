/** Reading and writing problem files (docs/spec/problem-file.md), Node only: `@softmax-ntk/network/node`. */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { parseProblem, type ParsedProblem } from './parseProblem';
import { ProblemError, type Problem } from './problem';
import { serializeProblem } from './serializeProblem';

/**
 * Read and validate a problem file; a missing or unreadable file is a `ProblemError` with field `json`.
 *
 * @param path - The problem file (docs/spec/problem-file.md).
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeProblem } from '@softmax-ntk/network';
 * import { readProblemFile, writeProblemFile } from '@softmax-ntk/network/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 1 });
 * writeProblemFile(join(dir, 'problem.json'), problem);
 * const { problem: back, warnings } = readProblemFile(join(dir, 'problem.json'));
 * console.log(back.x.rows, back.w.rows, back.w.data.every((v, k) => v === problem.w.data[k]), warnings.length);
 * // → 4 8 true 0
 * try {
 *   readProblemFile(join(dir, 'missing.json'));
 * } catch (e) {
 *   console.log(e.name, e.field, e.message.replace(dir, '<dir>'));
 *   // → ProblemError json json: problem file: cannot read "<dir>/missing.json": ENOENT
 * }
 * ```
 */
export function readProblemFile(path: string): ParsedProblem {
  let text: string;
  try {
    text = readInputFile({ path, what: 'problem file' });
  } catch (err) {
    throw new ProblemError('json', (err as Error).message);
  }
  return parseProblem(text);
}

/**
 * Write a problem file atomically (temporary file in the same directory, fsync, rename).
 *
 * @param path - The file to write (replaced atomically).
 * @param problem - The problem.
 *
 * @example
 * ```js
 * import { mkdtempSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeProblem } from '@softmax-ntk/network';
 * import { writeProblemFile } from '@softmax-ntk/network/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 1 });
 * writeProblemFile(join(dir, 'problem.json'), problem);
 * const doc = JSON.parse(readFileSync(join(dir, 'problem.json'), 'utf8'));
 * console.log(Object.keys(doc).join(' '));
 * // → activation x y w a
 * ```
 */
export function writeProblemFile(path: string, problem: Problem): void {
  writeFileAtomic(path, serializeProblem(problem));
}
