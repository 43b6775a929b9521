/**
 * Parsing and validation of problem files (shared/spec/problem-file.md): every
 * defect is refused with a `ProblemError` naming the field and what is wrong;
 * rows with $\lVert x_i \rVert_2 > 1$ or $\lVert y_i \rVert_2 > 1$ are accepted with a warning, since
 * Assumption 6.1 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024) (and the Data paragraph of Section 3) is then not met.
 */
import { parseWithSchema, type Matrix, assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { ProblemError, type Problem, type ProblemWarning } from './problem';
import { problemFileSchema } from './problemSchema';

/**
 * What {@link parseProblem} returns: the problem, and the conditions of the paper that it does not meet (as
 * warnings).
 */
export interface ParsedProblem {
  /** The problem: activation, inputs x, labels y, weights w and a. */
  problem: Problem;
  /** Conditions of the paper not met (norms above 1); returned, never printed. */
  warnings: ProblemWarning[];
}

/**
 * Rows of numbers (types already checked by the schema) of the expected shape; `rows`/`cols` undefined means
 * "taken from this field" (its row count / its first row).
 */
function toMatrix(field: string, v: number[][], rows: number | undefined, cols: number | undefined): Matrix {
  const R = rows ?? v.length;
  const C = cols ?? (v[0] as number[]).length;
  v.forEach((row, i) => {
    if (row.length !== C)
      throw new ProblemError(field, `expected ${R} rows of length ${C}, row ${i} has length ${row.length}`);
  });
  if (v.length !== R)
    throw new ProblemError(field, `expected ${R} rows of length ${C}, got ${v.length} row${v.length === 1 ? '' : 's'}`);
  const data = new Float64Array(R * C);
  v.forEach((row, i) => data.set(row, i * C));
  return { rows: R, cols: C, data };
}

/** Warnings for rows of x or y with Euclidean norm above 1 (Assumption 6.1). */
export function normWarnings(field: 'x' | 'y', m: Matrix, out: ProblemWarning[]): void {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += (m.data[i * m.cols + j] as number) ** 2;
    const norm = Math.sqrt(s);
    if (norm > 1) {
      out.push({
        field,
        row: i,
        norm,
        message: `${field}: row ${i} has Euclidean norm ${norm} > 1; Assumption 6.1 (‖${field}_i‖₂ ≤ 1) is not met`,
      });
    }
  }
}

/**
 * Parse a problem from JSON text or an already-parsed object.
 *
 * Check order (the first defect is reported): JSON syntax, then the types of the schema (`problemFileSchema`:
 * an object; `activation` one of the three; `x`, `y`, `w`, `a` non-empty arrays of non-empty rows of finite
 * numbers — nothing is coerced), then the shapes: `x` (fixes n and $d_\text{in}$), `y` (n rows; fixes $d_\text{out}$ from row 0),
 * `w` (rows of length $d_\text{in}$; fixes m), `a` ($d_\text{out}$ rows of length m).
 * Messages, one line naming the field path: `y: expected 3 rows of length 2, row 1 has length 3`,
 * `x[1][0]: expected a finite number, got "0.2"`, `activation: expected one of "softmax", "relu", "exp", got
 * "tanh"`, `json: invalid JSON: …`. Fields other than these five are ignored.
 *
 * @param input - The problem file's JSON text, or the object it parses to.
 *
 * @example
 * ```ts
 * import { makeProblem, parseProblem, serializeProblem } from '@softmax-ntk/network';
 *
 * // a problem file round trip: the float64 weights come back bit for bit
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 1 });
 * const { problem: back, warnings } = parseProblem(serializeProblem(problem));
 * console.log(back.x.rows, back.w.rows, back.w.data.every((v, k) => v === problem.w.data[k]), warnings.length);
 * // → 4 8 true 0
 * ```
 */
export function parseProblem(input: string | object): ParsedProblem {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new ProblemError('json', `invalid JSON: ${(err as Error).message}`);
    }
    assertNoDuplicateKey(input, (path, detail) => new ProblemError(path, detail));
  }
  const o = parseWithSchema(problemFileSchema(), doc, { error: (path, detail) => new ProblemError(path, detail) });
  const activation = o.activation ?? 'softmax';
  const x = toMatrix('x', o.x, undefined, undefined);
  const y = toMatrix('y', o.y, x.rows, undefined);
  const w = toMatrix('w', o.w, undefined, x.cols);
  const a = toMatrix('a', o.a, y.cols, w.rows);
  const warnings: ProblemWarning[] = [];
  normWarnings('x', x, warnings);
  normWarnings('y', y, warnings);
  return { problem: { activation, x, y, w, a }, warnings };
}
