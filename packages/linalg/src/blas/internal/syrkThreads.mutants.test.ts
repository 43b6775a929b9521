/**
 * Tests written for the mutation run (bench/results/mutation) of internal/syrkThreads.ts: the two-thread product
 * `syrkWasmHalves` pinned bit for bit — C after the call is exactly ./syrkWasm on the columns [0, kSplit) and then on
 * [kSplit, K), whichever thread computed the second half — and the worker's life: started once and unref'd, dropped on
 * an error or an exit (a stale one's events ignored), given up after its wait limit, its shared buffer kept and grown,
 * no second thread without shared memory, Atomics, kernel memory, or a thread count of 2.
 *
 * Each test loads a fresh syrkThreads (its worker, buffer and flags start empty) with `process.getBuiltinModule`
 * answering `node:worker_threads` with a subclass of the real Worker that records what the module does with it (and,
 * in some tests, runs an edited worker script: one that sleeps, never answers, or fails).
 */
import { Worker as RealWorker, type WorkerOptions } from 'node:worker_threads';
import { spyOnBuiltins, TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../../random/rng';
import type * as SyrkThreadsModule from './syrkThreads';
import { syrkSplit, SYRK_THREADS_MIN_FLOPS } from './syrkThreads';
import type * as SyrkWasmModule from './syrkWasm';
import type * as KernelsModule from '../../wasm/kernels';

interface Recorded {
  /** Workers constructed (the constructor may throw after counting). */
  constructed: number;
  workers: RealWorker[];
  unrefs: number;
  /** The buffer of every job posted, in order. */
  posted: SharedArrayBuffer[];
}

type Edit = (code: string) => string;

/** An edit of the worker's script: `js` runs in the worker right after it claims a job (POSTED → RUNNING). */
const afterClaim =
  (js: string): Edit =>
  (code) =>
    code.replace('const N = ctrl[2]', `${js}; const N = ctrl[2]`);

interface Fresh {
  st: typeof SyrkThreadsModule;
  sw: typeof SyrkWasmModule;
  rec: Recorded;
  /** The bytes of every `kernelsFit` question the module asked. */
  fitAsked: number[];
}

let live: Fresh | undefined;
const savedEnv = process.env['SOFTMAX_NTK_THREADS'];

/**
 * A fresh syrkThreads with a recording Worker; `edit` rewrites the worker's script, `throws` makes its constructor
 * fail, `fits` answers `kernelsFit` for the worker's memory (default: the real answer).
 */
function fresh(options: { edit?: Edit; throws?: boolean; fits?: (bytes: number) => boolean } = {}): Fresh {
  const rec: Recorded = { constructed: 0, workers: [], unrefs: 0, posted: [] };
  class Recording extends RealWorker {
    constructor(code: string, o: WorkerOptions) {
      rec.constructed++;
      if (options.throws) throw new Error('no worker threads here');
      super(options.edit ? options.edit(code) : code, o);
      rec.workers.push(this);
    }
    override unref(): void {
      rec.unrefs++;
      super.unref();
    }
    override postMessage(value: unknown): void {
      rec.posted.push(value as SharedArrayBuffer);
      super.postMessage(value);
    }
  }
  spyOnBuiltins({ 'node:worker_threads': { Worker: Recording } });
  const fitAsked: number[] = [];
  let st: typeof SyrkThreadsModule | undefined;
  let sw: typeof SyrkWasmModule | undefined;
  jest.isolateModules(() => {
    if (options.fits) {
      const fits = options.fits;
      jest.doMock('../../wasm/kernels', () => {
        const actual = jest.requireActual<typeof KernelsModule>('../../wasm/kernels');
        return {
          ...actual,
          kernelsFit: (bytes: number) => {
            fitAsked.push(bytes);
            return fits(bytes);
          },
        };
      });
    }
    /* eslint-disable @typescript-eslint/no-require-imports -- the module under test from a fresh registry */
    st = require('./syrkThreads') as typeof SyrkThreadsModule;
    sw = require('./syrkWasm') as typeof SyrkWasmModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  if (st === undefined || sw === undefined) throw new Error('syrkThreads did not load');
  live = { st, sw, rec, fitAsked };
  return live;
}

afterEach(async () => {
  jest.restoreAllMocks();
  jest.dontMock('../../wasm/kernels');
  if (savedEnv === undefined) delete process.env['SOFTMAX_NTK_THREADS'];
  else process.env['SOFTMAX_NTK_THREADS'] = savedEnv;
  if (live) {
    await live.st.stopSyrkThreads();
    await Promise.all(live.rec.workers.map((w) => w.terminate()));
    live = undefined;
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A product: op(A) N × K at offset 3 with strides (s1, s2) (row-major s2 = 1, or the transposed layout s1 = 1), in a longer array. */
function operand(N: number, K: number, rowMajor: boolean) {
  // two rows' worth of storage after op(A), so that a gather past row N − 1 would find data (and fail)
  const A = new Rng(`syrk-threads-mutants-${N}-${K}-${rowMajor}`).fillNormal(
    new Float64Array(3 + N * K + 2 * K),
  ) as Float64Array;
  const [s1, s2] = rowMajor ? [K, 1] : [1, N];
  return { A, s1, s2, off: 3 };
}

/** C (N × N at offset 2, row stride N + 1) filled with a pattern, −0 outside C. */
function startC(N: number): Float64Array {
  const C = new Float64Array(2 + (N + 1) * N).fill(-0);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) C[2 + i * (N + 1) + j] = 0.25 * (i - j) + 1;
  return C;
}

/** The entries of `a` and `b` that differ bitwise (Object.is). */
const differ = (a: Float64Array, b: Float64Array): number => a.reduce((n, v, q) => n + (Object.is(v, b[q]) ? 0 : 1), 0);

/**
 * Calls `syrkWasmHalves` until the worker answers one (the first calls may find it still starting: the calling
 * thread then takes the half back), checking every C bitwise against `want`; returns the calls made.
 */
async function untilWorker(f: Fresh, call: () => Float64Array, want: Float64Array): Promise<number> {
  const before = f.st.syrkThreadCalls.worker;
  let calls = 0;
  while (f.st.syrkThreadCalls.worker === before && calls < 300) {
    expect(differ(call(), want)).toBe(0);
    calls++;
    if (f.st.syrkThreadCalls.worker === before) await sleep(10);
  }
  expect(f.st.syrkThreadCalls.worker).toBe(before + 1);
  return calls;
}

describe('syrkSplit', () => {
  it('splits at ⌈K/2⌉, from N²K = 2³⁰ and K ≥ 512 (two 256-deep panels) up', () => {
    expect(SYRK_THREADS_MIN_FLOPS).toBe(2 ** 30);
    expect(syrkSplit(1024, 1024)).toBe(512); // N²K = 2³⁰ exactly
    expect(syrkSplit(1024, 1023)).toBe(0); // one below
    expect(syrkSplit(4096, 511)).toBe(0); // big, but under two panels
    expect(syrkSplit(4096, 512)).toBe(256);
    expect(syrkSplit(6144, 1365)).toBe(683); // a block of the primal NTK solve
    expect(syrkSplit(64, 700, 0)).toBe(350);
  });
});

describe('syrkWasmHalves: bit for bit the two halves of ./syrkWasm, on either thread', () => {
  const [N, K, kSplit] = [24, 600, 300];

  // Killed here: the gather of A₂ (`sa2 === 1` and the strided loop, their offsets, `i < N` → `<=`: row N would not
  // fit), the write-back of W₂ (its packed row offsets, the sign of α), the take-back (`=== POSTED` made false: the
  // job would stay POSTED), the worker being reused (`worker ??=`), unref'd, and handed the same shared buffer while
  // it is big enough (`shared.byteLength < bytes` made `<=` or true, KEEP_MAX_BYTES shrunk).
  it.each<[boolean, boolean]>([
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ])('lower %s, op(A) rows contiguous %s: C is syrkWasm([0, kSplit)) then syrkWasm([kSplit, K))', async (lower, rm) => {
    const f = fresh();
    const { A, s1, s2, off } = operand(N, K, rm);
    // The first call finds the worker still starting (it is constructed in the call): the calling thread takes the
    // half back, and the job says TAKEN (5), which the worker will skip.
    {
      const C = startC(N);
      f.st.syrkWasmHalves(lower, N, K, kSplit, -0.75, A, s1, s2, off, C, N + 1, 1, 2);
      expect(new Int32Array(f.rec.posted[0]!, 0, 1)[0]).toBe(5);
      expect(f.st.syrkThreadCalls).toEqual({ worker: 0, local: 1 });
    }
    const alpha = -0.75;
    const want = startC(N);
    f.sw.syrkWasm(lower, N, kSplit, alpha, A, s1, s2, off, want, N + 1, 1, 2);
    f.sw.syrkWasm(lower, N, K - kSplit, alpha, A, s1, s2, off + kSplit * s2, want, N + 1, 1, 2);
    // … which is C + α·op(A)·op(A)ᵀ on the triangle, to the float64 tolerance, and is not one syrkWasm over all of K
    const got: number[] = [];
    const ref: number[] = [];
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        if (lower ? i < j : i > j) continue;
        let s = 0;
        for (let p = 0; p < K; p++) s += A[off + i * s1 + p * s2]! * A[off + j * s1 + p * s2]!;
        got.push(want[2 + i * (N + 1) + j]!);
        ref.push(0.25 * (i - j) + 1 + alpha * s);
      }
    expect(got).toBeAllClose(ref, TOLERANCES.float64);
    const once = startC(N);
    f.sw.syrkWasm(lower, N, K, alpha, A, s1, s2, off, once, N + 1, 1, 2);
    expect(differ(once, want)).toBeGreaterThan(0);

    const call = (useWorker = true): Float64Array => {
      const C = startC(N);
      f.st.syrkWasmHalves(lower, N, K, kSplit, alpha, A, s1, s2, off, C, N + 1, 1, 2, useWorker);
      return C;
    };
    expect(differ(call(false), want)).toBe(0);
    await untilWorker(f, call, want);
    await untilWorker(f, call, want);
    expect([f.rec.constructed, f.rec.unrefs]).toEqual([1, 1]);
    expect(f.rec.posted.length).toBeGreaterThanOrEqual(2);
    expect(f.rec.posted.every((b) => b === f.rec.posted[0])).toBe(true);
  });

  // Killed here: `shared.byteLength < bytes` → false (a job larger than the buffer), and the buffer's size
  // (DATA_AT + 8·(N·kw + N(N + 1)/2) bytes: A₂ and W₂'s packed triangle after the 64-byte header).
  it('a larger job gets a larger buffer, of exactly what it needs; a smaller one reuses it', async () => {
    const f = fresh();
    const run = async (n: number): Promise<SharedArrayBuffer> => {
      const { A, s1, s2, off } = operand(n, K, true);
      const want = startC(n);
      f.st.syrkWasmHalves(true, n, K, kSplit, 1.5, A, s1, s2, off, want, n + 1, 1, 2, false);
      await untilWorker(
        f,
        () => {
          const C = startC(n);
          f.st.syrkWasmHalves(true, n, K, kSplit, 1.5, A, s1, s2, off, C, n + 1, 1, 2);
          return C;
        },
        want,
      );
      return f.rec.posted.at(-1)!;
    };
    const small = await run(8);
    expect(small.byteLength).toBe(64 + 8 * (8 * 300 + 36));
    const large = await run(N);
    expect(large).not.toBe(small);
    expect(large.byteLength).toBe(64 + 8 * (N * 300 + (N * (N + 1)) / 2));
    expect(await run(8)).toBe(large);
  });

  // Killed here: the `!== DONE` test removed or made false (W₂'s answer region, never written, would be added),
  // and the worker-side `catch` (a failed job must say FAILED, else the caller would wait for it).
  it('a worker whose half fails says so, and the calling thread computes that half: the same C', async () => {
    const f = fresh({ edit: afterClaim('throw new Error("the half fails")') });
    const { A, s1, s2, off } = operand(N, K, false);
    const want = startC(N);
    f.st.syrkWasmHalves(true, N, K, kSplit, 2, A, s1, s2, off, want, N + 1, 1, 2, false);
    let failed = 0;
    for (let tries = 0; failed === 0 && tries < 300; tries++) {
      const C = startC(N);
      f.st.syrkWasmHalves(true, N, K, kSplit, 2, A, s1, s2, off, C, N + 1, 1, 2);
      expect(differ(C, want)).toBe(0);
      if (new Int32Array(f.rec.posted.at(-1)!, 0, 1)[0] === 4)
        failed++; // FAILED (4), not TAKEN (5)
      else await sleep(10);
    }
    expect(failed).toBe(1);
    expect(f.st.syrkThreadCalls.worker).toBe(0);
  });
});

describe('syrkWasmHalves: the worker started, dropped and given up', () => {
  const [N, K, kSplit] = [16, 520, 260];
  const { A, s1, s2, off } = operand(N, K, true);

  function setup(options: Parameters<typeof fresh>[0] = {}) {
    const f = fresh(options);
    const want = startC(N);
    f.st.syrkWasmHalves(true, N, K, kSplit, 1, A, s1, s2, off, want, N + 1, 1, 2, false);
    const call = (): Float64Array => {
      const C = startC(N);
      f.st.syrkWasmHalves(true, N, K, kSplit, 1, A, s1, s2, off, C, N + 1, 1, 2);
      return C;
    };
    return { f, want, call };
  }

  // Killed here: the catch of startWorker (`unavailable = true` made false or dropped: every call would construct
  // again) and the fallback taken when no worker could be started.
  it('a Worker that cannot be constructed: both halves here, and no later call tries again', () => {
    const { f, want, call } = setup({ throws: true });
    expect(differ(call(), want)).toBe(0);
    expect(differ(call(), want)).toBe(0);
    expect(f.rec.constructed).toBe(1);
    expect(f.st.syrkThreadCalls).toEqual({ worker: 0, local: 3 });
  });

  // Killed here: the 'error' and 'exit' handlers emptied or their `worker === w` made false (the dead worker stays:
  // no call is ever answered again) or true (a stale worker's event drops the live one: one more start), and
  // stopSyrkThreads' `w ? … : …` made false (the worker left running).
  it("an 'error' or an exit drops the worker, the next call starts another; a stale worker's events do not", async () => {
    const { f, want, call } = setup();
    await untilWorker(f, call, want);
    f.rec.workers[0]!.emit('error', new Error('test'));
    await untilWorker(f, call, want);
    expect(f.rec.constructed).toBe(2);
    await f.rec.workers[1]!.terminate();
    await sleep(50);
    await untilWorker(f, call, want);
    expect(f.rec.constructed).toBe(3);
    // stopSyrkThreads, and a call before the stopped worker's exit arrives: a fourth worker, which its exit keeps
    const stopped = f.st.stopSyrkThreads();
    expect(differ(call(), want)).toBe(0);
    expect(f.rec.constructed).toBe(4);
    await stopped;
    expect(f.rec.workers[2]!.threadId).toBe(-1); // stopSyrkThreads terminated it
    await sleep(50);
    f.rec.workers[0]!.emit('error', new Error('stale'));
    await untilWorker(f, call, want);
    expect(f.rec.constructed).toBe(4);
  });

  // Killed here: the wait limit WAIT_MS = 30 min made 1.8 ms, and `Date.now() - t0` made `+` (a half that takes more
  // than one 1 s wait slice would throw).
  it('a half that takes longer than the 1 s wait slice is waited for', async () => {
    const slow = afterClaim('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100)');
    const { f, want, call } = setup({ edit: slow });
    await untilWorker(f, call, want);
    expect(f.st.syrkThreadCalls.worker).toBe(1);
  });

  // Killed here: the message and the worker stopped when the wait limit passes (`void stopSyrkThreads()` dropped:
  // the next call would post to the hung worker), `=== 'timed-out'` made `!==` (a hung worker never wakes the
  // caller: the call would wait forever).
  it('a worker that never answers is given up after 30 min: the call throws, and the next starts a new worker', async () => {
    const hung = afterClaim('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)');
    const { f, want, call } = setup({ edit: hung });
    let thrown: unknown;
    for (let tries = 0; thrown === undefined && tries < 300; tries++) {
      // the clock: 0 when the wait starts, then 30 min + 1 ms on
      jest
        .spyOn(Date, 'now')
        .mockReturnValueOnce(0)
        .mockReturnValue(30 * 60 * 1000 + 1);
      try {
        expect(differ(call(), want)).toBe(0); // taken back: the worker had not begun
      } catch (e) {
        thrown = e;
      }
      jest.spyOn(Date, 'now').mockRestore();
      if (thrown === undefined) await sleep(10);
    }
    expect((thrown as Error).message).toBe('syrk worker: no answer in 1800 s');
    expect(f.rec.constructed).toBe(1);
    expect(differ(call(), want)).toBe(0);
    expect(f.rec.constructed).toBe(2);
  });

  // Killed here: the guards of threadsAllowed (`typeof SharedArrayBuffer !== 'function'`, `typeof Atomics ===
  // 'undefined'`, `resolveThreads() < 2` made `<= 2`) and `useWorker ?` made true.
  it('no second thread without SharedArrayBuffer or Atomics, with SOFTMAX_NTK_THREADS=1, or when told not to', async () => {
    const { f, want, call } = setup();
    const g = globalThis as { SharedArrayBuffer?: unknown; Atomics?: unknown };
    const [sab, atomics] = [g.SharedArrayBuffer, g.Atomics];
    try {
      delete g.SharedArrayBuffer;
      expect(differ(call(), want)).toBe(0);
      g.SharedArrayBuffer = sab;
      delete g.Atomics;
      expect(differ(call(), want)).toBe(0);
    } finally {
      g.SharedArrayBuffer = sab;
      g.Atomics = atomics;
    }
    process.env['SOFTMAX_NTK_THREADS'] = '1';
    expect(differ(call(), want)).toBe(0);
    expect(f.rec.constructed).toBe(0);
    expect(f.st.syrkThreadCalls.local).toBe(4); // with the one-thread reference of setup
    process.env['SOFTMAX_NTK_THREADS'] = '2';
    await untilWorker(f, call, want);
    expect(f.rec.constructed).toBe(1);
  });

  // Killed here: the kernel-memory check of the worker (`kernelsFit(8·(N² + N·min(KC, kw)))`: its bytes, and the check
  // made true or joined with `||`).
  it('when the worker could not hold W and a panel, no worker: both halves here', () => {
    const { f, want, call } = setup({ fits: () => false });
    expect(differ(call(), want)).toBe(0);
    expect(f.rec.constructed).toBe(0);
    expect(f.fitAsked).toEqual([8 * (N * N + N * 256)]);
  });
});
