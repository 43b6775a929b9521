/**
 * Training checkpoints: written atomically (temporary file in the same
 * directory, fsync, rename), read back losslessly (float64 numbers round-trip
 * through JSON exactly; float32 values are stored as their exact float64
 * widening).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { toRows, type Matrix } from '@softmax-ntk/linalg';
import type { Problem } from '../problem/problem';
import type { Checkpoint, History } from '../train/types';
import { numberToJson, rowsToJson, writeFileAtomic } from './jsonNumbers';

export function problemHash(p: Problem): string {
  const h = createHash('sha256');
  h.update(
    `${p.activation};x${p.x.rows}x${p.x.cols};y${p.y.rows}x${p.y.cols};w${p.w.rows}x${p.w.cols};a${p.a.rows}x${p.a.cols};`,
  );
  for (const m of [p.x, p.y, p.w, p.a]) h.update(new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  return h.digest('hex');
}

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

export function writeCheckpoint(
  path: string,
  c: Omit<Checkpoint, 'history' | 'w' | 'velocity'> & { history: History; w: Matrix; velocity: Matrix | undefined },
): void {
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
  writeFileAtomic(path, text);
}

export interface LoadedCheckpoint extends Omit<Checkpoint, 'history' | 'w' | 'velocity'> {
  history: History;
  w: Matrix;
  velocity: Matrix | undefined;
}

function rowsToMatrix(rows: number[][]): Matrix {
  const r = rows.length;
  const c = r ? (rows[0] as number[]).length : 0;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => row.forEach((v, j) => (data[i * c + j] = v)));
  return { rows: r, cols: c, data };
}

/** The checkpoint at `path`, or undefined when there is none. */
export function readCheckpoint(path: string): LoadedCheckpoint | undefined {
  if (!existsSync(path)) return undefined;
  let c: Checkpoint;
  try {
    c = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
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
