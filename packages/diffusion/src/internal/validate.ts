/** Validation at the public edge of the diffusion package: messages name the argument and the value. */
import type { Matrix } from '@softmax-ntk/linalg';

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? s.slice(0, 57) + '…' : s;
  } catch {
    // JSON.stringify throws on BigInt and on cycles.
    return typeof v === 'bigint' ? v.toString() : Object.prototype.toString.call(v);
  }
}

export function fail(message: string): never {
  throw new RangeError(`invalid argument: ${message}`);
}

export function checkPositiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    fail(`\`${name}\` must be a positive integer, got ${show(v)}`);
  return v;
}

export function checkNonNegInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    fail(`\`${name}\` must be a non-negative integer, got ${show(v)}`);
  return v;
}

export function checkPositive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    fail(`\`${name}\` must be a finite number > 0, got ${show(v)}`);
  return v;
}

export function checkNonNeg(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    fail(`\`${name}\` must be a finite number ≥ 0, got ${show(v)}`);
  return v;
}

export function checkMatrix(name: string, v: unknown, cols?: number): Matrix {
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
  if (cols !== undefined && m.cols !== cols) fail(`\`${name}\` must have ${cols} columns, got ${m.cols}`);
  return m;
}

/** T₀ < T, both finite, T₀ > 0. */
export function checkTimes(t0: unknown, T: unknown): { t0: number; T: number } {
  const tt = checkPositive('T', T);
  const t = checkPositive('t0', t0);
  if (t >= tt) fail(`\`t0\` must be smaller than \`T\` (T₀ < T), got t0 = ${t}, T = ${tt}`);
  return { t0: t, T: tt };
}
