/**
 * The worker thread of `softmaxGradient64Threads` (./softmaxGradient64Threads): it computes the second half of
 * the rows of the fused float64 (or float32) softmax step (Claim 3.4 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax", 2024) in its own instance of the SIMD WebAssembly kernel, while the calling thread computes the first.
 *
 * Protocol: a message { sab, gen } binds a SharedArrayBuffer laid out by ./softmaxShared; the worker then stores
 * `gen` in the ready slot and blocks on the state slot: JOB → it reads the header and operands, computes rows
 * [h, n), writes its loss, ΔWᵀ part and rows of F, and sets DONE (or FAILED with the message); REBIND → it returns
 * to its event loop for the next { sab, gen }. Built as its own entry (`dist/softmax-worker.js`, tsup.config.ts);
 * from the TypeScript sources it is started through tsx's loader.
 */
import { parentPort } from 'node:worker_threads';
import { softmaxRows } from './softmaxGradient64';
import { layout, spinWhile, STATE, SLOT, type SharedLayout } from './softmaxShared';

const port = parentPort;
if (!port) throw new Error('softmax worker: not started as a worker thread');

function serve(sab: SharedArrayBuffer, gen: number): void {
  const ctrl = new Int32Array(sab, 0, SLOT.length);
  Atomics.store(ctrl, SLOT.ready, gen);
  for (;;) {
    const state = Atomics.load(ctrl, SLOT.state);
    if (state === STATE.rebind) return;
    if (state !== STATE.job) {
      // idle, or done/failed until the caller has read the answer: sleep until the slot changes, after a spin when
      // the caller found the machine idle (the next job is then usually less than SPIN_MS away)
      if (Atomics.load(ctrl, SLOT.spin) !== 1 || spinWhile(ctrl, state)) Atomics.wait(ctrl, SLOT.state, state);
      continue;
    }
    const L: SharedLayout = layout(sab);
    try {
      const r = softmaxRows(L.options, L.h, L.n, L.precision);
      L.gradient.set(r.gradient.data);
      L.f.set(r.f.data);
      L.header[L.LOSS] = r.loss;
      Atomics.store(ctrl, SLOT.state, STATE.done);
    } catch (err) {
      L.header[L.LOSS] = NaN;
      L.setError(err instanceof Error ? err.message : String(err));
      Atomics.store(ctrl, SLOT.state, STATE.failed);
    }
    Atomics.notify(ctrl, SLOT.state);
  }
}

port.on('message', (msg: { sab: SharedArrayBuffer; gen: number }) => serve(msg.sab, msg.gen));
port.postMessage({ type: 'started' });
