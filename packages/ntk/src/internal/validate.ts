/** Validation at the public edge of the ntk package: messages name the argument and the value. */
import type { Matrix } from '@softmax-ntk/linalg';

export type Activation = 'softmax' | 'relu' | 'exp';
export type Precision = 'float32' | 'float64';

export function checkMatrix(name: string, v: unknown): Matrix {
  const m = v as Matrix;
  if (
    !m ||
    typeof m !== 'object' ||
    !(m.data instanceof Float64Array) ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    m.data.length !== m.rows * m.cols
  ) {
    throw new TypeError(
      `invalid argument: \`${name}\` must be a Matrix {rows, cols, data: Float64Array of rows·cols entries}`,
    );
  }
  return m;
}

export function checkPrecision(v: unknown): Precision {
  if (v === undefined) return 'float64';
  if (v !== 'float32' && v !== 'float64')
    throw new RangeError(`invalid argument: \`precision\` must be "float32" or "float64", got ${JSON.stringify(v)}`);
  return v;
}

export function checkPositiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new RangeError(`invalid argument: \`${name}\` must be a positive integer, got ${String(v)}`);
  return v;
}

export function checkNonNeg(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new RangeError(`invalid argument: \`${name}\` must be a finite number ≥ 0, got ${String(v)}`);
  return v;
}

/** The shapes of a network (w m × d_in, a d_out × m) and inputs x (n × d_in). */
export function checkNet(
  o: { w: unknown; a: unknown },
  xs: Record<string, unknown>,
): { m: number; dIn: number; dOut: number } {
  const w = checkMatrix('w', o.w);
  const a = checkMatrix('a', o.a);
  if (a.cols !== w.rows)
    throw new RangeError(
      `invalid argument: \`a\` must have m = ${w.rows} columns (one per row of \`w\`), got ${a.cols}`,
    );
  for (const [name, v] of Object.entries(xs)) {
    const x = checkMatrix(name, v);
    if (x.cols !== w.cols)
      throw new RangeError(
        `invalid argument: \`${name}\` must have d_in = ${w.cols} columns (like \`w\`), got ${x.cols}`,
      );
  }
  return { m: w.rows, dIn: w.cols, dOut: a.rows };
}
