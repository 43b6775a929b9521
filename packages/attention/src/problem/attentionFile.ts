/**
 * The attention problem file (docs/spec/attention-file.md): strict parsing
 * (every defect refused with a message naming the field) and lossless
 * serialisation (float64 numbers round-trip through JSON exactly).
 */
import { parseWithSchema, assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { AttentionFileError, type AttentionProblem } from './problem';
import { attentionFileSchema } from './attentionSchema';

/** Nested arrays of numbers (types checked by the schema) → flat Float64Array and its dims; refuses ragged input. */
function tensor3(field: string, a: number[][][]): { dims: [number, number, number]; data: Float64Array } {
  const first = a[0] as number[][];
  const dims: [number, number, number] = [a.length, first.length, (first[0] as number[]).length];
  const data = new Float64Array(dims[0] * dims[1] * dims[2]);
  let t = 0;
  a.forEach((ai, i) => {
    if (ai.length !== dims[1])
      throw new AttentionFileError(
        `${field}[${i}]`,
        `expected ${dims[1]} entries (as ${field}[0] has), got ${ai.length}`,
      );
    ai.forEach((aij, j) => {
      if (aij.length !== dims[2])
        throw new AttentionFileError(
          `${field}[${i}][${j}]`,
          `expected ${dims[2]} entries (as ${field}[0][0] has), got ${aij.length}`,
        );
      data.set(aij, t);
      t += aij.length;
    });
  });
  return { dims, data };
}

/**
 * Parse the text (or the already-parsed value) of an attention file: first the types of the schema
 * (`attentionFileSchema`: nothing coerced, unknown fields refused), then the shapes. The first defect is one
 * `AttentionFileError` line naming its field path (`y[0][0][1]: expected a finite number, got "1"`).
 *
 * @param input - The file's JSON text, or the value it parses to.
 *
 * @example
 * ```ts
 * import { makeAttentionTask, parseAttentionFile, serializeAttentionFile } from '@softmax-ntk/attention';
 *
 * // Every field is checked; the first defect is one line naming its path
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * const json = JSON.parse(serializeAttentionFile(problem));
 * console.log(parseAttentionFile(json).x.length); // 12
 * try {
 *   parseAttentionFile({ ...json, temperature: -1 });
 * } catch (e) {
 *   console.log(e.message); // temperature: expected a number > 0, got -1
 * }
 * ```
 */
export function parseAttentionFile(input: unknown): AttentionProblem {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new AttentionFileError('json', `invalid JSON: ${(err as Error).message}`);
    }
    assertNoDuplicateKey(input, (p, d) => new AttentionFileError(p, d));
  }
  const o = parseWithSchema(attentionFileSchema(), doc, { error: (p, d) => new AttentionFileError(p, d) });
  const x = tensor3('x', o.x);
  const y = tensor3('y', o.y);
  const wk = tensor3('wk', o.wk);
  const wq = tensor3('wq', o.wq);
  const wv = tensor3('wv', o.wv);
  const [N, d, n] = x.dims;
  const shape = (dims: number[]) => dims.join(' × ');
  if (shape(y.dims) !== shape(x.dims))
    throw new AttentionFileError('y', `expected the shape of x, N × d × n′ = ${shape(x.dims)}, got ${shape(y.dims)}`);
  const [H, dh] = wk.dims;
  if (wk.dims[2] !== d)
    throw new AttentionFileError('wk', `expected H × d_h × d with d = ${d} (from x), got ${shape(wk.dims)}`);
  if (shape(wq.dims) !== shape(wk.dims))
    throw new AttentionFileError(
      'wq',
      `expected the shape of wk, H × d_h × d = ${shape(wk.dims)}, got ${shape(wq.dims)}`,
    );
  if (wv.dims[0] !== H || wv.dims[1] !== d || wv.dims[2] !== d)
    throw new AttentionFileError('wv', `expected H × d × d = ${H} × ${d} × ${d}, got ${shape(wv.dims)}`);
  return {
    shape: { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh },
    x: x.data,
    y: y.data,
    wk: wk.data,
    wq: wq.data,
    wv: wv.data,
    scaling: o.scaling ?? 'ntk',
    temperature: o.temperature ?? Math.sqrt(dh),
  };
}

/** Nested JSON arrays of a flat row-major tensor. */
export function nest3(data: ArrayLike<number>, d0: number, d1: number, d2: number): number[][][] {
  const out: number[][][] = [];
  for (let i = 0; i < d0; i++) {
    const a: number[][] = [];
    for (let j = 0; j < d1; j++) {
      const b: number[] = [];
      for (let k = 0; k < d2; k++) b.push(data[(i * d1 + j) * d2 + k] as number);
      a.push(b);
    }
    out.push(a);
  }
  return out;
}

/**
 * The JSON text of an attention file (shortest round-trip number form: float64 values are exact).
 *
 * @param p - The problem to write (its shape, sequences, targets, weights, scaling and temperature).
 *
 * @example
 * ```ts
 * import { makeAttentionTask, parseAttentionFile, serializeAttentionFile } from '@softmax-ntk/attention';
 *
 * // An attention file's text (docs/spec/attention-file.md); it parses back to the same float64 numbers
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * const back = parseAttentionFile(serializeAttentionFile(problem));
 * console.log(back.shape.numHeads, back.scaling, back.wk.every((v, k) => v === problem.wk[k])); // 2 ntk true
 * ```
 */
export function serializeAttentionFile(p: AttentionProblem): string {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const rows = (t: number[][][]) => '[\n' + t.map((m) => '    ' + JSON.stringify(m)).join(',\n') + '\n  ]';
  return (
    '{\n' +
    `  "x": ${rows(nest3(p.x, N, d, n))},\n` +
    `  "y": ${rows(nest3(p.y, N, d, n))},\n` +
    `  "wk": ${rows(nest3(p.wk, H, dh, d))},\n` +
    `  "wq": ${rows(nest3(p.wq, H, dh, d))},\n` +
    `  "wv": ${rows(nest3(p.wv, H, d, d))},\n` +
    `  "scaling": ${JSON.stringify(p.scaling)},\n` +
    `  "temperature": ${JSON.stringify(p.temperature)}\n}\n`
  );
}
