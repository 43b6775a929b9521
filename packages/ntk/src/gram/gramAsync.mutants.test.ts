/**
 * Tests written for the mutation run of gramAsync.ts (bench/results/mutation/ntk-gram.json), where gramAsync.test.ts
 * is left out (its worker-thread tests cost about a minute per mutant). These pin gramAsync's choices — how many
 * workers (none when one thread, one tile or one band suffices: H then in ordinary memory), the shared memory when
 * there are workers — and its H, bitwise gram's, on the smallest problems that take each route: in this thread
 * (float32, float64) and with workers (float32: 3 tiles on 2 workers; float64: 8 bands on this thread and 1 worker).
 */
import { Worker } from 'node:worker_threads';
import { initBackend } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { expectSymmetric, expOverflowNet, makeNet } from '../../test/fixtures';
import { poolSize, poolTfjsBackend } from '../internal/gramPool';
import { shared64 } from '../internal/gramBands64';
import { shared32 } from '../internal/gramFactors32';
import { gram } from './gram';
import { gramAsync, gramAsyncTiled } from './gramAsync';
import { terminateGramWorkers } from './terminateGramWorkers';

beforeAll(async () => {
  await initBackend();
});

afterAll(async () => {
  await terminateGramWorkers();
});

const bits = (a: Float64Array) => Array.from(a);
/** Entries of a and b that differ (bitwise; NaN equal to NaN): a failure prints a count, not a diff of 270,000 numbers. */
const differing = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let count = Math.abs(a.length - b.length);
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (!Object.is(a[k], b[k])) count++;
  return count;
};

describe('gramAsync: which thread computes, and H bitwise gram’s', () => {
  const net = makeNet({ n: 9, dIn: 3, dOut: 3, m: 40, seed: 61, symmetric: false }); // nd = 27

  it('in this thread when one thread, one tile or one band suffices: no worker, H in ordinary memory', async () => {
    const cases = [
      { precision: 'float32', threads: 1, tile: 7, activation: 'softmax' }, // 10 tiles, but one thread
      { precision: 'float32', threads: 4, tile: 27, activation: 'relu' }, // 4 threads, but one tile
      { precision: 'float64', threads: 3, tile: 7, activation: 'exp' }, // nd < 512: one band
      { precision: 'float64', threads: 1, tile: 7, activation: 'softmax' },
    ] as const;
    for (const { precision, threads, tile, activation } of cases) {
      const H = await gramAsyncTiled({ ...net, precision, threads, activation }, tile);
      expect(poolSize()).toBe(0);
      expect([H.rows, H.cols]).toEqual([27, 27]);
      expect(H.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(bits(H.data)).toEqual(bits(gram({ ...net, precision, activation }).data));
    }
    // gramAsync's block size is gram's (one 256-row tile here), the activation softmax by default (both precisions)
    const H = await gramAsync({ ...net, precision: 'float32', threads: 1 });
    expect(bits(H.data)).toEqual(bits(gram({ ...net, precision: 'float32' }).data));
    const H64 = await gramAsync({ ...net, threads: 1 });
    expect(bits(H64.data)).toEqual(bits(gram({ ...net, activation: 'softmax' }).data));
  });

  it('float32 on 2 workers (nd = 27, tiles of 14: 3 tiles): H copied out of the shared buffer, bitwise gram’s', async () => {
    await terminateGramWorkers();
    const H = await gramAsyncTiled({ ...net, precision: 'float32', threads: 2 }, 14);
    expect(poolSize()).toBe(2);
    expect(poolTfjsBackend()).toBeUndefined(); // the SIMD tiles need no tfjs backend in the workers
    expect(H.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(H.data.length).toBe(27 * 27);
    expect(bits(H.data)).toEqual(bits(gram({ ...net, precision: 'float32' }).data));
    expect(H.data).toBeAllClose(
      reference.crossGram({ w: net.w, a: net.a, x1: net.x, x2: net.x, activation: 'softmax' }).data,
      TOLERANCES.float32,
    );
  });

  it('float64 on this thread and 1 worker (nd = 520: 8 bands): H copied out of the shared buffer, bitwise gram’s', async () => {
    await terminateGramWorkers();
    const big = makeNet({ n: 260, dIn: 2, dOut: 2, m: 6, seed: 62, symmetric: false });
    for (const activation of ['softmax', 'relu'] as const) {
      const H = await gramAsync({ ...big, activation, precision: 'float64', threads: 2 });
      expect(poolSize()).toBe(1);
      expect([H.rows, H.cols]).toEqual([520, 520]);
      expect(H.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(H.data.length).toBe(520 * 520);
      expectSymmetric(H);
      expect(bits(H.data)).toEqual(bits(gram({ ...big, activation }).data));
    }
    // the exp baseline past float64's exp range: c comes in a new array, copied into shared memory for the worker
    const huge = expOverflowNet();
    const H = await gramAsync({ ...huge, activation: 'exp', precision: 'float64', threads: 2 });
    expect(H.data[0]).toBeGreaterThan(1e280);
    expect(bits(H.data)).toEqual(bits(gram({ ...huge, activation: 'exp' }).data));
  });
});

describe('gramAsync with workers: one shared buffer, kept between calls', () => {
  const big = makeNet({ n: 260, dIn: 2, dOut: 2, m: 6, seed: 63, symmetric: false }); // nd = 520: 8 bands
  const other = makeNet({ n: 256, dIn: 3, dOut: 2, m: 5, seed: 64, symmetric: false }); // nd = 512, smaller buffer

  // Killed here: H returned as a view of the kept buffer (either `.slice()` dropped): the next call overwrites it.
  it.each(['float64', 'float32'] as const)(
    '%s: a later call (same shape, another shape) leaves an earlier H as it was',
    async (precision) => {
      const first = await gramAsyncTiled({ ...big, precision, threads: 2 }, 64);
      const copy = bits(first.data);
      await gramAsyncTiled({ ...other, precision, threads: 2 }, 64);
      await gramAsyncTiled({ ...big, activation: 'relu', precision, threads: 2 }, 64);
      expect(differing(first.data, copy)).toBe(0);
    },
  );

  // Killed here: the float32 buffer handed back before the job ends, or the float32 views overlapping (X Xᵀ, K, P and
  // a at wrong offsets of the one buffer): H is then not gram's.
  it('float32: two calls in flight at once each get their own buffer, both H bitwise gram’s', async () => {
    await gramAsyncTiled({ ...big, precision: 'float32', threads: 2 }, 64); // a buffer is kept
    const [p, q] = await Promise.all([
      gramAsyncTiled({ ...big, precision: 'float32', threads: 2 }, 64),
      gramAsyncTiled({ ...big, activation: 'relu', precision: 'float32', threads: 2 }, 64),
    ]);
    expect(differing(p.data, gram({ ...big, precision: 'float32' }).data)).toBe(0);
    expect(differing(q.data, gram({ ...big, activation: 'relu', precision: 'float32' }).data)).toBe(0);
  });

  // Killed here: the buffer handed out twice (`spare64 = undefined` dropped in acquireShared64): two calls in flight
  // would write c and K into the same memory.
  it('two calls in flight at once each get their own buffer: both H bitwise gram’s', async () => {
    await gramAsync({ ...big, precision: 'float64', threads: 2 }); // a buffer is kept
    const [p, q] = await Promise.all([
      gramAsync({ ...big, precision: 'float64', threads: 2 }),
      gramAsync({ ...big, activation: 'exp', precision: 'float64', threads: 2 }),
    ]);
    expect(differing(p.data, gram(big).data)).toBe(0);
    expect(differing(q.data, gram({ ...big, activation: 'exp' }).data)).toBe(0);
  });

  // Killed here: the buffer not given back after the call (`shared64.release` / `shared32.release` dropped, or
  // releaseFactors' SharedArrayBuffer test made false: every call then allocates anew and the process grows), and
  // its size (c, X Xᵀ and K in float64; X Xᵀ and K in float64, P and a in float32).
  it('gives its buffer back, sized for the operands: the next call takes the same one', async () => {
    shared64.drop();
    shared32.drop();
    const nd = 520;
    const [n, m, d] = [260, 6, 2];
    await gramAsync({ ...big, precision: 'float64', threads: 2 });
    const kept64 = shared64.acquire(1);
    expect(kept64.byteLength).toBe(8 * (nd * m + n * n + nd * nd));
    shared64.release(kept64);
    await gramAsyncTiled({ ...big, precision: 'float32', threads: 2 }, 64);
    const kept32 = shared32.acquire(1);
    expect(kept32).toBeInstanceOf(SharedArrayBuffer);
    expect(kept32.byteLength).toBe(8 * (n * n + nd * nd) + 4 * (n * d + d * m));
    shared32.release(kept32);
  });

  // Killed here: a fresh counter buffer per job (each SharedArrayBuffer posted to a worker stays allocated until it
  // exits: the process would grow by one per call) and the reused counters not zeroed (the second job of each kind
  // would find its tiles or bands already taken, and H would not be gramAsync's of the first call).
  it('every job posts the same counters, zeroed: float32 tiles and float64 bands, two calls of each', async () => {
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    try {
      const H32 = [0, 1].map(() => gramAsyncTiled({ ...big, precision: 'float32', threads: 2 }, 64));
      const H64 = [0, 1].map(() => gramAsync({ ...big, precision: 'float64', threads: 2 }));
      const [a32, b32, a64, b64] = await Promise.all([...H32, ...H64]);
      expect(differing(a32!.data, b32!.data)).toBe(0);
      expect(differing(a64!.data, b64!.data)).toBe(0);
      expect(differing(a64!.data, gram(big).data)).toBe(0);
      const syncs = post.mock.calls
        .map(([msg]) => msg as { type?: string; sync?: Int32Array; problem?: { sync?: Int32Array } })
        .filter((msg) => msg.type === 'job' || msg.type === 'bands64')
        .map((msg) => (msg.type === 'job' ? msg.problem?.sync : msg.sync)?.buffer);
      expect(syncs.length).toBeGreaterThanOrEqual(4); // two jobs of each kind, to one or more workers
      expect(new Set(syncs).size).toBe(1);
      expect(syncs[0]).toBeInstanceOf(SharedArrayBuffer);
    } finally {
      post.mockRestore();
    }
  });

  // Killed here: releaseFactors giving back an ordinary buffer (its SharedArrayBuffer test made true): `gram`'s own
  // K, kept and then handed to a worker job, would be copied into each worker, which would write their tiles there.
  it('float32: after gram’s own (unshared) call on a larger problem, the workers still share K', async () => {
    shared32.drop();
    const larger = makeNet({ n: 300, dIn: 2, dOut: 2, m: 6, seed: 65, symmetric: false });
    gram({ ...larger, precision: 'float32' });
    const H = await gramAsyncTiled({ ...big, precision: 'float32', threads: 2 }, 64);
    expect(differing(H.data, gram({ ...big, precision: 'float32' }).data)).toBe(0);
  });
});
