/** Reading and writing problem files (shared/spec/problem-file.md). */
import { toRows } from '@softmax-ntk/linalg';
import { rowsToJson, writeFileAtomic } from '../internal/jsonNumbers';
import { readInputFile } from '../io/readInputFile';
import { checkProblem } from './checkProblem';
import { parseProblem, type ParsedProblem } from './parseProblem';
import { ProblemError, type Problem } from './problem';

/** Read and validate a problem file; a missing or unreadable file is a `ProblemError` with field `json`. */
export function readProblemFile(path: string): ParsedProblem {
  let text: string;
  try {
    text = readInputFile({ path, what: 'json: problem file' });
  } catch (err) {
    throw new ProblemError('json', (err as Error).message);
  }
  return parseProblem(text);
}

/**
 * The problem as problem-file JSON text: fields in the spec's order, one
 * matrix row per line, numbers in the shortest form that parses back to the
 * same double (lossless).
 */
export function serializeProblem(problem: Problem): string {
  const p = checkProblem(problem);
  const f = (m: typeof p.x) => rowsToJson(toRows(m), '  ');
  return `{\n  "activation": ${JSON.stringify(p.activation)},\n  "x": ${f(p.x)},\n  "y": ${f(p.y)},\n  "w": ${f(p.w)},\n  "a": ${f(p.a)}\n}\n`;
}

/** Write a problem file atomically (temporary file in the same directory, fsync, rename). */
export function writeProblemFile(path: string, problem: Problem): void {
  writeFileAtomic(path, serializeProblem(problem));
}
