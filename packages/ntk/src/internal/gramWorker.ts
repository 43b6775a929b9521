/**
 * One worker of the pool behind `gramAsync` (./gramPool): a `worker_threads`
 * thread, with its own tfjs backend when the pool was started for the `tfjs`
 * tile kernel (none for the SIMD kernel and the float64 bands, which compute in
 * linalg's kernels); it stays alive between calls.
 *
 * Protocol (messages from ./gramPool):
 *   → { type: 'bands64', id, problem, sync } float64 bands of ./gramBands64, taken from sync[0] until none is left
 *                                    (c and K in SharedArrayBuffers); answered by 'done' (tiles: the bands computed)
 *   → { type: 'job', id, problem, slot }   problem: a TileProblem whose c, cT, X Xᵀ, H and pending factors live
 *                                    in SharedArrayBuffers (c, for the SIMD kernel, in a shared WebAssembly memory
 *                                    whose output slot `slot` is this worker's), plus `sync` (Int32Array, shared;
 *                                    slots: `SYNC` of ./gramTiles)
 *   ← { type: 'ready', backend } once, after the backend is up, or { type: 'init-error', message }
 *   ← { type: 'done', id, chunks, tiles, ms, phases, aborted } the build chunks and tiles this worker took from
 *                                    the counters, its time; `aborted`: it stopped at the barrier because the
 *                                    job failed elsewhere
 *   ← { type: 'error', id, message } the job failed here (the barrier is released; other workers finish their tiles)
 *
 * Built as its own entry (`dist/gram-worker.js`, tsup.config.ts); from the
 * TypeScript sources it is started through tsx's loader (./gramPool).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '@softmax-ntk/linalg';
import { buildChunk, chunkCount, SYNC, TileRunner, tileCount, type TileProblem } from './gramTiles';
import { runBand64, type Bands64Problem } from './gramBands64';

interface JobMessage {
  type: 'job';
  id: number;
  problem: TileProblem & { sync: Int32Array };
  /** This worker's number in the job (its output slot of `problem.rowProducts`). */
  slot: number;
}

interface Bands64Message {
  type: 'bands64';
  id: number;
  problem: Bands64Problem;
  /** Slot 0: the next band to take (shared with the calling thread, which takes bands too). */
  sync: Int32Array;
}

const port = parentPort;
if (!port) throw new Error('gram worker: not started as a worker thread');

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

// No top-level await, so the worker also builds as CommonJS (dist/gram-worker.cjs, started from the CommonJS
// entries: its `require` of tfjs-core skips the format detection and export lexing an ESM import costs). The pool
// sends jobs only after 'ready'.
void (async () => {
  try {
    // A pool started for float64 bands only (backend undefined) computes in linalg's kernels, without tfjs.
    const backend = (workerData as { backend?: BackendName }).backend;
    const info = backend ? await initBackend({ backend }) : { backend: 'none', simd: false, threads: 1 };
    port.postMessage({ type: 'ready', backend: info.backend, simd: info.simd, threads: info.threads });
  } catch (err) {
    port.postMessage({ type: 'init-error', message: describe(err) });
  }
})();

/** Takes build chunks until none is left, then waits until every chunk is written; false if the job was aborted. */
function build(problem: TileProblem, sync: Int32Array): { chunks: number; ok: boolean } {
  const total = chunkCount(problem);
  let chunks = 0;
  for (let k = Atomics.add(sync, SYNC.chunk, 1); k < total; k = Atomics.add(sync, SYNC.chunk, 1)) {
    buildChunk(problem, k);
    chunks++;
    if (Atomics.add(sync, SYNC.built, 1) + 1 === total) Atomics.notify(sync, SYNC.built);
  }
  // Barrier: a tile reads row blocks that any worker may have written.
  for (let v = Atomics.load(sync, SYNC.built); v < total; v = Atomics.load(sync, SYNC.built)) {
    if (Atomics.load(sync, SYNC.abort) !== 0) return { chunks, ok: false };
    Atomics.wait(sync, SYNC.built, v);
  }
  return { chunks, ok: true };
}

/** Takes float64 bands (./gramBands64) from the counter until none is left; returns how many it computed. */
function bands64(msg: Bands64Message): void {
  const { problem, sync } = msg;
  const t0 = performance.now();
  let bands = 0;
  try {
    const total = problem.bounds.length - 1;
    for (let k = Atomics.add(sync, 0, 1); k < total; k = Atomics.add(sync, 0, 1)) {
      runBand64(problem, k);
      bands++;
    }
    const ms = performance.now() - t0;
    const phases = { build: 0, upload: 0, product: ms, readout: 0, write: 0 };
    port?.postMessage({ type: 'done', id: msg.id, chunks: 0, tiles: bands, ms, phases, aborted: false });
  } catch (err) {
    port?.postMessage({ type: 'error', id: msg.id, message: describe(err) });
  }
}

port.on('message', (msg: JobMessage | Bands64Message) => {
  if (msg.type === 'bands64') return bands64(msg);
  if (msg.type !== 'job') return;
  const { problem } = msg;
  const { sync } = problem;
  const runner = new TileRunner(problem, undefined, msg.slot);
  let tiles = 0;
  const t0 = performance.now();
  try {
    const { chunks, ok } = build(problem, sync);
    const phases = { build: performance.now() - t0, ...runner.ms };
    if (ok) {
      const total = tileCount(problem.nd, problem.tile);
      for (let k = Atomics.add(sync, SYNC.tile, 1); k < total; k = Atomics.add(sync, SYNC.tile, 1)) {
        runner.run(k);
        tiles++;
      }
      Object.assign(phases, runner.ms);
    }
    port.postMessage({ type: 'done', id: msg.id, chunks, tiles, ms: performance.now() - t0, phases, aborted: !ok });
  } catch (err) {
    // Release the barrier: no worker may wait for chunks this one will never write.
    Atomics.store(sync, SYNC.abort, 1);
    Atomics.notify(sync, SYNC.built);
    port.postMessage({ type: 'error', id: msg.id, message: describe(err) });
  } finally {
    runner.dispose();
  }
});
