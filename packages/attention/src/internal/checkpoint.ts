/**
 * Attention training checkpoints as text, environment-neutral: JSON read back
 * losslessly (float64 numbers round-trip through JSON exactly; float32 weights
 * are stored as their exact float64 widening), tied to the problem by a hash of
 * its bytes. Files (atomic writes) are `fileCheckpoints` of
 * `@softmax-ntk/attention/node`.
 */
import { ValidationError, assertNoDuplicateKey } from '@softmax-ntk/linalg';
import type { AttentionProblem } from '../problem/problem';
import type { AttentionCheckpointState, AttentionHistory } from '../train/types';

/** The checkpoint as stored: version 1 (a file without `precision` was written by a float64 run). */
interface AttentionCheckpointJson {
  format: 'softmax-ntk/attention-checkpoint';
  version: 1;
  problemHash: string;
  precision?: string;
  eta: number;
  lambdaMax: number | null;
  schedule: string;
  /** k, or the string "Infinity". */
  alternateEvery: number | string;
  startWith: string;
  step: number;
  wk: number[];
  wq: number[];
  wv: number[];
  lossStart: number | null;
  risingSteps: number;
  history: Record<string, (number | string | null)[]>;
}

/**
 * A checkpoint that cannot be used (unreadable, damaged, or written for another problem or other settings): one
 * line `checkpoint "<location>": <what is wrong>`; `field` names the checkpoint's field (`json` for text that is not
 * a checkpoint at all).
 *
 * @example
 * ```ts
 * import { AttentionCheckpointError, makeAttentionTask, trainAttention } from '@softmax-ntk/attention';
 *
 * // Resuming from a checkpoint written for another problem is refused before any step
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * let saved;
 * const store = (tag) => ({ location: tag, fingerprint: () => tag, read: () => saved, write: (c) => (saved = c) });
 * await trainAttention({ problem, steps: 3, checkpoints: store('run-a') });
 * try {
 *   await trainAttention({ problem, steps: 3, checkpoints: store('run-b'), resume: true });
 * } catch (e) {
 *   console.log(e instanceof AttentionCheckpointError, e.field, e.message);
 *   // → true problemHash checkpoint "run-b": was written for a different problem (hash mismatch)
 * }
 * ```
 */
export class AttentionCheckpointError extends ValidationError {
  override name = 'AttentionCheckpointError';
  /**
   * @param location - The checkpoint file (or store) the line names.
   * @param field - The checkpoint field at fault (`json` for text that is not a checkpoint).
   * @param detail - What is wrong with it.
   * @param options - The underlying error as `cause`, if any.
   */
  constructor(location: string, field: string, detail: string, options?: ErrorOptions) {
    super(`checkpoint ${JSON.stringify(location)}`, detail, '', field);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** FNV-1a (two 32-bit lanes) over the shape, settings and float64 bytes of x, y and θ(0): no crypto needed. */
export function problemHash(p: AttentionProblem): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const feed = (bytes: Uint8Array) => {
    for (const v of bytes) {
      a = Math.imul(a ^ v, 0x01000193) >>> 0;
      b = Math.imul(b ^ v, 0x5bd1e995) >>> 0;
    }
  };
  const sh = p.shape;
  feed(
    new TextEncoder().encode(
      `${sh.numSequences},${sh.dim},${sh.numTokens},${sh.numHeads},${sh.headDim};${p.scaling};${p.temperature}`,
    ),
  );
  for (const m of [p.x, p.y, p.wk, p.wq, p.wv]) feed(new Uint8Array(m.buffer, m.byteOffset, m.byteLength));
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

const enc = (v: number | null): number | string | null => (v === null || Number.isFinite(v) ? v : String(v));

function dec(v: unknown): number | null | undefined {
  if (v === null || typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return undefined;
}

/** The checkpoint as JSON text (one line and a newline). */
export function serializeCheckpoint(c: AttentionCheckpointState): string {
  const history: Record<string, (number | string | null)[]> = {};
  for (const [k, col] of Object.entries(c.history)) history[k] = col.map(enc);
  const json: AttentionCheckpointJson = {
    format: 'softmax-ntk/attention-checkpoint',
    version: 1,
    problemHash: c.problemHash,
    precision: c.precision,
    eta: c.eta,
    lambdaMax: c.lambdaMax,
    schedule: c.schedule,
    alternateEvery: Number.isFinite(c.alternateEvery) ? c.alternateEvery : 'Infinity',
    startWith: c.startWith,
    step: c.step,
    wk: Array.from(c.wk),
    wq: Array.from(c.wq),
    wv: Array.from(c.wv),
    lossStart: c.lossStart,
    risingSteps: c.risingSteps,
    history,
  };
  return JSON.stringify(json) + '\n';
}

const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Parse checkpoint text; a defect throws an {@link AttentionCheckpointError} naming `location` and the field. */
export function parseCheckpoint(text: string, location: string): AttentionCheckpointState {
  let c: AttentionCheckpointJson;
  try {
    c = JSON.parse(text) as AttentionCheckpointJson;
  } catch (err) {
    throw new AttentionCheckpointError(
      location,
      'json',
      `is ${text.trim() === '' ? 'empty' : 'not valid JSON (truncated?)'}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  assertNoDuplicateKey(text, (field, detail) => new AttentionCheckpointError(location, field, detail));
  if (
    c === null ||
    typeof c !== 'object' ||
    Array.isArray(c) ||
    c.format !== 'softmax-ntk/attention-checkpoint' ||
    c.version !== 1
  )
    throw new AttentionCheckpointError(location, 'json', 'is not a softmax-ntk attention checkpoint (version 1)');
  // (typed as a never-returning function, so that each check narrows what follows it)
  const bad: (field: string, what: string) => never = (field, what) => {
    throw new AttentionCheckpointError(location, field, `\`${field}\` ${what}`);
  };
  if (typeof c.problemHash !== 'string' || c.problemHash === '') bad('problemHash', 'must be a non-empty string');
  for (const f of ['wk', 'wq', 'wv'] as const) if (!isNumbers(c[f])) bad(f, 'must be an array of finite numbers');
  if (!Number.isSafeInteger(c.step) || c.step < 0) bad('step', 'must be an integer ≥ 0');
  if (typeof c.eta !== 'number' || !(c.eta > 0) || !Number.isFinite(c.eta)) bad('eta', 'must be a finite number > 0');
  const lambdaMax = c.lambdaMax ?? null;
  if (lambdaMax !== null && (typeof lambdaMax !== 'number' || !(lambdaMax > 0) || !Number.isFinite(lambdaMax)))
    bad('lambdaMax', 'must be null or a finite number > 0');
  const lossStart = c.lossStart ?? null;
  if (lossStart !== null && (typeof lossStart !== 'number' || !Number.isFinite(lossStart)))
    bad('lossStart', 'must be null or a finite number');
  if (!Number.isSafeInteger(c.risingSteps) || c.risingSteps < 0) bad('risingSteps', 'must be an integer ≥ 0');
  const precision = c.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') bad('precision', 'must be "float64" or "float32"');
  if (c.schedule !== 'joint' && c.schedule !== 'alternating') bad('schedule', 'must be "joint" or "alternating"');
  if (c.startWith !== 'kq' && c.startWith !== 'v') bad('startWith', 'must be "kq" or "v"');
  const k = c.alternateEvery === 'Infinity' ? Infinity : c.alternateEvery;
  if (typeof k !== 'number' || !(k >= 1) || (Number.isFinite(k) && !Number.isSafeInteger(k)))
    bad('alternateEvery', 'must be an integer ≥ 1 or "Infinity"');
  if (c.history === null || typeof c.history !== 'object' || Array.isArray(c.history))
    bad('history', 'must be an object of columns');
  const history: Record<string, (number | null)[]> = {};
  for (const [key, col] of Object.entries(c.history)) {
    if (!Array.isArray(col) || col.length !== c.step) bad(`history.${key}`, `must be an array of ${c.step} values`);
    const values = (col as unknown[]).map(dec);
    const i = values.indexOf(undefined);
    if (i >= 0) bad(`history.${key}`, `must hold numbers, null, "NaN" or "±Infinity", got ${JSON.stringify(col[i])}`);
    history[key] = values as (number | null)[];
  }
  for (const key of ['step', 'loss', 'phase', 'stepGradNorm'])
    if (!history[key]) bad(`history.${key}`, `must be an array of ${c.step} values, got none`);
  return {
    problemHash: String(c.problemHash),
    precision,
    eta: c.eta,
    lambdaMax,
    schedule: c.schedule,
    alternateEvery: k,
    startWith: c.startWith,
    step: c.step,
    wk: Float64Array.from(c.wk),
    wq: Float64Array.from(c.wq),
    wv: Float64Array.from(c.wv),
    lossStart,
    risingSteps: c.risingSteps,
    history: history as AttentionHistory,
  };
}
