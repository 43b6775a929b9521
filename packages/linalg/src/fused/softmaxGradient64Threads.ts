/**
 * The fused float64 softmax step of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024)
 * (Definition 3.1 and the gradient of Claim 3.4, `softmaxGradient64`) on two threads: `softmaxGradient64` always
 * sums the rows as two halves, [0, h) + [h, n) (`softmaxRowSplit`); here a worker thread (./softmaxWorker, its own
 * instance of the SIMD WebAssembly kernel) computes the second half while the calling thread computes the first,
 * and the halves are combined in the same order — so the result is bitwise `softmaxGradient64`'s.
 *
 * The call stays synchronous (a trainer's step is): the operands go to a SharedArrayBuffer, the worker is woken by
 * `Atomics.notify` and the caller blocks in `Atomics.wait` after its own half (Node allows that on the main thread).
 * Until the worker is up — and while it rebinds to a larger buffer — the caller computes both halves itself, which
 * changes nothing in the result. Node only (`@softmax-ntk/linalg/node`).
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkSoftmaxGradient64,
  combineHalves,
  softmaxGradient64,
  softmaxRowSplit,
  softmaxRows,
  type SoftmaxGradient64Options,
  type SoftmaxGradient64Result,
  type SoftmaxPrecision,
} from './softmaxGradient64';
import { softmaxGradient32 } from './softmaxGradient32';
import { sharedBytes, SLOT, spinWhile, STATE, writeProblem } from './softmaxShared';
import { machineLooksIdle, resolveThreads } from '../internal/threads';

/** Options of {@link softmaxGradient64Threads}. */
export interface SoftmaxGradient64ThreadsOptions {
  /**
   * Threads: `1` computes in the calling thread (exactly `softmaxGradient64`); 2 or more use one worker (the rows
   * are split in two halves). Default: `SOFTMAX_NTK_THREADS`, else `os.availableParallelism()`.
   */
  threads?: number;
}

/** `softmaxGradient64` on two threads, with the worker's lifetime: call it like `softmaxGradient64`, then `dispose()`. */
export interface SoftmaxGradient64Threads {
  (options: SoftmaxGradient64Options): SoftmaxGradient64Result;
  /** Stops the worker (idempotent); later calls compute in the calling thread. */
  dispose(): Promise<void>;
  /** Calls so far whose second half the worker computed (`shared`) or the calling thread did (`local`). */
  readonly calls: { shared: number; local: number };
}

/** Longest wait for the worker's half before the call fails (a worker that died cannot answer). */
const WAIT_MS = 10 * 60 * 1000;

function workerEntry(): { file: URL | string; eval: boolean; execArgv?: string[] } {
  const self = import.meta.url;
  if (!fileURLToPath(self).endsWith('.ts')) return { file: new URL('./softmax-worker.js', self), eval: false };
  // From the sources (jest, tsx): register tsx's ESM hooks in the fresh thread, then import the .ts worker.
  let api: string;
  try {
    api = pathToFileURL(join(dirname(createRequire(self).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  } catch {
    throw new Error(
      'softmax worker: running from the TypeScript sources needs tsx (a devDependency of the workspace); build the package to run from dist',
    );
  }
  const worker = new URL('./softmaxWorker.ts', self).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return { file: code, eval: true, execArgv: [] };
}

/**
 * `softmaxGradient64` with the second half of the rows on a worker thread: the same loss, $\Delta W^\top$ and F, bitwise, in
 * about half the time on two idle cores.
 *
 * @param options - The thread count.
 *
 * @see Claim 3.4 (gradient of the softmax network) of Gu, Li, Liang, Shi, Song (2024).
 * @throws ValidationError naming `threads` (RangeError naming SOFTMAX_NTK_THREADS) when it is not a positive integer; each call throws
 *   as `softmaxGradient64` does, or with the worker's message when its half failed.
 *
 * @example
 * ```js
 * import { matrix, softmaxGradient64 } from '@softmax-ntk/linalg';
 * import { softmaxGradient64Threads } from '@softmax-ntk/linalg/node';
 *
 * // n = 4 points, m = 3 neurons: the two-thread step is bitwise the one-thread step
 * const x = matrix(4, 2, new Float64Array([1, 0, 0, 1, 1, 1, -1, 0.5]));
 * const wt = matrix(2, 3, new Float64Array([0.1, -0.2, 0.3, 0.4, 0, -0.1]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const y = matrix(4, 1, new Float64Array([0.5, -0.5, 0, 1]));
 * const step = softmaxGradient64Threads({ threads: 2 });
 * const r = step({ x, wt, a, y, scale: 3 });
 * const one = softmaxGradient64({ x, wt, a, y, scale: 3 });
 * console.log(r.loss === one.loss, r.loss.toFixed(12), step.calls.shared + step.calls.local);
 * // → true 3.480923775990 1
 * await step.dispose();
 * ```
 */
export function softmaxGradient64Threads(options: SoftmaxGradient64ThreadsOptions = {}): SoftmaxGradient64Threads {
  return softmaxThreads('float64', options);
}

/**
 * `softmaxGradient32` with the second half of the rows on a worker thread: the same loss, $\Delta W^\top$ and F, bitwise, in
 * about half the time on two idle cores. Same lifetime and options as {@link softmaxGradient64Threads}.
 *
 * @param options - The thread count.
 *
 * @see Claim 3.4 (gradient of the softmax network) of Gu, Li, Liang, Shi, Song (2024).
 * @throws ValidationError naming `threads` (RangeError naming SOFTMAX_NTK_THREADS) when it is not a positive integer; each call throws
 *   as `softmaxGradient32` does, or with the worker's message when its half failed.
 *
 * @example
 * ```js
 * import { matrix, softmaxGradient32 } from '@softmax-ntk/linalg';
 * import { softmaxGradient32Threads } from '@softmax-ntk/linalg/node';
 *
 * // n = 4 points, m = 3 neurons: the two-thread float32 step is bitwise the one-thread float32 step
 * const x = matrix(4, 2, new Float64Array([1, 0, 0, 1, 1, 1, -1, 0.5]));
 * const wt = matrix(2, 3, new Float64Array([0.1, -0.2, 0.3, 0.4, 0, -0.1]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const y = matrix(4, 1, new Float64Array([0.5, -0.5, 0, 1]));
 * const step = softmaxGradient32Threads({ threads: 2 });
 * const r = step({ x, wt, a, y, scale: 3 });
 * const one = softmaxGradient32({ x, wt, a, y, scale: 3 });
 * console.log(r.loss === one.loss, r.loss.toFixed(5), step.calls.shared + step.calls.local);
 * // → true 3.48092 1
 * await step.dispose();
 * ```
 */
export function softmaxGradient32Threads(options: SoftmaxGradient64ThreadsOptions = {}): SoftmaxGradient64Threads {
  return softmaxThreads('float32', options);
}

function softmaxThreads(
  precision: SoftmaxPrecision,
  options: SoftmaxGradient64ThreadsOptions,
): SoftmaxGradient64Threads {
  const threads = resolveThreads(options.threads);
  let worker: Worker | undefined;
  let sab: SharedArrayBuffer | undefined;
  let ctrl: Int32Array | undefined;
  let gen = 0;
  // Whether the threads spin before they sleep (./softmaxShared's SPIN_MS): the load read again at most once a second.
  let idle = true;
  let idleAt = -Infinity;
  const looksIdle = (): boolean => {
    const now = performance.now();
    if (now - idleAt >= 1000) {
      idle = machineLooksIdle();
      idleAt = now;
    }
    return idle;
  };
  let disposed = false;
  const calls = { shared: 0, local: 0 };
  const local = (o: SoftmaxGradient64Options): SoftmaxGradient64Result => {
    calls.local++;
    return precision === 'float32' ? softmaxGradient32(o) : softmaxGradient64(o);
  };

  const start = (): void => {
    const entry = workerEntry();
    worker = new Worker(entry.file, { eval: entry.eval, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
    worker.unref(); // never keeps a process alive
    worker.on('error', () => {
      worker = undefined; // later calls compute in this thread
    });
    worker.on('exit', () => {
      worker = undefined;
    });
  };

  /** A buffer for this shape bound to the worker (asynchronously: ready when the worker stores its generation). */
  const bind = (bytes: number): void => {
    if (ctrl) {
      Atomics.store(ctrl, SLOT.state, STATE.rebind);
      Atomics.notify(ctrl, SLOT.state);
    }
    sab = new SharedArrayBuffer(bytes);
    ctrl = new Int32Array(sab, 0, SLOT.length);
    gen++;
    worker?.postMessage({ sab, gen });
  };

  const call = (o: SoftmaxGradient64Options): SoftmaxGradient64Result => {
    if (threads < 2 || disposed) return local(o);
    checkSoftmaxGradient64(o);
    if (!worker) start();
    const bytes = sharedBytes(o.x.rows, o.x.cols, o.wt.cols, o.a.rows);
    if (!sab || sab.byteLength < bytes) bind(bytes);
    const c = ctrl as Int32Array;
    if (!worker || Atomics.load(c, SLOT.ready) !== gen) return local(o); // not up yet: the same halves here
    const n = o.x.rows;
    const h = softmaxRowSplit(n);
    const L = writeProblem(sab as SharedArrayBuffer, o, h, precision);
    const spin = looksIdle();
    Atomics.store(c, SLOT.spin, spin ? 1 : 0);
    Atomics.store(c, SLOT.state, STATE.job);
    Atomics.notify(c, SLOT.state);
    let mine: SoftmaxGradient64Result | undefined;
    let failure: Error | undefined;
    try {
      mine = softmaxRows(o, 0, h, precision);
    } catch (err) {
      failure = err instanceof Error ? err : new Error(JSON.stringify(err));
    }
    // Wait for the worker's half in any case: it writes into the buffer the next call reuses.
    const t0 = Date.now();
    if (spin) spinWhile(c, STATE.job);
    while (Atomics.load(c, SLOT.state) === STATE.job) {
      if (Atomics.wait(c, SLOT.state, STATE.job, 1000) === 'timed-out' && Date.now() - t0 > WAIT_MS) {
        worker = undefined;
        sab = undefined;
        ctrl = undefined;
        throw new Error(`softmax worker: no answer in ${WAIT_MS / 1000} s`);
      }
    }
    const state = Atomics.load(c, SLOT.state);
    Atomics.store(c, SLOT.state, STATE.idle);
    if (failure !== undefined) throw failure;
    if (state === STATE.failed) throw new Error(`softmax worker: ${L.error()}`);
    const theirs: SoftmaxGradient64Result = {
      loss: L.header[L.LOSS] as number,
      gradient: { rows: o.wt.rows, cols: o.wt.cols, data: L.gradient },
      f: { rows: n - h, cols: o.a.rows, data: L.f },
    };
    calls.shared++;
    return combineHalves(mine as SoftmaxGradient64Result, theirs, precision);
  };

  return Object.assign(call, {
    calls,
    async dispose(): Promise<void> {
      disposed = true;
      const w = worker;
      worker = undefined;
      if (ctrl) {
        Atomics.store(ctrl, SLOT.state, STATE.rebind);
        Atomics.notify(ctrl, SLOT.state);
      }
      if (w) await w.terminate();
    },
  });
}
