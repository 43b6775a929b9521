/**
 * The attention problem file (docs/spec/attention-file.md): strict parsing
 * (every defect refused with a message naming the field) and lossless
 * serialisation (float64 numbers round-trip through JSON exactly).
 */
import { fail, show } from '../internal/validate';
import { AttentionFileError, SCALINGS, type AttentionProblem, type Scaling } from './problem';

const FIELDS = ['x', 'y', 'wk', 'wq', 'wv', 'scaling', 'temperature'];

/** Nested arrays of numbers of rank 3 → flat Float64Array and its dims; refuses ragged or non-numeric input. */
function tensor3(field: string, v: unknown): { dims: [number, number, number]; data: Float64Array } {
  if (!Array.isArray(v)) fail(field, `must be a 3-level array of numbers, got ${show(v)}`);
  const a = v as unknown[];
  if (a.length < 1) fail(field, 'must not be empty (every dimension must be ≥ 1)');
  const first = a[0];
  if (!Array.isArray(first) || first.length < 1)
    fail(field, `${field}[0] must be a non-empty array of arrays, got ${show(first)}`);
  const second = (first as unknown[])[0];
  if (!Array.isArray(second) || second.length < 1)
    fail(field, `${field}[0][0] must be a non-empty array of numbers, got ${show(second)}`);
  const dims: [number, number, number] = [a.length, (first as unknown[]).length, (second as unknown[]).length];
  const data = new Float64Array(dims[0] * dims[1] * dims[2]);
  let t = 0;
  for (let i = 0; i < dims[0]; i++) {
    const ai = a[i];
    if (!Array.isArray(ai) || ai.length !== dims[1])
      fail(
        field,
        `is ragged: ${field}[${i}] has ${Array.isArray(ai) ? ai.length : show(ai)} entries, expected ${dims[1]}`,
      );
    for (let j = 0; j < dims[1]; j++) {
      const aij = (ai as unknown[])[j];
      if (!Array.isArray(aij) || aij.length !== dims[2])
        fail(
          field,
          `is ragged: ${field}[${i}][${j}] has ${Array.isArray(aij) ? aij.length : show(aij)} entries, expected ${dims[2]}`,
        );
      for (let k = 0; k < dims[2]; k++) {
        const x = (aij as unknown[])[k];
        if (typeof x !== 'number' || !Number.isFinite(x))
          fail(field, `must hold finite numbers, got ${show(x)} at ${field}[${i}][${j}][${k}]`);
        data[t++] = x;
      }
    }
  }
  return { dims, data };
}

/** Parse the text (or the already-parsed value) of an attention file. */
export function parseAttentionFile(input: unknown): AttentionProblem {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new AttentionFileError('json', `invalid attention problem: not valid JSON (${(err as Error).message})`);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new AttentionFileError(
      'json',
      `invalid attention problem: the document must be a JSON object, got ${show(doc)}`,
    );
  const o = doc as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!FIELDS.includes(k)) fail(k, `is not a field of an attention problem (the fields are ${FIELDS.join(', ')})`);
  for (const k of ['x', 'y', 'wk', 'wq', 'wv']) if (!(k in o)) fail(k, 'is missing');
  const x = tensor3('x', o['x']);
  const y = tensor3('y', o['y']);
  const wk = tensor3('wk', o['wk']);
  const wq = tensor3('wq', o['wq']);
  const wv = tensor3('wv', o['wv']);
  const [N, d, n] = x.dims;
  if (y.dims.join() !== x.dims.join())
    fail('y', `must have the shape of x, N × d × n′ = ${x.dims.join(' × ')}, got ${y.dims.join(' × ')}`);
  const [H, dh] = wk.dims;
  if (wk.dims[2] !== d) fail('wk', `must be H × d_h × d with d = ${d} (from x), got ${wk.dims.join(' × ')}`);
  if (wq.dims.join() !== wk.dims.join())
    fail('wq', `must have the shape of wk, H × d_h × d = ${wk.dims.join(' × ')}, got ${wq.dims.join(' × ')}`);
  if (wv.dims[0] !== H || wv.dims[1] !== d || wv.dims[2] !== d)
    fail('wv', `must be H × d × d = ${H} × ${d} × ${d}, got ${wv.dims.join(' × ')}`);
  let scaling: Scaling = 'ntk';
  if ('scaling' in o) {
    if (!SCALINGS.includes(o['scaling'] as Scaling))
      fail('scaling', `must be "ntk" or "mean-field", got ${show(o['scaling'])}`);
    scaling = o['scaling'] as Scaling;
  }
  let temperature = Math.sqrt(dh);
  if ('temperature' in o) {
    const t = o['temperature'];
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)
      fail('temperature', `must be a finite number > 0, got ${show(t)}`);
    temperature = t;
  }
  return {
    shape: { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh },
    x: x.data,
    y: y.data,
    wk: wk.data,
    wq: wq.data,
    wv: wv.data,
    scaling,
    temperature,
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

/** The JSON text of an attention file (shortest round-trip number form: float64 values are exact). */
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
