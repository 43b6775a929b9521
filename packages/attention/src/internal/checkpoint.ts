/**
 * Attention training checkpoints: JSON, written atomically, read back
 * losslessly (float64 numbers round-trip through JSON exactly), tied to the
 * problem by a hash of its bytes. Node-only; loaded by `await import` from the trainer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import type { AttentionProblem } from '../problem/problem';
import type { AttentionHistory } from '../train/types';

export interface AttentionCheckpoint {
  format: 'softmax-ntk/attention-checkpoint';
  version: 1;
  problemHash: string;
  eta: number;
  lambdaMax: number | null;
  schedule: string;
  /** k, or the string "Infinity". */
  alternateEvery: number | string;
  startWith: string;
  /** Next step to compute: the weights below are θ(step), history holds steps < step. */
  step: number;
  wk: number[];
  wq: number[];
  wv: number[];
  lossStart: number | null;
  risingSteps: number;
  history: Record<string, (number | string | null)[]>;
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

function dec(v: unknown): number | null {
  if (v === null || typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`bad checkpoint value ${JSON.stringify(v)}`);
}

export function writeCheckpoint(
  path: string,
  c: Omit<AttentionCheckpoint, 'history'> & { history: AttentionHistory },
): void {
  const history: Record<string, (number | string | null)[]> = {};
  for (const [k, col] of Object.entries(c.history)) history[k] = col.map(enc);
  writeFileAtomic(path, JSON.stringify({ ...c, history }) + '\n');
}

export function readCheckpoint(
  path: string,
): (Omit<AttentionCheckpoint, 'history'> & { history: AttentionHistory }) | undefined {
  if (!existsSync(path)) return undefined;
  let c: AttentionCheckpoint;
  try {
    c = JSON.parse(readFileSync(path, 'utf8')) as AttentionCheckpoint;
  } catch (err) {
    throw new Error(`checkpoint ${JSON.stringify(path)} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (c.format !== 'softmax-ntk/attention-checkpoint' || c.version !== 1)
    throw new Error(`${JSON.stringify(path)} is not a softmax-ntk attention checkpoint (version 1)`);
  const history: Record<string, (number | null)[]> = {};
  for (const [k, col] of Object.entries(c.history)) history[k] = col.map(dec);
  return { ...c, history: history as AttentionHistory };
}
