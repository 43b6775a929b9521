/**
 * One worker of the pool behind `gramAsync` (./gramPool): a `worker_threads`
 * thread with its own tfjs backend (tfjs-backend-wasm computes on one thread
 * under Node), initialised once; it stays alive between calls.
 *
 * Protocol (messages from ./gramPool):
 *   → { type: 'job', id, problem }   problem: a TileProblem whose c, X Xᵀ and H live in
 *                                    SharedArrayBuffers, plus `counter` (Int32Array, shared)
 *   ← { type: 'ready', backend } once, after the backend is up, or { type: 'init-error', message }
 *   ← { type: 'done', id, tiles, ms, phases } the tiles this worker computed (taken from the counter), its time
 *   ← { type: 'error', id, message } the job failed here (other workers finish their tiles)
 *
 * Built as its own entry (`dist/gram-worker.js`, tsup.config.ts); from the
 * TypeScript sources it is started through tsx's loader (./gramPool).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '@softmax-ntk/linalg';
import { TileRunner, tileCount, type TileProblem } from './gramTiles';

interface JobMessage {
  type: 'job';
  id: number;
  problem: TileProblem & { counter: Int32Array };
}

const port = parentPort;
if (!port) throw new Error('gram worker: not started as a worker thread');

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

try {
  const info = await initBackend({ backend: (workerData as { backend: BackendName }).backend });
  port.postMessage({ type: 'ready', backend: info.backend, simd: info.simd, threads: info.threads });
} catch (err) {
  port.postMessage({ type: 'init-error', message: describe(err) });
}

port.on('message', (msg: JobMessage) => {
  if (msg.type !== 'job') return;
  const { problem } = msg;
  const runner = new TileRunner(problem);
  let tiles = 0;
  const t0 = performance.now();
  try {
    const total = tileCount(problem.nd, problem.tile);
    for (let k = Atomics.add(problem.counter, 0, 1); k < total; k = Atomics.add(problem.counter, 0, 1)) {
      runner.run(k);
      tiles++;
    }
    port.postMessage({ type: 'done', id: msg.id, tiles, ms: performance.now() - t0, phases: runner.ms });
  } catch (err) {
    port.postMessage({ type: 'error', id: msg.id, message: describe(err) });
  } finally {
    runner.dispose();
  }
});
