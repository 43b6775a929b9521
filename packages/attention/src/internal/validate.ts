/**
 * Validation at the public edge of the attention package: linalg's one validation layer. Problem objects give
 * `AttentionFileError`s in the file's wording (`wv (flat index 3): expected a finite number, got NaN`); other
 * arguments give `invalid argument: …` `ValidationError`s.
 */
import { describeValue } from '@softmax-ntk/linalg';
import { AttentionFileError, SCALINGS, type AttentionProblem } from '../problem/problem';

/** Throws an `AttentionFileError` `<field>: <detail>`. */
export function fail(field: string, detail: string): never {
  throw new AttentionFileError(field, detail);
}

/** A value as validation messages show it (linalg's `describeValue`). */
export const show = describeValue;

// The argument checks are linalg's, as in network and diffusion: one wording everywhere.
export { argumentError, checkNonNegInt, checkPositive, checkPositiveInt } from '@softmax-ntk/linalg';

/** The problem object's shapes, lengths, finiteness, scaling and temperature; returns it unchanged. */
export function checkProblem(p: AttentionProblem): AttentionProblem {
  if (!p || typeof p !== 'object') fail('problem', `expected an attention problem object, got ${show(p)}`);
  const sh = p.shape;
  if (!sh || typeof sh !== 'object')
    fail('shape', `expected {numSequences, dim, numTokens, numHeads, headDim}, got ${show(sh)}`);
  for (const k of ['numSequences', 'dim', 'numTokens', 'numHeads', 'headDim'] as const) {
    const v = sh[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      fail(`shape.${k}`, `expected a positive integer (every dimension N, d, n′, H, d_h is ≥ 1), got ${show(v)}`);
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
    if (!(a instanceof Float64Array)) fail(k, `expected a Float64Array, got ${show(a)}`);
    if (a.length !== len) fail(k, `expected ${what} = ${len} entries, got ${a.length}`);
    for (let t = 0; t < a.length; t++)
      if (!Number.isFinite(a[t])) fail(`${k} (flat index ${t})`, `expected a finite number, got ${show(a[t])}`);
  }
  if (!SCALINGS.includes(p.scaling)) fail('scaling', `expected one of "ntk", "mean-field", got ${show(p.scaling)}`);
  if (typeof p.temperature !== 'number' || !Number.isFinite(p.temperature) || p.temperature <= 0)
    fail('temperature', `expected a finite number > 0, got ${show(p.temperature)}`);
  return p;
}
