/** Problem-file text (docs/spec/problem-file.md), environment-neutral: files are read and written in `./problemFile` (Node). */
import { toRows } from '@softmax-ntk/linalg';
import { rowsToJson } from '../internal/jsonNumbers';
import { checkProblem } from './checkProblem';
import type { Problem } from './problem';

/**
 * The problem as problem-file JSON text: fields in the spec's order, one
 * matrix row per line, numbers in the shortest form that parses back to the
 * same double (lossless).
 *
 * @param problem - The problem to write (activation, x, y, w, a).
 *
 * @example
 * ```ts
 * import { makeProblem, parseProblem, serializeProblem } from '@softmax-ntk/network';
 *
 * // Problem-file text (docs/spec/problem-file.md) that parses back to the same numbers, bit for bit
 * const { problem } = makeProblem({ n: 2, dIn: 2, dOut: 1, numNeurons: 2, sigma: 1, seed: 1 });
 * const text = serializeProblem(problem);
 * console.log(text.split('\n').slice(0, 3).join(' ')); // {   "activation": "softmax",   "x": [
 * console.log(parseProblem(text).problem.w.data.every((v, k) => v === problem.w.data[k])); // true
 * ```
 */
export function serializeProblem(problem: Problem): string {
  const p = checkProblem(problem);
  const f = (m: typeof p.x) => rowsToJson(toRows(m), '  ');
  return `{\n  "activation": ${JSON.stringify(p.activation)},\n  "x": ${f(p.x)},\n  "y": ${f(p.y)},\n  "w": ${f(p.w)},\n  "a": ${f(p.a)}\n}\n`;
}
