/**
 * Training checkpoints as text, environment-neutral: serialised and parsed
 * back losslessly (float64 numbers round-trip through JSON exactly; float32
 * values are stored as their exact float64 widening). Files (atomic writes,
 * the problem's sha256) are `fileCheckpoints` of `@softmax-ntk/network/node`.
 */
import {
  RNG_STATE_SHAPE,
  ValidationError,
  describeValue,
  isRngState,
  lazySchema,
  parseWithSchema,
  toRows,
  type Matrix,
  assertNoDuplicateKey,
} from '@softmax-ntk/linalg';
import type { Checkpoint, CheckpointState, History } from '../train/types';
import { numberToJson, rowsToJson } from './jsonNumbers';

function encodeValue(v: number | null): string {
  if (v === null) return 'null';
  return Number.isFinite(v) ? numberToJson(v) : JSON.stringify(String(v));
}

function decodeValue(v: unknown): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`bad history value ${JSON.stringify(v)}`);
}

export function truncateHistory(h: History, length: number): History {
  const out: Record<string, (number | null)[]> = {};
  for (const [k, col] of Object.entries(h)) out[k] = col.slice(0, length);
  return out as History;
}

/** The checkpoint as JSON text (version 1). */
export function serializeCheckpoint(c: CheckpointState): string {
  const hist = Object.entries(c.history)
    .map(([k, col]) => `    ${JSON.stringify(k)}: [${col.map(encodeValue).join(', ')}]`)
    .join(',\n');
  const text =
    `{\n  "format": "softmax-ntk/checkpoint",\n  "version": 1,\n  "problemHash": ${JSON.stringify(c.problemHash)},\n` +
    `  "precision": ${JSON.stringify(c.precision)},\n  "eta": ${numberToJson(c.eta)},\n` +
    `  "lambdaMax": ${c.lambdaMax === null ? 'null' : encodeValue(c.lambdaMax)},\n  "momentum": ${numberToJson(c.momentum)},\n` +
    `  "step": ${c.step},\n  "lossStart": ${c.lossStart === null ? 'null' : encodeValue(c.lossStart)},\n  "risingSteps": ${c.risingSteps},\n` +
    `  "rng": ${JSON.stringify(c.rng)},\n` +
    `  "w": ${rowsToJson(toRows(c.w), '  ')},\n` +
    `  "velocity": ${c.velocity ? rowsToJson(toRows(c.velocity), '  ') : 'null'},\n` +
    `  "history": {\n${hist}\n  }\n}\n`;
  return text;
}

function rowsToMatrix(rows: number[][]): Matrix {
  const r = rows.length;
  const c = r ? (rows[0] as number[]).length : 0;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => row.forEach((v, j) => (data[i * c + j] = v)));
  return { rows: r, cols: c, data };
}

/**
 * A checkpoint that cannot be used: linalg's `ValidationError`, one line `checkpoint "<file>": <field path>:
 * <what is wrong>`; `field` names the offending field (`json` for a file that is not one).
 */
export class CheckpointError extends ValidationError {
  override name = 'CheckpointError';
  /**
   * @param path - the field path (`eta`, `w[3]`); empty for a message that is not about one field.
   * @param detail - what is wrong.
   * @param options - `file`: the checkpoint, put first (`checkpoint "<file>": `); `field` when `path` is empty.
   */
  constructor(path: string, detail: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super(
      path,
      detail,
      options.file === undefined ? '' : `checkpoint ${JSON.stringify(options.file)}: `,
      options.field,
    );
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** The checkpoint's fields and their types (the rng state and the rows' lengths are checked after it). */
const checkpointSchema = lazySchema((z) => {
  const rows = z.array(z.array(z.number()).min(1)).min(1);
  const historyValue = z.union([z.number(), z.literal('NaN'), z.literal('Infinity'), z.literal('-Infinity')]);
  return z.object({
    format: z.literal('softmax-ntk/checkpoint'),
    version: z.literal(1),
    problemHash: z.string(),
    precision: z.enum(['float32', 'float64']),
    eta: z.number().positive(),
    lambdaMax: z.number().positive().nullable(),
    momentum: z.number().min(0).lt(1),
    step: z.int().min(0),
    w: rows,
    velocity: rows.nullable(),
    lossStart: historyValue.nullable(),
    risingSteps: z.int().min(0),
    rng: z.unknown(),
    history: z.record(z.string(), z.array(historyValue.nullable())),
  });
});

/** Every row of `rows` as long as the first (the schema checks types, not shapes). */
function checkRowLengths(file: string, field: string, rows: number[][]): void {
  const cols = (rows[0] as number[]).length;
  rows.forEach((r, i) => {
    if (r.length !== cols)
      throw new CheckpointError(`${field}[${i}]`, `expected ${cols} entries (as ${field}[0] has), got ${r.length}`, {
        file,
      });
  });
}

/** Every field of a parsed checkpoint checked (a truncated, hand-edited or foreign file is refused, naming the field). */
function checkCheckpoint(c: unknown, file: string): Checkpoint {
  const o = c as Record<string, unknown> | null;
  if (
    o &&
    typeof o === 'object' &&
    !Array.isArray(o) &&
    (o['format'] !== 'softmax-ntk/checkpoint' || o['version'] !== 1)
  )
    throw new CheckpointError('format', 'not a softmax-ntk checkpoint (version 1)', { file });
  const parsed = parseWithSchema(checkpointSchema(), c, {
    error: (path, detail) => new CheckpointError(path, detail, { file }),
  });
  checkRowLengths(file, 'w', parsed.w);
  if (parsed.velocity) checkRowLengths(file, 'velocity', parsed.velocity);
  if (!isRngState(parsed.rng))
    throw new CheckpointError(
      'rng',
      `expected a generator state ${RNG_STATE_SHAPE}, got ${describeValue(parsed.rng)}`,
      { file },
    );
  return c as Checkpoint;
}

/** A checkpoint's JSON text parsed back and every field checked; `path` names it in messages. */
export function parseCheckpoint(text: string, path: string): CheckpointState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(
      'json',
      `${text.trim() === '' ? 'empty' : 'not valid JSON (truncated?)'}: ${(err as Error).message}; remove it to start afresh`,
      { file: path, cause: err },
    );
  }
  assertNoDuplicateKey(text, (field, detail) => new CheckpointError(field, detail, { file: path }));
  const c = checkCheckpoint(parsed, path);
  const history: Record<string, (number | null)[]> = {};
  for (const [k, col] of Object.entries(c.history)) history[k] = col.map(decodeValue);
  return {
    ...c,
    lossStart: c.lossStart === null ? null : decodeValue(c.lossStart),
    lambdaMax: c.lambdaMax === null ? null : decodeValue(c.lambdaMax),
    w: rowsToMatrix(c.w),
    velocity: c.velocity ? rowsToMatrix(c.velocity) : undefined,
    history: history as History,
  };
}
