/**
 * Tests written for the mutation run (bench/results/mutation) of internal/tridiagonalThreads.ts, in about a second:
 * tridiagonalThreads.test.ts (cyclic-Jacobi references for five families up to n = 190, n = 700, the CommonJS build
 * in two child processes) takes tens of seconds per mutant and is left out of that file's run only (`--skip-tests`;
 * CI runs it). These pin the same code on small matrices with known spectra (Q·diag(λ)·Qᵀ), against the one-thread
 * `eigh` (which shares only the reduction's arithmetic, not its threads), bit for bit across calls, and the worker's
 * life: one worker, unref'd, kept and its memory grown, stopped and restarted, given up when it fails.
 *
 * Each test loads a fresh tridiagonalThreads (no worker, no memory, not given up) with `process.getBuiltinModule`
 * answering `node:worker_threads` with a Worker subclass that counts what the module does with it and, for the
 * failure tests, runs an edited worker script.
 */
import { Worker as NodeWorker, type WorkerOptions } from 'node:worker_threads';
import { exactMessage, osWithLoad, spyOnBuiltins, withoutGetBuiltinModule } from '@softmax-ntk/test-helpers';
import type { GetBuiltin } from '@softmax-ntk/test-helpers';
import type { Matrix } from '../../matrix/matrix';
import { KERNELS_BASE } from '../../wasm/kernels';
import { eigh } from '../eigh';
import { decompositionErrors, Rng, symmetricGaussian, withSpectrum } from './testing';
import { eigLayout, up4 } from './eigLayout';
import { layoutArrays } from '../../wasm/kernels';
import { mergeLd, SEC_SLOT, secularRoot, stedc, stedcIn, stedcScratch } from './stedc';
import type * as EighWasm from './eighWasm';
import type * as Threads from './tridiagonalThreads';

const U = 2 ** -53;

interface Life {
  constructed: number;
  unrefs: number;
  terminates: number;
  /** What the module passed to the constructor. */
  options: WorkerOptions[];
}

const envBefore = process.env['SOFTMAX_NTK_THREADS'];
/** Every module loaded by the running test and every worker made for it, stopped after the test. */
const loaded: { mod: typeof Threads; workers: NodeWorker[] }[] = [];

/**
 * A fresh tridiagonalThreads whose workers are counted in `life`; `edit` rewrites the worker's script; `os` replaces
 * members of `node:os` as the module sees it. `builtins` is the spy on `process.getBuiltinModule`.
 */
function load(
  edit?: (script: string) => string,
  os?: Record<string, unknown>,
): {
  mod: typeof Threads;
  /** eighWasm bound to `mod` (loaded in the same fresh registry). */
  ew: typeof EighWasm;
  life: Life;
  builtins: jest.SpiedFunction<GetBuiltin>;
} {
  const life: Life = { constructed: 0, unrefs: 0, terminates: 0, options: [] };
  const workers: NodeWorker[] = [];
  class Counted extends NodeWorker {
    constructor(script: string, options: WorkerOptions) {
      super(edit ? edit(script) : script, options);
      life.constructed++;
      life.options.push(options);
      workers.push(this);
    }
    override unref(): void {
      life.unrefs++;
      super.unref();
    }
    override terminate(): Promise<number> {
      life.terminates++;
      return super.terminate();
    }
  }
  const builtins = spyOnBuiltins({ 'node:worker_threads': { Worker: Counted }, ...(os ? { 'node:os': os } : {}) });
  let mod: typeof Threads | undefined;
  let ew: typeof EighWasm | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module under test from a fresh registry
    mod = require('./tridiagonalThreads') as typeof Threads;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- its user eighWasm, bound to that module
    ew = require('./eighWasm') as typeof EighWasm;
  });
  if (mod === undefined || ew === undefined) throw new Error('tridiagonalThreads did not load');
  loaded.push({ mod, workers });
  return { mod, ew, life, builtins };
}

beforeEach(() => {
  process.env['SOFTMAX_NTK_THREADS'] = '2';
});

afterEach(async () => {
  jest.restoreAllMocks();
  if (envBefore === undefined) delete process.env['SOFTMAX_NTK_THREADS'];
  else process.env['SOFTMAX_NTK_THREADS'] = envBefore;
  for (const { mod, workers } of loaded.splice(0)) {
    mod.stopEigThreads();
    await Promise.all(workers.map((w) => NodeWorker.prototype.terminate.call(w)));
  }
});

/** n eigenvalues in [−1, 2], 3/(n − 1) apart, and a matrix Q·diag(λ)·Qᵀ with them (‖A‖₂ = 2). */
function known(n: number): { a: Matrix; lambda: number[] } {
  const lambda = Array.from({ length: n }, (_, i) => (n === 1 ? 0.75 : -1 + (3 * i) / (n - 1)));
  return { a: withSpectrum(new Rng(`threads-mutants-${n}`), lambda).a, lambda };
}

/** The two-thread values of `a` (the size threshold lowered to 0); fails if the path declined. */
function twoThreads(mod: typeof Threads, a: Matrix): Float64Array {
  const values = mod.eigvalshThreads(a, 0);
  if (values === undefined) throw new Error('the two-thread path declined');
  return values;
}

/** The edit of the worker's script that makes it fail where `at` is, as the script's catch block reports it. */
const failAt =
  (at: string, before = ''): ((script: string) => string) =>
  (script) => {
    if (!script.includes(at)) throw new Error(`the worker script has no ${at}`);
    return script.replace(at, `${before}throw new Error('failed on purpose');`);
  };

describe('eigvalshThreads: the eigenvalues', () => {
  // Killed here: the reduction's panel loop (`i0 < n` → `<=`, `Math.min(NB, n − i0)` → max), the layout of the shared
  // memory (a region shrunk or overlapping the control block), the arguments handed to the kernel. n = 161 has five
  // full panels and one of a single column, and vectors of 128 and more, which are split with the worker.
  it.each([1, 2, 33, 161])('n = %i: λ within 8·n·u·‖A‖₂ of the known spectrum and of one-thread eigh', (n) => {
    const { mod } = load();
    const { a, lambda } = known(n);
    const values = twoThreads(mod, a);
    // Both routes are backward stable: |λ̂ − λ| ≤ c·n·u·‖A‖₂ (‖A‖₂ = 2) with a modest c; forming A costs a few u more.
    const bound = 8 * n * U * 2 + 8 * U;
    expect(values).toBeAllClose(lambda, { rtol: 0, atol: bound });
    expect(values).toBeAllClose(eigh({ a, vectors: false }).values, { rtol: 0, atol: bound });
  });

  // Killed here: the values returned as a view of the shared memory (d's `.slice()` dropped): the next call
  // overwrites them.
  it('returns its own array: a later call leaves an earlier result as it was', () => {
    const { mod } = load();
    const first = twoThreads(mod, known(33).a);
    const copy = Array.from(first);
    twoThreads(mod, known(161).a);
    expect(Array.from(first)).toEqual(copy);
  });

  // Killed here: the entry check (`v − v !== 0` mutated, the index in the message, reading a row too short); it runs
  // before any kernel, so the worker is kept and the next call works.
  it('refuses a non-finite entry of the upper triangle by index; ignores the lower triangle', () => {
    const { mod, life } = load();
    const { a } = known(161);
    const n = 161;
    const clean = twoThreads(mod, a);
    for (const [i, j, v] of [
      [5, 100, Infinity],
      [0, 0, NaN],
      [160, 160, -Infinity],
      [0, 160, NaN],
    ] as const) {
      const b = { rows: n, cols: n, data: a.data.slice() };
      b.data[i * n + j] = v;
      expect(() => mod.eigvalshThreads(b, 0)).toThrow(
        exactMessage(`invalid argument: a: must have finite entries, got ${v} at (${i}, ${j})`),
      );
    }
    const lower = { rows: n, cols: n, data: a.data.slice() };
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) lower.data[i * n + j] = i % 2 ? NaN : -Infinity;
    expect(Array.from(twoThreads(mod, lower))).toEqual(Array.from(clean));
    expect(life.constructed).toBe(1);
  });
});

describe('eigvalshThreads: when the two-thread path applies', () => {
  // Killed here: `n < minN` made `<=` or true or false, and the default threshold (n ≥ 512).
  it('from n = minN up (default 512); not for a non-square matrix; no worker started for a refusal', () => {
    const { mod, life } = load();
    const { a } = known(33);
    expect(mod.eigvalshThreads(a, 34)).toBeUndefined();
    expect(mod.eigvalshThreads({ rows: 3, cols: 4, data: new Float64Array(12) }, 0)).toBeUndefined();
    expect(mod.eigvalshThreads(a)).toBeUndefined();
    expect(life.constructed).toBe(0);
    expect(mod.eigvalshThreads(a, 33)).toBeInstanceOf(Float64Array);
    const big = symmetricGaussian(new Rng('threads-mutants-512'), 512);
    const one = eigh({ a: big, vectors: false }).values;
    const norm2 = Math.max(-one[0]!, one[511]!);
    expect(mod.eigvalshThreads(big)).toBeAllClose(one, { rtol: 0, atol: 8 * 512 * U * norm2 });
    expect(mod.eigvalshThreads({ rows: 511, cols: 511, data: big.data.subarray(0, 511 * 511) })).toBeUndefined();
    expect(mod.EIG_THREADS_MIN_N).toBe(512);
  });

  // Killed here: `resolveThreads() < 2` made `<= 2` or false.
  it('not with SOFTMAX_NTK_THREADS=1; with 2', () => {
    const { mod, life } = load();
    const { a } = known(33);
    process.env['SOFTMAX_NTK_THREADS'] = '1';
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    expect(life.constructed).toBe(0);
    process.env['SOFTMAX_NTK_THREADS'] = '2';
    expect(mod.eigvalshThreads(a, 0)).toBeInstanceOf(Float64Array);
  });

  // Killed here: the feature checks of `workerThreads` (their `typeof` strings, `||` made `&&`, the optional calls).
  // Each declines before a worker is started, so the same module afterwards runs on two threads.
  it('not without SharedArrayBuffer, Atomics, process.getBuiltinModule or node:worker_threads', () => {
    const { mod, life, builtins } = load();
    const { a } = known(33);
    const g = globalThis as Record<string, unknown>;
    for (const name of ['SharedArrayBuffer', 'Atomics']) {
      const saved = g[name];
      delete g[name];
      try {
        expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
      } finally {
        g[name] = saved;
      }
    }
    // (with SOFTMAX_NTK_THREADS set, `workerThreads` is the only caller of getBuiltinModule)
    builtins.mockImplementationOnce(() => {
      throw new Error('no built-ins here');
    });
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    builtins.mockImplementationOnce(() => undefined);
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    expect(withoutGetBuiltinModule(() => mod.eigvalshThreads(a, 0))).toBeUndefined();
    expect(life.constructed).toBe(0);
    expect(mod.eigvalshThreads(a, 0)).toBeInstanceOf(Float64Array);
    expect(life.constructed).toBe(1);
  });

  // Killed here: `bytes > MAX_PAGES·PAGE` made false (the memory could not be made, and the path would be given up
  // for good) or its product mutated.
  it('not beyond wasm32’s 4 GiB (n = 23,200), and that does not give the path up', () => {
    const { mod, life } = load();
    // The size alone decides: the data is never read.
    expect(mod.eigvalshThreads({ rows: 23200, cols: 23200, data: new Float64Array(0) }, 0)).toBeUndefined();
    expect(life.constructed).toBe(0);
    expect(mod.eigvalshThreads(known(33).a, 0)).toBeInstanceOf(Float64Array);
  });
});

describe('eigvalshThreads: an idle or a busy machine', () => {
  /**
   * A second call's values on a fresh module seeing `os`, the jobs it posted to the worker (ctrl[0] counts them) and
   * the idle flag it left at byte 252 of the control block.
   */
  function call(os: Record<string, unknown>): { values: Float64Array; jobs: number; flag: number } {
    const { mod, life } = load(undefined, os);
    const { a } = known(300);
    twoThreads(mod, a);
    const { memory } = life.options[0]!.workerData as { memory: { buffer: SharedArrayBuffer } };
    const words = new Int32Array(memory.buffer, KERNELS_BASE, 64);
    const before = Atomics.load(words, 0);
    const values = twoThreads(mod, a);
    return { values, jobs: Atomics.load(words, 0) - before, flag: Atomics.load(words, 63) };
  }
  const cores = (load: number): Record<string, unknown> => osWithLoad(load);

  // Killed here: the idle test (its comparison, the ½, either fallback), the flag's store, and the column update's
  // split: its conditions (i > 0, n − j ≥ minSplit, the flag) in the exact count of extra jobs, and its ranges in the
  // bitwise equality (each entry's arithmetic is the same on either thread, so any other split changes a value).
  it('idle (1-minute load ≤ cores + ½, or no load to read): each long column update split with the worker, bitwise the busy result', () => {
    const idle = call(cores(2.5));
    const busy = call(cores(2.51));
    expect([idle.flag, busy.flag]).toEqual([1, 0]);
    expect(call({ loadavg: undefined }).flag).toBe(1);
    expect(call({ availableParallelism: undefined }).flag).toBe(1);
    // n = 300, minSplit = 128: columns j = 1…172 but the panels' first (32, 64, 96, 128, 160) have earlier
    // reflectors in their panel and n − j ≥ 128: one more job each.
    expect(idle.jobs - busy.jobs).toBe(167);
    expect(Array.from(idle.values)).toEqual(Array.from(busy.values));
    expect(idle.values).toBeAllClose(known(300).lambda, { rtol: 0, atol: 8 * 300 * U * 2 + 8 * U });
  });
});

describe('eigvalshThreads: the worker', () => {
  // Killed here: `state ??=` (a worker per call), `worker.unref()` dropped, the worker's data (module, memory and
  // control block at KERNELS_BASE), the memory grown by whole pages when a larger matrix comes (`Math.ceil` → floor,
  // the page count), and kept, not regrown, for a smaller one (`byteLength < bytes` made true: a negative grow).
  it('one worker, unref’d, for calls of growing and shrinking sizes, the same bits as a fresh one', () => {
    const { mod, life } = load();
    const small = known(33).a;
    const large = known(161).a;
    const s1 = twoThreads(mod, small);
    const l1 = twoThreads(mod, large); // grows the memory
    const s2 = twoThreads(mod, small);
    expect(life.constructed).toBe(1);
    expect(life.unrefs).toBe(1);
    expect(life.terminates).toBe(0);
    const data = life.options[0]!.workerData as { module: unknown; memory: unknown; ctrl: number };
    expect(data.ctrl).toBe(KERNELS_BASE);
    expect(Object.prototype.toString.call(data.module)).toBe('[object WebAssembly.Module]');
    expect(Object.prototype.toString.call(data.memory)).toBe('[object WebAssembly.Memory]');
    expect(life.options[0]!.eval).toBe(true);
    expect(Array.from(s2)).toEqual(Array.from(s1));
    // A fresh module, whose memory is made for the large matrix at once: the same bits.
    const { mod: other } = load();
    expect(Array.from(twoThreads(other, large))).toEqual(Array.from(l1));
  });

  // Killed here: stopEigThreads not clearing the state (the next call would hand work to a worker told to quit), not
  // telling the worker to quit or not terminating it, and failing when nothing is running.
  it('stopEigThreads ends the worker; the next call starts another, with the same bits; stopping twice is harmless', () => {
    const { mod, life } = load();
    const { a } = known(161);
    const first = twoThreads(mod, a);
    mod.stopEigThreads();
    expect(life.terminates).toBe(1);
    mod.stopEigThreads();
    expect(life.terminates).toBe(1);
    expect(Array.from(twoThreads(mod, a))).toEqual(Array.from(first));
    expect(life.constructed).toBe(2);
  });

  // Killed here: a worker that could not instantiate the module being used anyway (`!== 0` made false), not
  // terminated, or retried on every call (`unavailable` not set, or not checked).
  it('a worker that fails to start is terminated and the path given up: later calls decline without a new one', () => {
    const { mod, life } = load(failAt('const { exports } = new WebAssembly.Instance(module, { env });'));
    const { a } = known(33);
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    expect(life.constructed).toBe(1);
    expect(life.terminates).toBe(1);
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    expect(life.constructed).toBe(1);
  });

  // Killed here: the wait for a new worker not bounded (`Date.now() < deadline` made true: it would wait forever) and
  // a worker that never became ready being used anyway (`!== 0` made false: the first hand-off would never return).
  // Its 10 s limit is passed at once: Date.now jumps past it after the first look.
  it('a worker that never becomes ready is given up at the start deadline, and terminated', () => {
    // It never marks itself ready (ctrl[3] stays 1) and blocks until a job is posted.
    const { mod, life } = load((script) => {
      const ready = 'Atomics.store(flags, 3, 0);\n  exports.serve(ctrl);';
      if (!script.includes(ready)) throw new Error('the worker script has no ready-and-serve lines');
      return script.replace(ready, 'Atomics.wait(flags, 0, 0);');
    });
    const t0 = Date.now();
    let looks = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => (looks++ === 0 ? t0 : t0 + 60_000));
    expect(mod.eigvalshThreads(known(33).a, 0)).toBeUndefined();
    expect(life.terminates).toBe(1);
    expect(mod.eigvalshThreads(known(33).a, 0)).toBeUndefined();
    expect(life.constructed).toBe(1);
  });

  // Killed here: the check after each panel (`Atomics.load(flags, 3) !== 0` made false: the worker's halves were
  // never done), and the worker kept after it failed (`|| unavailable` made `&&`).
  it('a worker that fails on its first job: undefined, the worker stopped, the path given up', () => {
    // Ready (ctrl[3] = 0), then it waits for the first job (ctrl[0] leaves 0) and fails.
    const { mod, life } = load(failAt('exports.serve(ctrl);', 'Atomics.wait(flags, 0, 0); '));
    const { a } = known(161);
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    expect(life.terminates).toBe(1);
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    expect(life.constructed).toBe(1);
  });

  // Killed here: a region's name made "" in the layout or a lookup (`at('t')`, …): the lookup gives undefined, which
  // the views and the kernels take as byte offset 0, so the region lands on the first page, below the control block,
  // which the module leaves alone (it has no data segment or globals); the answers stay right there.
  it("writes nothing below the control block: the shared memory's first page stays 0", () => {
    const { mod, life } = load();
    const { a, lambda } = known(161);
    expect(twoThreads(mod, a)).toBeAllClose(lambda, { rtol: 0, atol: 8 * 161 * U * 2 + 8 * U });
    const { memory } = life.options[0]!.workerData as { memory: { buffer: SharedArrayBuffer } };
    expect(new Float64Array(memory.buffer, 0, KERNELS_BASE / 8).every((x) => x === 0)).toBe(true);
  });

  // Killed here: a worker that failed to start being kept until the first panel's check (`!== 0` made false, or its
  // block emptied): the path must decline before it reads the matrix, as for any other missing worker.
  it('a worker that fails to start: the path declines before reading the matrix (no refusal of its entries)', () => {
    const { mod } = load(failAt('const { exports } = new WebAssembly.Instance(module, { env });'));
    const { a } = known(33);
    a.data[3 * 33 + 7] = Infinity;
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
  });

  // Killed here: `start`'s and the growth's `catch { return undefined }` emptied: the call would go on without a
  // memory, or with one too small, and throw.
  it('no shared memory to be had: declines (and gives the path up); a memory that cannot grow: declines that call', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { Memory: () => never } }).WebAssembly;
    const { mod } = load();
    const { a } = known(33);
    const refuse = jest.spyOn(wasm, 'Memory').mockImplementation(() => {
      throw new RangeError('no shared memory here');
    });
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();
    refuse.mockRestore();
    expect(mod.eigvalshThreads(a, 0)).toBeUndefined();

    const { mod: other, life } = load();
    const small = twoThreads(other, a);
    const { memory } = life.options[0]!.workerData as { memory: { grow: (pages: number) => number } };
    const grow = jest.spyOn(memory, 'grow').mockImplementation(() => {
      throw new RangeError('cannot grow');
    });
    const large = known(161).a;
    expect(other.eigvalshThreads(large, 0)).toBeUndefined();
    grow.mockRestore();
    expect(Array.from(twoThreads(other, a))).toEqual(Array.from(small));
    expect(twoThreads(other, large)).toBeInstanceOf(Float64Array);
  });

  // Killed here: the growth's page count (`bytes − byteLength` → `+`: a larger memory than the matrix needs). The
  // layout past the control block (65,536 + 256 bytes) is, in float64s, A (n4²), W (32·n4), X and Y (64·n4 each),
  // T (64), d, e, τ and the symv buffer (n4 each): 65,792 + 8·(n4² + 164·n4 + 64) bytes.
  it('the memory is made, and grown, to the pages its layout needs', () => {
    const { mod, life } = load();
    const pages = (n: number) => {
      const n4 = Math.ceil(n / 4) * 4;
      return Math.ceil((65792 + 8 * (n4 * n4 + 164 * n4 + 64)) / 65536);
    };
    twoThreads(mod, known(33).a);
    const { memory } = life.options[0]!.workerData as { memory: { buffer: SharedArrayBuffer } };
    expect(memory.buffer.byteLength).toBe(pages(33) * 65536);
    twoThreads(mod, known(161).a);
    expect(memory.buffer.byteLength).toBe(pages(161) * 65536);
    expect([pages(33), pages(161)]).toEqual([2, 8]);
  });
});

/** The jobs posted to the worker so far (ctrl[0] of the shared memory the module handed it). */
function jobsPosted(life: Life): number {
  const { memory } = life.options[0]!.workerData as { memory: { buffer: SharedArrayBuffer } };
  return Atomics.load(new Int32Array(memory.buffer, KERNELS_BASE, 4), 0);
}

describe('withEigThreads: the full product split by rows', () => {
  /**
   * C ← C − A·Bᵀ (C m × n with leading dimension n + 6, A m × k with k + 2, B n × k with k + 4, seeded values) by
   * the two-thread `gemmSub` at `share`, the jobs it posted, and the same product by one thread's kernel.
   */
  function product(m: number, n: number, k: number, share?: number): { two: number[]; one: number[]; jobs: number } {
    const { mod, life } = load();
    const rng = new Rng(`gemm-rows-${m}-${n}-${k}`);
    const [ldc, lda, ldb] = [n + 6, k + 2, k + 4];
    const c = Array.from({ length: m * ldc }, () => rng.normal());
    const a = Array.from({ length: m * lda }, () => rng.normal());
    const b = Array.from({ length: n * ldb }, () => rng.normal());
    const at = mod.EIG_THREADS_BASE;
    const [pa, pb] = [at + 8 * c.length, at + 8 * (c.length + a.length)];
    const bytes = pb + 8 * b.length - KERNELS_BASE;
    let jobs = -1;
    const run = (k2: { memory: { buffer: ArrayBufferLike }; gemmSub: Threads.EigThreads['gemmSub'] }): number[] => {
      const view = new Float64Array(k2.memory.buffer, at, c.length + a.length + b.length);
      view.set([...c, ...a, ...b]);
      k2.gemmSub(at, ldc, pa, lda, pb, ldb, m, n, k, 0);
      return Array.from(view.subarray(0, c.length));
    };
    const two = mod.withEigThreads(
      bytes,
      (t) => {
        const before = jobsPosted(life);
        const out = run(t);
        jobs = jobsPosted(life) - before;
        return out;
      },
      share,
    );
    if (two === undefined) throw new Error('the two-thread path declined');
    const pool = jest.requireActual<typeof import('../../wasm/kernels')>('../../wasm/kernels');
    const k1 = pool.acquireKernels('eig', bytes, 'the one-thread product');
    try {
      return { two, one: run(k1), jobs };
    } finally {
      pool.releaseKernels('eig', k1);
    }
  }

  // Killed here: the row split (`m − ⌊m·share⌋` rounded to 4: the worker's first row, its C and A offsets, the rows
  // each side takes), the arguments written for the worker (each leading dimension differs), and the thresholds: 128
  // rows and 2¹⁸ multiply–adds (m·n·k = 128·64·32 = 2¹⁸ exactly).
  it.each([
    [128, 64, 32, undefined, 1],
    [124, 66, 32, undefined, 0],
    [128, 62, 32, undefined, 0],
    [260, 70, 30, undefined, 1],
    [260, 70, 30, 0.3, 1],
    [132, 2048, 2, 0.9, 1],
  ])('m = %i, n = %i, k = %i, share %s: bitwise one thread’s product; %i job(s) posted', (m, n, k, share, want) => {
    const { two, one, jobs } = product(m, n, k, share);
    expect(two).toEqual(one);
    expect(jobs).toBe(want);
  });
});

describe('withEigThreads: gathers and transpositions split by rows', () => {
  /**
   * `move` on the two-thread kernels at `share`, from `size` seeded float64s at `base` to the next `size` (all −1
   * before): the source, the destination after, and the jobs it posted.
   */
  function moved(
    size: number,
    move: (t: Threads.EigThreads, base: number) => void,
    share?: number,
  ): { src: Float64Array; out: Float64Array; jobs: number } {
    const { mod, life } = load();
    const base = mod.EIG_THREADS_BASE;
    const rng = new Rng(`moves-${size}`);
    const out = mod.withEigThreads(
      2 * 8 * size + 4 * size,
      (t) => {
        const view = new Float64Array(t.memory.buffer, base, 2 * size);
        for (let i = 0; i < size; i++) view[i] = rng.normal();
        view.fill(-1, size);
        const before = jobsPosted(life);
        move(t, base);
        return { src: view.slice(0, size), out: view.slice(size), jobs: jobsPosted(life) - before };
      },
      share,
    );
    if (out === undefined) throw new Error('the two-thread path declined');
    return out;
  }

  // Killed here: the worker's first row (rows − ⌊rows·share⌋), each argument written for it, the ranges each side
  // takes, and the threshold of 2¹⁶ entries (256 · 256 exactly; 255 · 257 one short). The source's leading
  // dimension (cols + 3) and the destination's (count + 5) differ, so a swapped stride shows.
  it.each([
    [256, 256, undefined, 1],
    [255, 257, undefined, 0],
    [301, 300, 0.3, 1],
  ])(
    'gatherRows, %i rows × %i columns, share %s: dst[r, f] = src[r, idx[f]]; %i job(s)',
    (rows, count, share, want) => {
      const lds = count + 3;
      const ldd = count + 5;
      const idx = Array.from({ length: count }, (_, f) => (f * 7 + 3) % lds);
      const size = rows * Math.max(lds, ldd);
      const { src, out, jobs } = moved(
        size,
        (t, base) => {
          const at = base + 16 * size;
          new Int32Array(t.memory.buffer, at, count).set(idx);
          t.gatherRows(base + 8 * size, ldd, base, lds, at, count, rows);
        },
        share,
      );
      const expected = new Float64Array(size).fill(-1);
      for (let r = 0; r < rows; r++)
        for (let f = 0; f < count; f++) expected[r * ldd + f] = src[r * lds + (idx[f] as number)] as number;
      expect(Array.from(out)).toEqual(Array.from(expected));
      expect(jobs).toBe(want);
    },
  );

  it.each([
    [256, 256, undefined, 1],
    [257, 255, undefined, 0],
    [301, 13, 0.3, 0],
    [1031, 67, 0.3, 1],
  ])('transposeRows, %i rows × %i columns, share %s: dst[c, r] = src[r, c]; %i job(s)', (rows, cols, share, want) => {
    const lds = cols + 3;
    const ldd = rows + 5;
    const size = Math.max(rows * lds, cols * ldd);
    const move = (t: Threads.EigThreads, base: number): void =>
      t.transposeRows(base + 8 * size, ldd, base, lds, rows, cols);
    const { src, out, jobs } = moved(size, move, share);
    const expected = new Float64Array(size).fill(-1);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expected[c * ldd + r] = src[r * lds + c] as number;
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(jobs).toBe(want);
  });
});

describe('withEigThreads: the O(n²) steps of D&C’s merges in WebAssembly', () => {
  /**
   * Divide and conquer of the n × n tridiagonal (d, e) by `stedcIn` on the two-thread kernels at `share` (steps 2 and 3
   * of each merge by `mergeSecular`: its k and the jobs it posted, per call; the gathers of Q's columns by
   * `gatherRows`, likewise), and by `stedc` (one thread, all in TypeScript).
   */
  function both(d: Float64Array, e: Float64Array, share?: number) {
    const { mod, life } = load();
    const n = d.length;
    const ldq = up4(n);
    const { at, bytes } = layoutArrays({ q: n * ldq, ...stedcScratch(n) }, 8, mod.EIG_THREADS_BASE);
    const calls: { k: number; jobs: number }[] = [];
    const gathers: { entries: number; jobs: number }[] = [];
    const two = mod.withEigThreads(
      bytes,
      (t) => {
        const Q = new Float64Array(t.memory.buffer, at.q, n * ldq);
        Q.fill(0);
        const values = d.slice();
        const stats = stedcIn(
          {
            memory: t.memory,
            gemmSub: (...args) => t.gemmSub(...args),
            mergeSecular(k, rho, sec, ub, ld) {
              const before = jobsPosted(life);
              t.mergeSecular(k, rho, sec, ub, ld);
              calls.push({ k, jobs: jobsPosted(life) - before });
            },
            gatherRows(...args) {
              const before = jobsPosted(life);
              t.gatherRows(...args);
              gathers.push({ entries: args[5] * args[6], jobs: jobsPosted(life) - before });
            },
            transposeRows: () => {
              throw new Error('D&C transposes nothing');
            },
          },
          n,
          values,
          e.slice(),
          { q: at.q, ldq, qc: at.qc, qo: at.qo, ub: at.ub, sec: at.sec },
        );
        const vectors = new Float64Array(n * n);
        for (let r = 0; r < n; r++) vectors.set(Q.subarray(r * ldq, r * ldq + n), r * n);
        return { values, vectors, stats };
      },
      share,
    );
    if (two === undefined) throw new Error('the two-thread path declined');
    return { two, one: stedc(d, e), calls, gathers };
  }

  // Killed here: the route to the kernel (the workspace and the method both needed), what is copied in (dl, zz, pos)
  // and out (the roots, both threads' iteration counts), the zero row of an odd k, and the threshold (k ≥ 128: three
  // jobs, one per step; below: none). The arithmetic in assembly/eigThreads.ts is stedc.ts's in the same order, so the
  // result is the one-thread TypeScript's to the bit, whichever thread solved a root.
  it.each([
    ['random', 300, undefined],
    ['random, the worker’s share 0.3', 301, 0.3],
    ['clustered (most poles deflate)', 260, undefined],
  ])('%s, n = %i: the values, vectors and iteration counts of one thread, bit for bit', (kind, n, share) => {
    // Near-Toeplitz (2, 1): delocalised eigenvectors, so the top merges keep most poles (a tridiagonal with random
    // entries has localised ones and deflates nearly all); clustered: blocks of equal diagonal, tiny couplings.
    const rng = new Rng(`secular-${n}`);
    const clustered = kind.startsWith('clustered');
    const d = Float64Array.from({ length: n }, (_, i) =>
      clustered ? Math.floor(i / 40) + 1e-13 * rng.normal() : 2 + 0.1 * rng.normal(),
    );
    const e = Float64Array.from({ length: n - 1 }, () => (clustered ? 1e-9 * rng.normal() : 1 + 0.1 * rng.normal()));
    const { two, one, calls, gathers } = both(d, e, share);
    expect(Array.from(two.values)).toEqual(Array.from(one.values));
    expect(Array.from(two.vectors)).toEqual(Array.from(one.vectors));
    expect(two.stats).toEqual(one.stats);
    expect(calls.length).toBeGreaterThan(3);
    for (const { k, jobs } of calls) expect(jobs).toBe(k >= 128 ? 3 : 0);
    if (clustered) expect(calls.every(({ k }) => k < 128)).toBe(true);
    else expect(calls.some(({ k }) => k >= 128)).toBe(true);
    expect(calls.some(({ k }) => k % 2 === 1)).toBe(true);
    // Each merge gathers Q's kept columns, then writes Q's block back (both in two row ranges), and copies the deflated
    // columns when there are any: split from 2¹⁶ entries.
    expect(gathers.length).toBeGreaterThanOrEqual(3 * calls.length);
    for (const { entries, jobs } of gathers) expect(jobs).toBe(entries >= 2 ** 16 ? 1 : 0);
    expect(gathers.some(({ jobs }) => jobs === 1)).toBe(!clustered);
  });
});

describe('withEigThreads: mergeSecular on its own', () => {
  // Killed here: the threshold (k ≥ 128 split, three jobs; 127 not) and each root against stedc's TypeScript
  // `secularRoot`, bit for bit, with the iteration counts of both threads, whichever thread solved a root.
  it.each([
    [127, 0],
    [128, 3],
  ])('k = %i poles: the roots and differences of secularRoot, bit for bit; %i jobs', (k, want) => {
    const { mod, life } = load();
    const ld = mergeLd(k);
    const rng = new Rng(`merge-secular-${k}`);
    const dl = Float64Array.from({ length: k }, (_, i) => i + 0.5 * rng.uniform());
    const zz = Float64Array.from({ length: k }, () => rng.normal());
    const norm = Math.hypot(...zz);
    zz.forEach((x, i) => (zz[i] = x / norm));
    const rho = 1.7;
    const { at, bytes } = layoutArrays({ ub: ld * ld, sec: stedcScratch(k).sec }, 8, mod.EIG_THREADS_BASE);
    const two = mod.withEigThreads(bytes, (t) => {
      const S = new Float64Array(t.memory.buffer, at.sec, (SEC_SLOT.idx + 1) * ld);
      S.set(dl, SEC_SLOT.dl * ld);
      S.set(zz, SEC_SLOT.zz * ld);
      new Int32Array(t.memory.buffer, at.sec + 8 * SEC_SLOT.pos * ld, k).set(Array.from({ length: k }, (_, p) => p));
      const before = jobsPosted(life);
      t.mergeSecular(k, rho, at.sec, at.ub, ld);
      return {
        jobs: jobsPosted(life) - before,
        roots: S.slice(SEC_SLOT.roots * ld, SEC_SLOT.roots * ld + k),
        iterations: S[SEC_SLOT.stats * ld]! + S[SEC_SLOT.stats * ld + 1]!,
      };
    });
    if (two === undefined) throw new Error('the two-thread path declined');
    const stats = { iterations: 0 };
    const roots = Float64Array.from({ length: k }, (_, i) =>
      secularRoot(k, dl, zz, rho, i, new Float64Array(k), stats),
    );
    expect(Array.from(two.roots)).toEqual(Array.from(roots));
    expect(two.iterations).toBe(stats.iterations);
    expect(two.jobs).toBe(want);
  });
});

describe('eighWasm with vectors on two threads', () => {
  // Killed here: the route to the two-thread path (`how === 'dc'`, `n >= minThreads`), its layout past the control
  // block, the reduction's and D&C's arguments, and the fallback when it declines. The worker takes jobs from 128 rows
  // (its halves of the reduction's symv, of the trailing updates and of the large products), and the eigenpairs are
  // right: residual and orthogonality within 8·n·u (‖A‖₂ ≤ 2).
  it.each([33, 70, 161, 300])('n = %i: eigenpairs of a known spectrum, with the worker', (n) => {
    const { ew, life } = load();
    const { a, lambda } = known(n);
    const { values, v } = ew.eighWasm(a.data, n, true, 0);
    expect(life.constructed).toBe(1);
    // Below 128 rows nothing is split (the path still runs, on the worker's memory); from 161 the worker takes jobs.
    if (n < 128) expect(jobsPosted(life)).toBe(0);
    else expect(jobsPosted(life)).toBeGreaterThan(20);
    expect(values).toBeAllClose(lambda, { rtol: 0, atol: 8 * n * U * 2 + 8 * U });
    const { orth, residual } = decompositionErrors(a, values, { rows: n, cols: n, data: v! });
    expect(orth).toBeLessThanOrEqual(8 * n * U);
    expect(residual).toBeLessThanOrEqual(8 * n * U * 2);
    // The one-thread path (SOFTMAX_NTK_THREADS=1): the same values to the same bound, no new worker; from 128 rows
    // not the same bits (the symv's halves are summed in another order), so the two-thread result is the one returned.
    process.env['SOFTMAX_NTK_THREADS'] = '1';
    const one = ew.eighWasm(a.data, n, true, 0);
    expect(one.values).toBeAllClose(values, { rtol: 0, atol: 8 * n * U * 2 });
    expect(life.constructed).toBe(1);
    if (n > 128) expect(Array.from(one.v!)).not.toEqual(Array.from(v!));
  });

  // Killed here: the threshold (default 512, `>=`), and values only staying on one thread.
  it('from n = minThreads (default 512) and only with vectors', () => {
    const { ew, life } = load();
    const { a } = known(33);
    ew.eighWasm(a.data, 33, true, 34);
    ew.eighWasm(a.data, 33, true);
    ew.eighWasm(a.data, 33, false, 0);
    expect(life.constructed).toBe(0);
    ew.eighWasm(a.data, 33, true, 33);
    expect(life.constructed).toBe(1);
  });

  // Killed here: the memory asked for (the 'dc' layout from EIG_THREADS_BASE: 65,536 + its bytes, in whole pages), and
  // a region's name made "" in a lookup (offset 0: the region would land on the first page, which the answers do not
  // show; n = 161 splits the symv, so its buffer 'yb' is written).
  it('the shared memory is made to the pages of the divide-and-conquer layout past the control block', () => {
    const { ew, life } = load();
    ew.eighWasm(known(161).a.data, 161, true, 0);
    const { memory } = life.options[0]!.workerData as { memory: { buffer: SharedArrayBuffer } };
    const pages = Math.ceil((KERNELS_BASE + eigLayout(161, 'dc', KERNELS_BASE + 256).bytes) / 65536);
    expect(memory.buffer.byteLength).toBe(pages * 65536);
    expect(new Float64Array(memory.buffer, 0, KERNELS_BASE / 8).every((x) => x === 0)).toBe(true);
  });

  // Killed here: a failed worker's jobs taken as done (the check after each kernel call dropped) and the path not
  // given up: eigh falls back to one thread with the right answer, and later calls start no worker.
  it('a worker that fails on its first job: the one-thread result, the worker stopped, the path given up', () => {
    const { ew, life } = load(failAt('exports.serve(ctrl);', 'Atomics.wait(flags, 0, 0); '));
    const { a, lambda } = known(161);
    const { values, v } = ew.eighWasm(a.data, 161, true, 0);
    expect(life.terminates).toBe(1);
    expect(values).toBeAllClose(lambda, { rtol: 0, atol: 8 * 161 * U * 2 + 8 * U });
    expect(decompositionErrors(a, values, { rows: 161, cols: 161, data: v! }).residual).toBeLessThanOrEqual(
      8 * 161 * U * 2,
    );
    ew.eighWasm(a.data, 161, true, 0);
    expect(life.constructed).toBe(1);
  });
});
