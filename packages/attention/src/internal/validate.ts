/** Validation at the public edge: messages name the field and the value. */
import { AttentionFileError, SCALINGS, type AttentionProblem } from '../problem/problem';

export function fail(field: string, message: string): never {
  throw new AttentionFileError(field, `invalid attention problem: \`${field}\` ${message}`);
}

export function failArg(message: string): never {
  throw new RangeError(`invalid argument: ${message}`);
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? `a ${typeof v}` : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return `a ${typeof v} that is not JSON`;
  }
}

export function checkPositiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    failArg(`\`${name}\` must be an integer ≥ 1, got ${show(v)}`);
  return v;
}

export function checkNonNegInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    failArg(`\`${name}\` must be an integer ≥ 0, got ${show(v)}`);
  return v;
}

export function checkPositive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    failArg(`\`${name}\` must be a finite number > 0, got ${show(v)}`);
  return v;
}

/** The problem object's shapes, lengths, finiteness, scaling and temperature; returns it unchanged. */
export function checkProblem(p: AttentionProblem): AttentionProblem {
  if (!p || typeof p !== 'object') fail('problem', `must be an attention problem object, got ${show(p)}`);
  const sh = p.shape;
  if (!sh || typeof sh !== 'object') fail('shape', `must be {numSequences, dim, numTokens, numHeads, headDim}`);
  const dims: [keyof typeof sh, string][] = [
    ['numSequences', 'x'],
    ['dim', 'x'],
    ['numTokens', 'x'],
    ['numHeads', 'wk'],
    ['headDim', 'wk'],
  ];
  for (const [k, field] of dims) {
    const v = sh[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      fail(field, `has ${k} = ${show(v)}; every dimension (N, d, n′, H, d_h) must be ≥ 1`);
  }
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = sh;
  const expect: [keyof AttentionProblem & ('x' | 'y' | 'wk' | 'wq' | 'wv'), number, string][] = [
    ['x', N * d * n, `N × d × n′ = ${N} × ${d} × ${n}`],
    ['y', N * d * n, `N × d × n′ = ${N} × ${d} × ${n}`],
    ['wk', H * dh * d, `H × d_h × d = ${H} × ${dh} × ${d}`],
    ['wq', H * dh * d, `H × d_h × d = ${H} × ${dh} × ${d}`],
    ['wv', H * d * d, `H × d × d = ${H} × ${d} × ${d}`],
  ];
  for (const [k, len, what] of expect) {
    const a = p[k];
    if (!(a instanceof Float64Array)) fail(k, `must be a Float64Array, got ${show(a)}`);
    if (a.length !== len) fail(k, `must have ${what} = ${len} entries, got ${a.length}`);
    for (let t = 0; t < a.length; t++)
      if (!Number.isFinite(a[t])) fail(k, `must hold finite numbers, got ${a[t]} at flat index ${t}`);
  }
  if (!SCALINGS.includes(p.scaling)) fail('scaling', `must be "ntk" or "mean-field", got ${show(p.scaling)}`);
  if (typeof p.temperature !== 'number' || !Number.isFinite(p.temperature) || p.temperature <= 0)
    fail('temperature', `must be a finite number > 0, got ${show(p.temperature)}`);
  return p;
}
