/**
 * The dense symmetric eigensolver on two threads (Node only): the blocked
 * Householder tridiagonalisation T = Qᵀ·A·Q (LAPACK dsytrd/dlatrd, (4/3)·n³
 * flops) by the kernels of assembly/eigThreads.ts on ONE shared
 * `WebAssembly.Memory`, the main thread and a worker thread splitting every
 * column's symmetric matrix–vector product and every panel's trailing
 * rank-2nb update between them (Atomics hand-offs inside WebAssembly), and
 * the full products C ← C − A·Bᵀ of `eigh`'s later stages (D&C's merges, the
 * back-transformation) split by rows, as are D&C's secular steps, its column
 * gathers and the transpositions (`withEigThreads`, used by ./eighWasm).
 * `eigvalshThreads` follows the reduction with the root-free QL/QR of LAPACK's
 * dsterf on T (./sterf, O(n²); `eigh` runs `tql2`, which takes a square root
 * per rotation). The reduction's arithmetic is that of ./eighWasm's one-thread
 * path except the order of the symv's partial sums; the split products are
 * bitwise the one-thread ones (each entry's sum is the same on either thread).
 *
 * The worker is started on first use and kept (unref'd: it never keeps a
 * process alive) with its memory while that holds at most 256 MiB; it is
 * given the compiled module and the memory in `workerData` and runs a few
 * lines of script (`eval`), so nothing is loaded from disk and the same code
 * runs from the sources, the ESM and the CommonJS builds. `node:worker_threads`
 * is reached through `process.getBuiltinModule` (Node ≥ 20.16), never imported,
 * so browsers and bundlers see no Node built-in; where it, `SharedArrayBuffer`
 * or shared WebAssembly memory is missing, or the thread count is below 2
 * (`SOFTMAX_NTK_THREADS=1`, or one core: ../../internal/threads), `eigvalshThreads`
 * returns undefined and the caller runs the one-thread path.
 */
import type { Worker as NodeWorker } from 'node:worker_threads';
import type { Matrix } from '../../matrix/matrix';
import { decodeBase64, KERNELS_BASE, type GemmArgs, type GemmKernels, type PanelArgs } from '../../wasm/kernels';
import { EIG_THREADS_WASM_BASE64 } from '../../wasm/kernels.generated';
import { eigLayout, NB, up4 } from './eigLayout';
import { sterf } from './sterf';
import type { MergeKernels } from './stedc';
import { machineLooksIdle, resolveThreads } from '../../internal/threads';
import { argumentError } from '../../validate/arguments';

/**
 * Smallest n for the two-thread path. Each column costs two hand-offs (symv and, per panel, the update) of a few µs
 * to tens of µs; below a few hundred rows they cost more than the halved work saves.
 */
export const EIG_THREADS_MIN_N = 512;
/** Vectors (and trailing matrices) shorter than this are not split: the hand-off would cost more than half the work. */
const MIN_SPLIT = 128;
/** The worker's share of each split: half, the hand-off's latency being small beside either half at MIN_SPLIT and up. */
const SHARE = 0.5;
/**
 * Full products with fewer multiply–adds than this run on the main thread alone (D&C's small merges): about 0.1 ms
 * of work, against a hand-off of a few µs (tens when the worker has to be woken).
 */
const MIN_SPLIT_WORK = 2 ** 18;
/** Gathers and transpositions of fewer entries than this run on the main thread alone (a few tens of µs of work). */
const MIN_SPLIT_MOVES = 2 ** 16;
const PAGE = 65536;
/** wasm32: the module declares (and the memory reserves) 65,536 pages. */
const MAX_PAGES = 65536;
/** Memories above this are dropped with their worker after the call (as the one-thread kernels' pool does). */
const KEEP_MAX_BYTES = 256 * 2 ** 20;
/** Bytes of the control block at KERNELS_BASE (i32s; see assembly/eigThreads.ts). */
const CTRL_BYTES = 256;
/** Where the arrays of a two-thread call may start: past the control block. */
export const EIG_THREADS_BASE = KERNELS_BASE + CTRL_BYTES;
/** How long the first call waits for a new worker to be ready before running on one thread. */
const START_TIMEOUT_MS = 10_000;

interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface ThreadKernels {
  reduce(...args: [...PanelArgs, yb: number, ctrl: number, share: number, minSplit: number]): void;
  gemmRows(...args: [...GemmArgs, ctrl: number, share: number]): void;
  mergeSecular(k: number, rho: number, sec: number, ub: number, ld: number, ctrl: number, share: number): void;
  gatherRows(...args: [...Parameters<MergeKernels['gatherRows']>, ctrl: number, share: number]): void;
  transposeRows(...args: [...Parameters<MergeKernels['transposeRows']>, ctrl: number, share: number]): void;
  quit(ctrl: number): void;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
};
interface WorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

interface State {
  memory: SharedMemory;
  kernels: ThreadKernels;
  worker: NodeWorker;
}

let state: State | undefined;
let compiled: object | undefined;
/** Set once starting a worker failed: later calls go straight to the one-thread path. */
let unavailable = false;

// The worker: instantiate the module on the shared memory and serve jobs until told to quit. A failure is flagged in
// ctrl[3] and every job counted done, so the main thread never waits for it.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl } = workerData;
const flags = new Int32Array(memory.buffer, ctrl, 4);
const words = new Int32Array(memory.buffer, 0, (ctrl >> 2) + 64);
try {
  const env = {
    memory,
    sleep: (at, expected) => void Atomics.wait(words, at >> 2, expected),
    wake: (at) => void Atomics.notify(words, at >> 2, 1),
    clock: () => performance.now(),
    abort() { throw new Error('aborted'); },
  };
  const { exports } = new WebAssembly.Instance(module, { env });
  Atomics.store(flags, 3, 0);
  exports.serve(ctrl);
} catch (err) {
  Atomics.store(flags, 3, 2);
  Atomics.store(flags, 1, Atomics.load(flags, 0));
  Atomics.notify(flags, 1);
}
`;

function workerThreads(): WorkerThreads | undefined {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics === 'undefined') return undefined;
  const proc = (globalThis as { process?: NodeProcess }).process;
  try {
    return proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  } catch {
    return undefined;
  }
}

/**
 * The module's `sleep` and `wake` imports: Atomics.wait / Atomics.notify on the control block (which lies in the
 * first pages, so a view taken before the memory grows still covers it). See assembly/eigThreads.ts for why the
 * module does not use its own wait and notify instructions.
 */
function hostAtomics(memory: SharedMemory): {
  sleep: (at: number, expected: number) => void;
  wake: (at: number) => void;
  clock: () => number;
  abort: () => never;
} {
  const words = new Int32Array(memory.buffer, 0, (KERNELS_BASE + CTRL_BYTES) >> 2);
  return {
    sleep: (at, expected) => void Atomics.wait(words, at >> 2, expected),
    wake: (at) => void Atomics.notify(words, at >> 2, 1),
    clock: () => performance.now(),
    abort: () => {
      throw new Error('linalg wasm kernel aborted');
    },
  };
}

/** A worker on a fresh shared memory of `bytes`, once it has instantiated the module; undefined if it cannot. */
function start(wt: WorkerThreads, bytes: number): State | undefined {
  let memory: SharedMemory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE), maximum: MAX_PAGES, shared: true });
    compiled ??= new WebAssembly.Module(decodeBase64(EIG_THREADS_WASM_BASE64));
  } catch {
    return undefined;
  }
  const flags = new Int32Array(memory.buffer, KERNELS_BASE, 4);
  // ctrl[3] = 1 until the worker has its instance (2 if it failed).
  Atomics.store(flags, 3, 1);
  const worker = new wt.Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module: compiled, memory, ctrl: KERNELS_BASE },
  });
  worker.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Atomics.load(flags, 3) === 1 && Date.now() < deadline) Atomics.wait(flags, 3, 1, 50);
  if (Atomics.load(flags, 3) !== 0) {
    void worker.terminate();
    return undefined;
  }
  const instance = new WebAssembly.Instance(compiled, { env: { memory, ...hostAtomics(memory) } });
  return { memory, kernels: instance.exports as ThreadKernels, worker };
}

/** Stops the worker of the two-thread eigensolver (if any) and frees its memory; the next call starts a new one. */
export function stopEigThreads(): void {
  const s = state;
  state = undefined;
  if (s === undefined) return;
  s.kernels.quit(KERNELS_BASE);
  void s.worker.terminate();
}

/** Thrown by a kernel call of {@link withEigThreads} once the worker has failed; that call then returns undefined. */
class WorkerFailed extends Error {}

/** The two-thread kernels on their shared memory, for the job of one {@link withEigThreads} call. */
export interface EigThreads extends GemmKernels, MergeKernels {
  /**
   * One panel of the tridiagonal reduction and its trailing update, halves on the worker (assembly/eigThreads.ts
   * `reduce`; {@link PanelArgs} as one thread's `panel` takes them, then `yb`, the symv's buffer).
   */
  reduce(...args: [...PanelArgs, yb: number]): void;
}

/**
 * Runs `job` on the two-thread kernels, the worker started (or the kept one used) and the shared memory grown to
 * `bytes` past KERNELS_BASE (arrays from {@link EIG_THREADS_BASE}); returns its result, or undefined when the
 * two-thread path does not apply (a thread count below 2, no worker threads or shared memory, more than 4 GiB, or
 * the worker failed to start or during the job: the path is then given up for the process). `share` is the worker's
 * part of each split (tests vary it).
 *
 * @throws what `job` throws; RangeError naming SOFTMAX_NTK_THREADS when it is set to anything but a positive integer.
 */
export function withEigThreads<R>(bytes: number, job: (k: EigThreads) => R, share = SHARE): R | undefined {
  const total = KERNELS_BASE + bytes;
  if (unavailable || total > MAX_PAGES * PAGE) return undefined;
  if (resolveThreads() < 2) return undefined; // SOFTMAX_NTK_THREADS=1, or one core: the one-thread path
  const wt = workerThreads();
  if (wt === undefined) return undefined;
  if (state !== undefined && state.memory.buffer.byteLength < total) {
    try {
      state.memory.grow(Math.ceil((total - state.memory.buffer.byteLength) / PAGE));
    } catch {
      return undefined;
    }
  }
  state ??= start(wt, total);
  if (state === undefined) {
    unavailable = true;
    return undefined;
  }
  const { memory, kernels: k } = state;
  const flags = new Int32Array(memory.buffer, KERNELS_BASE, 4);
  // A worker that failed (never seen) leaves its halves undone and counts them done: the job stops at the next call.
  const check = (): void => {
    if (Atomics.load(flags, 3) !== 0) throw new WorkerFailed();
  };
  try {
    Atomics.store(new Int32Array(memory.buffer, KERNELS_BASE, CTRL_BYTES >> 2), 63, machineLooksIdle() ? 1 : 0);
    return job({
      memory: memory as unknown as EigThreads['memory'],
      reduce(a, lda, n, i0, kb, d, e, tau, w, ldw, x, y, t, yb) {
        k.reduce(a, lda, n, i0, kb, d, e, tau, w, ldw, x, y, t, yb, KERNELS_BASE, share, MIN_SPLIT);
        check();
      },
      mergeSecular(kk, rho, sec, ub, ld) {
        k.mergeSecular(kk, rho, sec, ub, ld, KERNELS_BASE, kk >= MIN_SPLIT ? share : 0);
        check();
      },
      gatherRows(dst, ldd, src, lds, idx, count, rows) {
        k.gatherRows(dst, ldd, src, lds, idx, count, rows, KERNELS_BASE, rows * count >= MIN_SPLIT_MOVES ? share : 0);
        check();
      },
      transposeRows(dst, ldd, src, lds, rows, cols) {
        k.transposeRows(dst, ldd, src, lds, rows, cols, KERNELS_BASE, rows * cols >= MIN_SPLIT_MOVES ? share : 0);
        check();
      },
      gemmSub(c, ldc, a, lda, b, ldb, m, n, kk) {
        const split = m >= MIN_SPLIT && m * n * kk >= MIN_SPLIT_WORK ? share : 0;
        k.gemmRows(c, ldc, a, lda, b, ldb, m, n, kk, KERNELS_BASE, split);
        check();
      },
    });
  } catch (err) {
    if (!(err instanceof WorkerFailed)) throw err;
    unavailable = true;
    return undefined;
  } finally {
    if (memory.buffer.byteLength > KEEP_MAX_BYTES || unavailable) stopEigThreads();
  }
}

/**
 * The reduction's panel step on two threads for an n × n problem laid out by `at` (./eigLayout from
 * EIG_THREADS_BASE): panel i0…i0+kb−1 and its trailing update, halves on the worker.
 */
export function threadPanel(k: EigThreads, at: (name: string) => number, n: number): (i0: number, kb: number) => void {
  const n4 = up4(n);
  return (i0, kb) =>
    k.reduce(at('a'), n4, n, i0, kb, at('d'), at('e'), at('tau'), at('w'), n4, at('x'), at('y'), at('t'), at('yb'));
}

/**
 * Eigenvalues (ascending) of the symmetric n × n `a` (upper triangle read) on two threads, or undefined when the
 * two-thread path does not apply (n below `minN`, or as {@link withEigThreads}): the caller then runs `eigh`.
 *
 * @throws ValidationError when `a` is not square or its upper triangle has a non-finite entry (named by index), as `eigh`;
 *   RangeError naming SOFTMAX_NTK_THREADS when it is set to anything but a positive integer.
 */
export function eigvalshThreads(a: Matrix, minN = EIG_THREADS_MIN_N, share = SHARE): Float64Array | undefined {
  const n = a.rows;
  if (n < minN || a.cols !== n) return undefined;
  const { at: o, bytes } = eigLayout(n, 'values', EIG_THREADS_BASE);
  const at = (name: string): number => o[name] as number;
  const n4 = up4(n);
  return withEigThreads(
    bytes,
    (k) => {
      // Form: the upper triangle of a into rows of n4 float64s (a row at a time), each entry then checked finite
      // (x − x is 0 exactly for finite x, NaN for ±∞ and NaN).
      const A = new Float64Array(k.memory.buffer, at('a'), n4 * n4);
      const src = a.data;
      for (let i = 0; i < n; i++) {
        const row = i * n4;
        A.set(src.subarray(i * n + i, i * n + n), row + i);
        for (let j = i; j < n; j++) {
          const v = A[row + j] as number;
          if (v - v !== 0) throw argumentError('a', `must have finite entries, got ${v} at (${i}, ${j})`);
        }
      }
      // Form: T = Qᵀ·A·Q, panel by panel (each call: the panel, then the trailing update), halves on the worker.
      const panel = threadPanel(k, at, n);
      for (let i0 = 0; i0 < n; i0 += NB) panel(i0, Math.min(NB, n - i0));
      const d = new Float64Array(k.memory.buffer, at('d'), n).slice();
      const e = new Float64Array(k.memory.buffer, at('e'), n).slice();
      sterf(n, d, e);
      return d;
    },
    share,
  );
}
