/** Reading and writing problem files (docs/spec/problem-file.md), Node only: `@softmax-ntk/network/node`. */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { parseProblem, type ParsedProblem } from './parseProblem';
import { ProblemError, type Problem } from './problem';
import { serializeProblem } from './serializeProblem';

/** Read and validate a problem file; a missing or unreadable file is a `ProblemError` with field `json`. */
export function readProblemFile(path: string): ParsedProblem {
  let text: string;
  try {
    text = readInputFile({ path, what: 'problem file' });
  } catch (err) {
    throw new ProblemError('json', (err as Error).message);
  }
  return parseProblem(text);
}

/** Write a problem file atomically (temporary file in the same directory, fsync, rename). */
export function writeProblemFile(path: string, problem: Problem): void {
  writeFileAtomic(path, serializeProblem(problem));
}
