/**
 * The worker pool of `gramAsync`: `worker_threads` workers (./gramWorker), each
 * with its own tfjs backend, started on first use and kept alive between calls.
 *
 * - Idle workers are unref'd, so they never keep a process alive; a worker is
 *   ref'd only while it holds a job (an `await gramAsync(…)` at the top level
 *   of a script must not let Node exit under it).
 * - Jobs run one at a time (a second call waits for the first), so every job has
 *   the workers it asked for.
 * - A job is two rounds over shared counters in one message: the pending
 *   operand chunks (c and cT, ./gramTiles), a barrier, then the tiles. A worker
 *   that fails — or dies — releases the barrier (the abort slot), so the others
 *   never wait for chunks nobody will write.
 * - A job settles only after every worker it was sent to has answered (or died),
 *   so no worker still writes into the caller's H after a rejection; errors
 *   reject with the worker's number and its message.
 *
 * Where the worker script is: next to the built bundle (`dist/gram-worker.js`),
 * or — when this module itself runs from the TypeScript sources (jest, tsx) —
 * `./gramWorker.ts`, started through tsx's ESM loader (a devDependency of the
 * workspace; a published install always runs from dist).
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendName } from '@softmax-ntk/linalg';
import { chunkCount, SYNC, tileCount, type TileProblem } from './gramTiles';
import type { Bands64Problem } from './gramBands64';

interface Slot {
  worker: Worker;
  index: number;
  ready: Promise<void>;
  /** Settles the job this worker holds; undefined when idle. */
  settle?: (r: Error | WorkerStats) => void;
  dead: boolean;
}

type WorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'init-error'; message: string }
  | {
      type: 'done';
      id: number;
      chunks: number;
      tiles: number;
      ms: number;
      phases: WorkerStats['phases'];
      aborted: boolean;
    }
  | { type: 'error'; id: number; message: string };

let slots: Slot[] = [];
/** The tfjs backend of the live workers; undefined: started for float64 bands only (no tfjs backend). */
let poolBackend: BackendName | undefined;
let nextIndex = 1;
let nextJob = 1;
let queue: Promise<unknown> = Promise.resolve();
/**
 * The counters of the job that holds the pool, one buffer for every job (jobs run one at a time): a
 * SharedArrayBuffer posted to a worker stays allocated until the worker exits (./keptShared), so a fresh one per
 * job would grow the process by one per call.
 */
let syncWords: Int32Array | undefined;

/** The job counters, zeroed (`length` ≤ the slots of `SYNC`). */
function jobSync(length: number): Int32Array {
  syncWords ??= new Int32Array(new SharedArrayBuffer(4 * SYNC.length));
  for (let k = 0; k < SYNC.length; k++) Atomics.store(syncWords, k, 0);
  return syncWords.subarray(0, length);
}

function workerEntry(): { file: URL | string; eval: boolean; execArgv?: string[] } {
  const self = import.meta.url;
  // The built worker in this module's format: dist/gram-worker.cjs beside the CommonJS chunks (its `require`s load
  // tfjs-core about 4× cheaper than an ESM import of it does), dist/gram-worker.js beside the ESM ones.
  if (!fileURLToPath(self).endsWith('.ts'))
    return { file: new URL(self.endsWith('.cjs') ? './gram-worker.cjs' : './gram-worker.js', self), eval: false };
  // From the sources: register tsx's ESM hooks in the fresh thread, then import the .ts worker.
  let api: string;
  try {
    api = pathToFileURL(join(dirname(createRequire(self).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  } catch {
    throw new Error(
      'gram workers: running from the TypeScript sources needs tsx (a devDependency of the workspace); build the package (`pnpm build`) to run from dist',
    );
  }
  const worker = new URL('./gramWorker.ts', self).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  // No inherited loader flags: tsx is registered once, above (TSX_TSCONFIG_PATH still applies through the environment).
  return { file: code, eval: true, execArgv: [] };
}

function spawn(backend: BackendName | undefined): Slot {
  const entry = workerEntry();
  const worker = new Worker(entry.file, {
    eval: entry.eval,
    workerData: { backend },
    ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
  });
  const slot: Slot = { worker, index: nextIndex++, ready: Promise.resolve(), dead: false };
  const fail = (err: Error) => {
    slot.dead = true;
    slots = slots.filter((s) => s !== slot);
    const settle = slot.settle;
    slot.settle = undefined;
    settle?.(err);
  };
  slot.ready = new Promise<void>((resolve, reject) => {
    const onInit = (msg: WorkerMessage) => {
      if (msg.type === 'ready') {
        worker.off('message', onInit);
        worker.unref();
        resolve();
      } else if (msg.type === 'init-error') {
        worker.off('message', onInit);
        fail(new Error(`gram worker ${slot.index} could not start its ${backend} backend: ${msg.message}`));
        void worker.terminate();
        reject(new Error(`gram worker ${slot.index} could not start its ${backend} backend: ${msg.message}`));
      }
    };
    worker.on('message', onInit);
    worker.on('error', (err) => {
      const e = new Error(`gram worker ${slot.index} failed: ${err.message}`);
      fail(e);
      reject(e);
    });
    worker.on('exit', (code) => {
      const e = new Error(`gram worker ${slot.index} exited (code ${code})`);
      fail(e);
      reject(e);
    });
  });
  slot.ready.catch(() => undefined); // awaited by the job that spawned it; a pool terminated first must not leave an unhandled rejection
  worker.on('message', (msg: WorkerMessage) => {
    if (msg.type !== 'done' && msg.type !== 'error') return;
    const settle = slot.settle;
    slot.settle = undefined;
    worker.unref();
    settle?.(
      msg.type === 'error'
        ? new Error(`gram worker ${slot.index}: ${msg.message}`)
        : {
            worker: slot.index,
            chunks: msg.chunks,
            tiles: msg.tiles,
            ms: msg.ms,
            phases: msg.phases,
            aborted: msg.aborted,
          },
    );
  });
  return slot;
}

/** What one worker did for a job: build chunks and tiles taken from the counters, and its wall time on them. */
export interface WorkerStats {
  worker: number;
  chunks: number;
  tiles: number;
  ms: number;
  /** Of `ms`: build chunks and the barrier after them, uploads of operand blocks, products, read-outs, writes to H. */
  phases: { build: number; upload: number; product: number; readout: number; write: number };
  /** It stopped at the barrier: another worker failed. */
  aborted: boolean;
}

async function runNow(problem: TileProblem, threads: number, backend: BackendName | undefined): Promise<WorkerStats[]> {
  if (poolBackend !== backend) {
    await terminatePool();
    poolBackend = backend;
  }
  while (slots.length < threads) slots.push(spawn(backend));
  const mine = slots.slice(0, threads);
  await Promise.all(mine.map((s) => s.ready));
  const sync = jobSync(SYNC.length);
  const abort = () => {
    Atomics.store(sync, SYNC.abort, 1);
    Atomics.notify(sync, SYNC.built);
  };
  const id = nextJob++;
  const results = mine.map(
    (slot, index) =>
      new Promise<Error | WorkerStats>((resolve) => {
        if (slot.dead) {
          abort();
          return resolve(new Error(`gram worker ${slot.index} is no longer running`));
        }
        slot.settle = (r) => {
          if (r instanceof Error) abort(); // a worker that died cannot release the barrier itself
          resolve(r);
        };
        slot.worker.ref();
        slot.worker.postMessage({ type: 'job', id, problem: { ...problem, sync }, slot: index });
      }),
  );
  const answers = await Promise.all(results);
  const errors = answers.filter((e): e is Error => e instanceof Error);
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new Error(errors.map((e) => e.message).join('; '));
  const chunks = chunkCount(problem);
  if (Atomics.load(sync, SYNC.built) < chunks)
    throw new Error(`gram workers: ${Atomics.load(sync, SYNC.built)} of ${chunks} operand chunks were written`);
  const total = tileCount(problem.nd, problem.tile);
  if (Atomics.load(sync, SYNC.tile) < total)
    throw new Error(`gram workers: ${Atomics.load(sync, SYNC.tile)} of ${total} tiles were handed out`);
  return answers as WorkerStats[];
}

/**
 * Writes the pending operands of `problem`, then runs every tile (everything in SharedArrayBuffers), on `threads`
 * workers with the tfjs `backend` (undefined: none, for the SIMD tile kernel, which computes in linalg's kernels).
 */
export function runOnPool(
  problem: TileProblem,
  threads: number,
  backend: BackendName | undefined,
): Promise<WorkerStats[]> {
  const job = queue.then(() => runNow(problem, threads, backend));
  queue = job.catch(() => undefined);
  return job;
}

/**
 * Float64 bands (./gramBands64) on `workers` workers of the pool while the calling thread takes bands too:
 * `compute(sync)` runs here after the jobs are posted (it takes bands from `sync[0]`, the counter the workers
 * share). Any live pool serves (the bands use linalg's kernels, not tfjs); with none, workers start without a
 * tfjs backend. Settles after every worker has answered, so no worker still writes into `problem.out`.
 */
export function runBands64WithPool(
  problem: Bands64Problem,
  workers: number,
  compute: (sync: Int32Array) => void,
): Promise<WorkerStats[]> {
  const job = queue.then(async () => {
    while (slots.length < workers) slots.push(spawn(poolBackend));
    const mine = slots.slice(0, workers);
    await Promise.all(mine.map((s) => s.ready));
    const sync = jobSync(1);
    const id = nextJob++;
    const results = mine.map(
      (slot) =>
        new Promise<Error | WorkerStats>((resolve) => {
          if (slot.dead) return resolve(new Error(`gram worker ${slot.index} is no longer running`));
          slot.settle = resolve;
          slot.worker.ref();
          slot.worker.postMessage({ type: 'bands64', id, problem, sync });
        }),
    );
    let failed: Error | undefined;
    try {
      compute(sync);
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
    }
    const answers = await Promise.all(results);
    if (failed !== undefined) throw failed;
    const errors = answers.filter((e): e is Error => e instanceof Error);
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
    return answers as WorkerStats[];
  });
  queue = job.catch(() => undefined);
  return job;
}

/** Terminates every worker of the pool (the next call starts new ones). */
export async function terminatePool(): Promise<void> {
  const old = slots;
  slots = [];
  await Promise.all(
    old.map(async (s) => {
      s.dead = true;
      await s.worker.terminate();
    }),
  );
}

/** Number of live workers (for tests). */
export function poolSize(): number {
  return slots.length;
}

/** The tfjs backend the live workers started with; undefined: none (the SIMD tiles and float64 bands) (for tests). */
export function poolTfjsBackend(): BackendName | undefined {
  return poolBackend;
}
