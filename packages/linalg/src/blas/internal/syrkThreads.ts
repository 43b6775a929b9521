/**
 * The WebAssembly product of `syrk` on two threads (Node only), bitwise the one-thread result.
 *
 * From $N^2 K$ = {@link SYRK_THREADS_MIN_FLOPS} up (and $K \ge 2 \cdot 256$), `syrk` always computes
 * $C \mathrel{+}= \alpha\,\operatorname{op}(A)\operatorname{op}(A)^\top$ as two halves of the inner dimension, one
 * after the other: $C \mathrel{+}= \alpha\,A_1 A_1^\top$, then $C \mathrel{+}= \alpha\,A_2 A_2^\top$, where $A_1$
 * holds op(A)'s first $k_s = \lceil K/2 \rceil$ columns and $A_2$ the rest — each half exactly
 * ./syrkWasm's arithmetic. Where worker threads and `SharedArrayBuffer` exist and more than one thread is allowed,
 * the second half's $W_2 = -A_2 A_2^\top$ is computed by a worker thread (its own instance of the same SIMD kernel
 * module, the same panels in the same order) while the calling thread computes the first, and the calling thread then
 * adds $\alpha\,(-W_2)$ to C with the same expression as ./syrkWasm: so the result does not depend on whether the
 * worker ran, nor on the thread count.
 *
 * The call stays synchronous: $A_2$ (gathered into rows of contiguous float64s) goes to a `SharedArrayBuffer`, the
 * worker is sent the buffer and answers in it (the lower triangle of $W_2$, packed by rows), and the calling thread
 * blocks in `Atomics.wait` after its own half. If the worker has not begun the job by then (still starting, or the
 * machine busy), the calling thread takes the job back and computes the second half itself; a worker that fails
 * says so in the buffer, and the calling thread then computes the half itself too. The worker is started on first use
 * with the compiled module in `workerData` and a few lines of script (`eval`): nothing is loaded from disk, and
 * `node:worker_threads` is reached through `process.getBuiltinModule`, never imported, so browsers and bundlers see
 * no Node built-in and run both halves on the calling thread. A thread count below 2 (`SOFTMAX_NTK_THREADS=1`, or
 * one core: ../../internal/threads) keeps everything on the calling thread.
 */
import type { Worker as NodeWorker } from 'node:worker_threads';
import { compiledKernels, kernelsFit } from '../../wasm/kernels';
import { resolveThreads } from '../../internal/threads';
import { addScaledLower, SYRK_KC, syrkWasm } from './syrkWasm';

/**
 * Smallest $N^2 K$ that is split in two halves (and given to a worker): $2^{30}$, a product of about half a second on
 * one core, against a hand-off of a few milliseconds and copies of $O(N K + N^2)$.
 */
export const SYRK_THREADS_MIN_FLOPS = 2 ** 30;

/** Control words at the start of the shared buffer (Int32): the job's state and the worker's failure flag. */
const STATE = 0;
/** Job states (Int32 at STATE). */
const POSTED = 1;
const RUNNING = 2;
const DONE = 3;
const FAILED = 4;
const TAKEN = 5;
/** Header: N and the worker's depth kw (Int32 at words 2 and 3); float64 data start at byte 64. */
const DATA_AT = 64;
/** Shared buffers above this are dropped after the call (as the kernels' pool drops large memories). */
const KEEP_MAX_BYTES = 256 * 2 ** 20;
/** Longest wait for a job the worker has begun (a worker that died mid-job cannot answer). */
const WAIT_MS = 30 * 60 * 1000;

/** What a call did with its second half (for tests and benchmarks). */
export const syrkThreadCalls = { worker: 0, local: 0 };

interface WorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

// The worker: for each buffer it is sent, claim the job (POSTED → RUNNING; the caller may have taken it back), gather
// nothing (the rows of A₂ are already contiguous), zero W, run the kernel over A₂'s panels of SYRK_KC exactly as
// ./syrkWasm does, and write W's lower triangle packed by rows after A₂. Its kernel memory is kept between jobs while
// it holds at most 256 MiB.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, kc: KC, base: BASE, dataAt: DATA_AT, keepMax: KEEP_MAX } = workerData;
let instance;
parentPort.on('message', (sab) => {
  const ctrl = new Int32Array(sab, 0, 4);
  if (Atomics.compareExchange(ctrl, 0, ${POSTED}, ${RUNNING}) !== ${POSTED}) return;
  try {
    const N = ctrl[2], K = ctrl[3];
    const A = new Float64Array(sab, DATA_AT, N * K);
    const out = new Float64Array(sab, DATA_AT + 8 * N * K, (N * (N + 1)) / 2);
    instance ??= new WebAssembly.Instance(module, { env: { abort() { throw new Error('linalg wasm kernel aborted'); } } }).exports;
    const mem = instance.memory;
    const need = BASE + 8 * (N * N + N * Math.min(KC, K));
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    const wAt = BASE, panelAt = BASE + 8 * N * N;
    const W = new Float64Array(mem.buffer, wAt, N * N);
    W.fill(0);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const P = new Float64Array(mem.buffer, panelAt, N * kc);
      for (let i = 0; i < N; i++) P.set(A.subarray(i * K + pc, i * K + pc + kc), i * kc);
      instance.syrkLowerSub(wAt, N, panelAt, kc, N, kc);
    }
    for (let i = 0; i < N; i++) out.set(W.subarray(i * N, i * N + i + 1), (i * (i + 1)) / 2);
    if (mem.buffer.byteLength > KEEP_MAX) instance = undefined;
    Atomics.store(ctrl, 0, ${DONE});
  } catch (err) {
    instance = undefined;
    Atomics.store(ctrl, 0, ${FAILED});
  }
  Atomics.notify(ctrl, 0);
});
`;

let worker: NodeWorker | undefined;
let shared: SharedArrayBuffer | undefined;
/** Set once a worker could not be started: later calls run both halves on the calling thread. */
let unavailable = false;

/**
 * Node's worker threads, when a second thread may be used: worker threads and shared memory exist, and the thread
 * count (`SOFTMAX_NTK_THREADS`, else the available parallelism: ../../internal/threads) is 2 or more.
 *
 * @throws RangeError naming SOFTMAX_NTK_THREADS when it is set to anything but a positive integer.
 */
function threadsAllowed(): WorkerThreads | undefined {
  if (unavailable || typeof SharedArrayBuffer !== 'function' || typeof Atomics === 'undefined') return undefined;
  if (resolveThreads() < 2) return undefined;
  try {
    const proc = (globalThis as { process?: NodeProcess }).process;
    return proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  } catch {
    return undefined;
  }
}

function startWorker(wt: WorkerThreads): NodeWorker | undefined {
  try {
    const w = new wt.Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module: compiledKernels('f64'),
        kc: SYRK_KC,
        base: 65536,
        dataAt: DATA_AT,
        keepMax: KEEP_MAX_BYTES,
      },
    });
    w.unref(); // never keeps a process alive
    w.on('error', () => {
      if (worker === w) worker = undefined; // the next call starts a new one
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
    });
    return w;
  } catch {
    unavailable = true;
    return undefined;
  }
}

/** Stops the worker of the two-thread `syrk` (if any) and drops its buffer; the next large call starts a new one. */
export function stopSyrkThreads(): Promise<void> {
  const w = worker;
  worker = undefined;
  shared = undefined;
  return w ? w.terminate().then(() => undefined) : Promise.resolve();
}

/**
 * Where `syrk` splits op(A)'s K columns into the two halves, ⌈K/2⌉, or 0 when the product is below
 * {@link SYRK_THREADS_MIN_FLOPS} or K below two of the kernel's 256-deep panels (one call, no split).
 */
export function syrkSplit(N: number, K: number, minFlops = SYRK_THREADS_MIN_FLOPS): number {
  if (N * N * K < minFlops || K < 2 * SYRK_KC) return 0;
  return Math.ceil(K / 2);
}

/**
 * Form: C += α·op(A)·op(A)ᵀ on the triangle, as the halves [0, kSplit) and [kSplit, K) of op(A)'s columns (each by
 * ./syrkWasm's arithmetic, in that order); the second on a worker thread when one can be used. `useWorker: false`
 * (tests) runs both on the calling thread.
 */
export function syrkWasmHalves(
  lower: boolean,
  N: number,
  K: number,
  kSplit: number,
  alpha: number,
  A: Float64Array,
  sa1: number,
  sa2: number,
  offsetA: number,
  C: Float64Array,
  strideC1: number,
  strideC2: number,
  offsetC: number,
  useWorker = true,
): void {
  const kw = K - kSplit;
  const second = (): void => {
    syrkThreadCalls.local++;
    syrkWasm(lower, N, kw, alpha, A, sa1, sa2, offsetA + kSplit * sa2, C, strideC1, strideC2, offsetC);
  };
  const wt = useWorker ? threadsAllowed() : undefined;
  // The worker's kernel memory must hold W and a panel, as the calling thread's does.
  const w =
    wt !== undefined && kernelsFit(8 * (N * N + N * Math.min(SYRK_KC, kw))) ? (worker ??= startWorker(wt)) : undefined;
  if (w === undefined) {
    // No second thread: both halves here, in the same order
    syrkWasm(lower, N, kSplit, alpha, A, sa1, sa2, offsetA, C, strideC1, strideC2, offsetC);
    second();
    return;
  }
  const bytes = DATA_AT + 8 * (N * kw + (N * (N + 1)) / 2);
  if (shared === undefined || shared.byteLength < bytes) shared = new SharedArrayBuffer(bytes);
  const sab = shared;
  try {
    // Form: A₂ = op(A)[:, kSplit : K] into N rows of kw contiguous float64s
    const A2 = new Float64Array(sab, DATA_AT, N * kw);
    for (let i = 0; i < N; i++) {
      const from = offsetA + i * sa1 + kSplit * sa2;
      if (sa2 === 1) A2.set(A.subarray(from, from + kw), i * kw);
      else for (let p = 0; p < kw; p++) A2[i * kw + p] = A[from + p * sa2] as number;
    }
    const ctrl = new Int32Array(sab, 0, 4);
    ctrl[2] = N;
    ctrl[3] = kw;
    Atomics.store(ctrl, STATE, POSTED);
    w.postMessage(sab);
    syrkWasm(lower, N, kSplit, alpha, A, sa1, sa2, offsetA, C, strideC1, strideC2, offsetC);
    // The worker has not begun: take the job back (it will see TAKEN and skip it).
    if (Atomics.compareExchange(ctrl, STATE, POSTED, TAKEN) === POSTED) {
      second();
      return;
    }
    const t0 = Date.now();
    while (Atomics.load(ctrl, STATE) === RUNNING) {
      if (Atomics.wait(ctrl, STATE, RUNNING, 1000) === 'timed-out' && Date.now() - t0 > WAIT_MS) {
        void stopSyrkThreads();
        throw new Error(`syrk worker: no answer in ${WAIT_MS / 1000} s`);
      }
    }
    if (Atomics.load(ctrl, STATE) !== DONE) {
      second(); // FAILED: the worker said so; its half is computed here
      return;
    }
    syrkThreadCalls.worker++;
    // Form: C += α·(−W₂) on the triangle, as ./syrkWasm writes its W back (W₂'s row i packed at i(i+1)/2)
    const W2 = new Float64Array(sab, DATA_AT + 8 * N * kw, (N * (N + 1)) / 2);
    addScaledLower(lower, N, alpha, W2, (i) => (i * (i + 1)) / 2, C, strideC1, strideC2, offsetC);
  } finally {
    if (sab.byteLength > KEEP_MAX_BYTES && shared === sab) shared = undefined;
  }
}
