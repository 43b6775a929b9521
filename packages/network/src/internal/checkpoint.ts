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

/** A checkpoint's JSON text parsed back; `path` names it in messages. */
export function parseCheckpoint(text: string, path: string): CheckpointState {
  let c: Checkpoint;
  try {
    c = JSON.parse(text) as Checkpoint;
  } catch (err) {
    throw new Error(`checkpoint ${JSON.stringify(path)} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (c.format !== 'softmax-ntk/checkpoint' || c.version !== 1) {
    throw new Error(`${JSON.stringify(path)} is not a softmax-ntk checkpoint (version 1)`);
  }
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
