/**
 * Training checkpoints as text, environment-neutral: serialised and parsed
 * back losslessly (float64 numbers round-trip through JSON exactly; float32
 * values are stored as their exact float64 widening). Files (atomic writes,
 * the problem's sha256) are `fileCheckpoints` of `@softmax-ntk/network/node`.
 */
import { toRows, type Matrix } from '@softmax-ntk/linalg';
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

/** A checkpoint that cannot be used; `field` names the offending field (`json` for a file that is not one). */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  readonly field: string;
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.field = field;
  }
}

const isRows = (v: unknown): v is number[][] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (r) =>
      Array.isArray(r) &&
      r.length === (v[0] as unknown[]).length &&
      r.every((x) => typeof x === 'number' && Number.isFinite(x)),
  );

const isHistoryValue = (v: unknown): boolean =>
  v === null || typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';

/** Every field of a parsed checkpoint checked (a truncated, hand-edited or foreign file is refused, naming the field). */
/** Rng.getState()'s shape: seedrandom's alea state (an integer c, three fractions in [0, 1)) and the spare normal. */
function isRngState(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  const a = r['alea'];
  if (r['kind'] !== 'alea' || !a || typeof a !== 'object' || Array.isArray(a)) return false;
  const st = a as Record<string, unknown>;
  const fraction = (x: unknown) => typeof x === 'number' && x >= 0 && x < 1;
  const spare = r['spare'];
  return (
    typeof st['c'] === 'number' &&
    Number.isSafeInteger(st['c']) &&
    fraction(st['s0']) &&
    fraction(st['s1']) &&
    fraction(st['s2']) &&
    (spare === null || (typeof spare === 'number' && Number.isFinite(spare)))
  );
}

function checkCheckpoint(c: unknown, path: string): Checkpoint {
  const where = `checkpoint ${JSON.stringify(path)}`;
  const bad = (field: string, what: string, v: unknown): never => {
    throw new CheckpointError(
      field,
      `${where}: \`${field}\` must be ${what}, got ${JSON.stringify(v)?.slice(0, 60) ?? String(v)}`,
    );
  };
  if (!c || typeof c !== 'object' || Array.isArray(c)) return bad('json', 'a JSON object', c);
  const o = c as Record<string, unknown>;
  if (o['format'] !== 'softmax-ntk/checkpoint' || o['version'] !== 1)
    throw new CheckpointError('format', `${where} is not a softmax-ntk checkpoint (version 1)`);
  if (typeof o['problemHash'] !== 'string') bad('problemHash', 'a string', o['problemHash']);
  if (o['precision'] !== 'float32' && o['precision'] !== 'float64')
    bad('precision', '"float32" or "float64"', o['precision']);
  const eta = o['eta'];
  if (typeof eta !== 'number' || !Number.isFinite(eta) || eta <= 0) bad('eta', 'a finite number > 0', eta);
  const lm = o['lambdaMax'];
  if (lm !== null && !(typeof lm === 'number' && Number.isFinite(lm) && lm > 0))
    bad('lambdaMax', 'null or a finite number > 0', lm);
  const mu = o['momentum'];
  if (typeof mu !== 'number' || !(mu >= 0 && mu < 1)) bad('momentum', 'a number in [0, 1)', mu);
  const step = o['step'];
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) bad('step', 'an integer ≥ 0', step);
  if (!isRows(o['w'])) bad('w', 'a non-empty matrix of finite numbers', o['w']);
  if (o['velocity'] !== null && !isRows(o['velocity']))
    bad('velocity', 'null or a matrix of finite numbers', o['velocity']);
  if (o['lossStart'] !== null && !isHistoryValue(o['lossStart'])) bad('lossStart', 'null or a number', o['lossStart']);
  const rising = o['risingSteps'];
  if (typeof rising !== 'number' || !Number.isSafeInteger(rising) || rising < 0)
    bad('risingSteps', 'an integer ≥ 0', rising);
  if (!isRngState(o['rng']))
    bad('rng', 'a generator state {"kind": "alea", "alea": {c, s0, s1, s2}, "spare": null or a number}', o['rng']);
  const h = o['history'];
  if (!h || typeof h !== 'object' || Array.isArray(h)) return bad('history', 'an object of columns', h);
  for (const [k, col] of Object.entries(h as Record<string, unknown>))
    if (!Array.isArray(col) || !col.every(isHistoryValue)) bad(`history.${k}`, 'an array of numbers', col);
  return o as unknown as Checkpoint;
}

/** A checkpoint's JSON text parsed back and every field checked; `path` names it in messages. */
export function parseCheckpoint(text: string, path: string): CheckpointState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(
      'json',
      `checkpoint ${JSON.stringify(path)} is ${text.trim() === '' ? 'empty' : 'not valid JSON (truncated?)'}: ${(err as Error).message}; remove it to start afresh`,
      { cause: err },
    );
  }
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
