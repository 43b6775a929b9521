/** Validation at the public edge: messages name the argument and the value. */
import type { Matrix } from '@softmax-ntk/linalg';
import { ACTIVATIONS, PRECISIONS, type Activation, type Precision } from '../network/activation';

export function fail(message: string): never {
  throw new RangeError(`invalid argument: ${message}`);
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? typeof v : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    // JSON.stringify throws on BigInt and on cycles.
    return typeof v === 'bigint' ? v.toString() : Object.prototype.toString.call(v);
  }
}

export function checkMatrix(name: string, v: unknown): Matrix {
  const m = v as Matrix;
  if (
    !m ||
    typeof m !== 'object' ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    !(m.data instanceof Float64Array) ||
    m.data.length !== m.rows * m.cols
  ) {
    fail(`\`${name}\` must be a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got ${show(v)}`);
  }
  return m;
}

export function checkShape(
  name: string,
  m: Matrix,
  rows: number | undefined,
  cols: number | undefined,
  why: string,
): void {
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    fail(`\`${name}\` must be ${rows ?? m.rows} × ${cols ?? m.cols} (${why}), got ${m.rows} × ${m.cols}`);
  }
}

export function checkFinite(name: string, m: Matrix): void {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      fail(`\`${name}\` must hold finite numbers, entry [${Math.floor(k / m.cols)}][${k % m.cols}] is ${d[k]}`);
    }
  }
}

export function checkActivation(v: unknown): Activation {
  if (v === undefined) return 'softmax';
  if (!(ACTIVATIONS as readonly unknown[]).includes(v)) {
    fail(`\`activation\` must be one of ${ACTIVATIONS.map((a) => JSON.stringify(a)).join(', ')}, got ${show(v)}`);
  }
  return v as Activation;
}

export function checkPrecision(v: unknown): Precision {
  if (v === undefined) return 'float64';
  if (!(PRECISIONS as readonly unknown[]).includes(v)) {
    fail(`\`precision\` must be one of ${PRECISIONS.map((a) => JSON.stringify(a)).join(', ')}, got ${show(v)}`);
  }
  return v as Precision;
}

export function checkPositiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
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
    fail(`\`${name}\` must be a positive finite number, got ${show(v)}`);
  return v;
}

export function checkNonNeg(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    fail(`\`${name}\` must be a non-negative finite number, got ${show(v)}`);
  return v;
}

/** Shapes of a network and its inputs (and labels when given). */
export interface NetShape {
  n: number;
  dIn: number;
  dOut: number;
  m: number;
}

/** Validate w (m × d_in), a (d_out × m), x (n × d_in) and optionally y (n × d_out). */
export function checkNetwork(args: { w: unknown; a: unknown; x: unknown; y?: unknown }, needY: boolean): NetShape {
  const x = checkMatrix('x', args.x);
  const w = checkMatrix('w', args.w);
  const a = checkMatrix('a', args.a);
  if (x.cols === 0) fail('`x` must have at least one column (d_in ≥ 1), got 0');
  if (w.rows === 0) fail('`w` must have at least one row (m ≥ 1), got 0');
  checkShape('w', w, undefined, x.cols, 'm × d_in, d_in from `x`');
  checkShape('a', a, undefined, w.rows, 'd_out × m, m from `w`');
  if (a.rows === 0) fail('`a` must have at least one row (d_out ≥ 1), got 0');
  if (needY) {
    const y = checkMatrix('y', args.y);
    checkShape('y', y, x.rows, a.rows, 'n × d_out, n from `x`, d_out from `a`');
  }
  return { n: x.rows, dIn: x.cols, dOut: a.rows, m: w.rows };
}
