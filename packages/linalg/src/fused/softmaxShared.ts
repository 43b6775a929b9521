/**
 * The SharedArrayBuffer between `softmaxGradient64Threads` and its worker (./softmaxWorker): control slots, an
 * error message, a float64 header (n, d, m, d_out, h, scale, loss, the error's length, the precision: 0 float64,
 * 1 float32) and the operands X, Wᵀ, a, Y, then the worker's
 * part of ΔWᵀ and its rows [h, n) of F. Below the public edge: nothing is validated here.
 */
import type { SoftmaxGradient64Options, SoftmaxPrecision } from './softmaxGradient64';

/**
 * Int32 control slots: the state of the current job, the generation of the buffer the worker is serving, and 1 when
 * the caller found the machine idle (../internal/threads' `machineLooksIdle`): then both threads spin up to
 * SPIN_MS before they sleep.
 */
export const SLOT = { state: 0, ready: 1, spin: 2, length: 4 } as const;

/**
 * How long a waiting thread spins before it sleeps on an idle machine (ms): longer than the caller's work between
 * two steps (the update of W and the copy of the next operands, ~0.1 ms at (n, d, m) = (256, 8, 4096)), so the
 * worker is awake when the next job comes. Measured 2026-12-07 at real-time priority: the float32 step 3.01–3.05 ms
 * with sleeps only, 2.84–2.90 ms with spins.
 */
export const SPIN_MS = 0.3;

/** Spins while the state slot of `ctrl` holds `state`, for at most SPIN_MS; returns whether it still does. */
export function spinWhile(ctrl: Int32Array, state: number): boolean {
  const t0 = performance.now();
  for (let spins = 1; Atomics.load(ctrl, SLOT.state) === state; spins++) {
    if ((spins & 255) === 0 && performance.now() - t0 >= SPIN_MS) return true;
  }
  return false;
}

/** Values of the state slot. */
export const STATE = { idle: 0, job: 1, done: 2, failed: 3, rebind: 4 } as const;

const ERROR_AT = 4 * SLOT.length;
const ERROR_BYTES = 512;
const HEADER_AT = ERROR_AT + ERROR_BYTES;
const HEADER = 9;
const DATA_AT = HEADER_AT + 8 * HEADER;

/** Float64s of the operands and results of a problem of this shape. */
const floats = (n: number, d: number, m: number, dOut: number): number =>
  n * d + d * m + dOut * m + n * dOut + d * m + n * dOut;

/** Bytes of the buffer for a problem of this shape. */
export function sharedBytes(n: number, d: number, m: number, dOut: number): number {
  return DATA_AT + 8 * floats(n, d, m, dOut);
}

/** Views of a buffer whose header holds the shape. */
export interface SharedLayout {
  header: Float64Array;
  /** Index of the loss in `header`. */
  LOSS: number;
  n: number;
  h: number;
  /** The kernel the worker runs. */
  precision: SoftmaxPrecision;
  options: SoftmaxGradient64Options;
  /** The worker's part of ΔWᵀ, d × m. */
  gradient: Float64Array;
  /** Rows [h, n) of F. */
  f: Float64Array;
  setError(message: string): void;
  error(): string;
}

/** Writes the shape, the split h and the operands into `sab` (sized by {@link sharedBytes}); returns its views. */
export function writeProblem(
  sab: SharedArrayBuffer,
  o: SoftmaxGradient64Options,
  h: number,
  precision: SoftmaxPrecision,
): SharedLayout {
  const header = new Float64Array(sab, HEADER_AT, HEADER);
  header.set([o.x.rows, o.x.cols, o.wt.cols, o.a.rows, h, o.scale, 0, 0, precision === 'float32' ? 1 : 0]);
  const L = layout(sab);
  L.options.x.data.set(o.x.data);
  L.options.wt.data.set(o.wt.data);
  L.options.a.data.set(o.a.data);
  L.options.y.data.set(o.y.data);
  return L;
}

/** The views of `sab` for the shape in its header. */
export function layout(sab: SharedArrayBuffer): SharedLayout {
  const header = new Float64Array(sab, HEADER_AT, HEADER);
  const [n, d, m, dOut, h, scale] = Array.from(header) as [number, number, number, number, number, number];
  let at = DATA_AT;
  const take = (count: number): Float64Array => {
    const v = new Float64Array(sab, at, count);
    at += 8 * count;
    return v;
  };
  const x = take(n * d);
  const wt = take(d * m);
  const a = take(dOut * m);
  const y = take(n * dOut);
  const gradient = take(d * m);
  const f = take((n - h) * dOut);
  const bytes = new Uint8Array(sab, ERROR_AT, ERROR_BYTES);
  return {
    header,
    LOSS: 6,
    n,
    h,
    precision: header[8] === 1 ? 'float32' : 'float64',
    options: {
      x: { rows: n, cols: d, data: x },
      wt: { rows: d, cols: m, data: wt },
      a: { rows: dOut, cols: m, data: a },
      y: { rows: n, cols: dOut, data: y },
      scale,
    },
    gradient,
    f,
    setError(message: string) {
      const b = new TextEncoder().encode(message).subarray(0, ERROR_BYTES);
      bytes.fill(0);
      bytes.set(b);
      header[7] = b.length;
    },
    error() {
      return new TextDecoder().decode(bytes.slice(0, header[7]));
    },
  };
}
