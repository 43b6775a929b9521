/**
 * Parsing and validation of problem files (shared/spec/problem-file.md): every
 * defect is refused with a `ProblemError` naming the field and what is wrong;
 * rows with ‖x_i‖₂ > 1 or ‖y_i‖₂ > 1 are accepted with a warning, since
 * Assumption 6.1 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024) (and the Data paragraph of Section 3) is then not met.
 */
import type { Matrix } from '@softmax-ntk/linalg';
import { ACTIVATIONS, type Activation } from '../network/activation';
import { ProblemError, type Problem, type ProblemWarning } from './problem';

/**
 * What {@link parseProblem} returns: the problem, and the conditions of the paper that it does not meet (as
 * warnings).
 */
export interface ParsedProblem {
  problem: Problem;
  /** Conditions of the paper not met (norms above 1); returned, never printed. */
  warnings: ProblemWarning[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 17)}...` : v)}`;
  if (typeof v === 'number') return String(v);
  return `a${typeof v === 'object' ? 'n' : ''} ${typeof v}`;
}

/**
 * Rows of numbers with an expected shape; `rows`/`cols` undefined means "taken
 * from this field" (from its row count / its first row).
 */
function readMatrix(
  field: string,
  v: unknown,
  rows: number | undefined,
  cols: number | undefined,
  what: string,
): Matrix {
  if (v === undefined) throw new ProblemError(field, `${field}: missing (expected ${what})`);
  if (!Array.isArray(v))
    throw new ProblemError(field, `${field}: expected ${what} as an array of rows, got ${describe(v)}`);
  const R = rows ?? v.length;
  if (R === 0) throw new ProblemError(field, `${field}: expected at least one row, got none`);
  const first: unknown = v[0];
  const C = cols ?? (Array.isArray(first) ? first.length : 0);
  if (C === 0 && cols === undefined && Array.isArray(first)) {
    throw new ProblemError(field, `${field}: rows must not be empty, row 0 has length 0`);
  }
  for (let i = 0; i < v.length; i++) {
    const row: unknown = v[i];
    if (!Array.isArray(row))
      throw new ProblemError(field, `${field}: row ${i} must be an array of numbers, got ${describe(row)}`);
    if (row.length !== C) {
      throw new ProblemError(field, `${field}: expected ${R} rows of length ${C}, row ${i} has length ${row.length}`);
    }
  }
  if (v.length !== R)
    throw new ProblemError(
      field,
      `${field}: expected ${R} rows of length ${C}, got ${v.length} row${v.length === 1 ? '' : 's'}`,
    );
  const data = new Float64Array(R * C);
  for (let i = 0; i < R; i++) {
    const row = v[i] as unknown[];
    for (let j = 0; j < C; j++) {
      const e = row[j];
      if (typeof e !== 'number')
        throw new ProblemError(field, `${field}: entry [${i}][${j}] must be a number, got ${describe(e)}`);
      if (!Number.isFinite(e)) throw new ProblemError(field, `${field}: entry [${i}][${j}] must be finite, got ${e}`);
      data[i * C + j] = e;
    }
  }
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
 * Check order (the first defect is reported): JSON syntax, top-level object,
 * `activation`, `x` (fixes n and d_in), `y` (n rows; fixes d_out from row 0),
 * `w` (rows of length d_in; fixes m), `a` (d_out rows of length m).
 * Messages: `y: expected 3 rows of length 2, row 1 has length 3`,
 * `x: entry [1][0] must be finite, got Infinity`, `activation: unknown
 * activation "tanh" (expected "softmax", "relu" or "exp")`,
 * `json: invalid JSON: …`. Fields other than these five are ignored.
 */
export function parseProblem(input: string | object): ParsedProblem {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new ProblemError('json', `json: invalid JSON: ${(err as Error).message}`);
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ProblemError('json', `json: expected an object with fields activation, x, y, w, a, got ${describe(doc)}`);
  }
  const o = doc as Record<string, unknown>;
  let activation: Activation = 'softmax';
  if (o['activation'] !== undefined) {
    const act = o['activation'];
    if (!(ACTIVATIONS as readonly unknown[]).includes(act)) {
      throw new ProblemError(
        'activation',
        `activation: unknown activation ${typeof act === 'string' ? JSON.stringify(act) : describe(act)} (expected "softmax", "relu" or "exp")`,
      );
    }
    activation = act as Activation;
  }
  const x = readMatrix('x', o['x'], undefined, undefined, 'an n × d_in array');
  const y = readMatrix('y', o['y'], x.rows, undefined, `an n × d_out array with n = ${x.rows}`);
  const w = readMatrix('w', o['w'], undefined, x.cols, `an m × d_in array with d_in = ${x.cols}`);
  const a = readMatrix('a', o['a'], y.cols, w.rows, `a d_out × m array with d_out = ${y.cols}, m = ${w.rows}`);
  const warnings: ProblemWarning[] = [];
  normWarnings('x', x, warnings);
  normWarnings('y', y, warnings);
  return { problem: { activation, x, y, w, a }, warnings };
}
