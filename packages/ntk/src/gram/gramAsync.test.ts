import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { canLoad, itWhen, TOLERANCES } from '@softmax-ntk/test-helpers';
import { expectSymmetric, expOverflowNet, makeNet } from '../../test/fixtures';
import { gramFactors32, releaseFactors } from '../internal/gramFactors32';
import { runAllTiles } from '../internal/gramTiles';
import { poolSize, runOnPool } from '../internal/gramPool';
import { gram } from './gram';
import { gramAsync, gramAsyncTiled } from './gramAsync';
import { terminateGramWorkers } from './terminateGramWorkers';

beforeAll(async () => {
  await initBackend();
});

afterAll(async () => {
  await terminateGramWorkers();
});

const savedEnv = process.env['SOFTMAX_NTK_THREADS'];
afterEach(() => {
  if (savedEnv === undefined) delete process.env['SOFTMAX_NTK_THREADS'];
  else process.env['SOFTMAX_NTK_THREADS'] = savedEnv;
});

describe('Definition 3.6: H(W) in float32 on worker threads (gramAsync)', () => {
  // Block sizes that do not divide nd, so the last row and column blocks are short.
  const cases = [
    { n: 100, dIn: 3, dOut: 3, m: 64, seed: 21, tile: 256 }, // nd = 300: blocks 256 + 44, 3 tiles
    { n: 9, dIn: 3, dOut: 3, m: 40, seed: 22, tile: 7 }, // nd = 27: blocks 7, 7, 7, 6, 10 tiles
    { n: 11, dIn: 2, dOut: 1, m: 32, seed: 23, tile: 4 }, // scalar output, nd = 11: blocks 4, 4, 3
    { n: 50, dIn: 3, dOut: 2, m: 24, seed: 27, tile: 40 }, // nd = 100: blocks 40, 40, 20; build chunks of 32 rows span block boundaries
  ];
  it.each(cases)(
    'threads 1, 2 and 3 give bitwise the same H as gram, within float32 tolerance of float64 (n=$n, d=$dOut, m=$m, tile $tile)',
    async (c) => {
      const net = makeNet(c);
      const before = tf.memory().numTensors;
      const serial = gram({ ...net, precision: 'float32' });
      const H64 = gram(net);
      for (const threads of [1, 2, 3]) {
        const H = await gramAsyncTiled({ ...net, precision: 'float32', threads }, c.tile);
        expect([H.rows, H.cols]).toEqual([serial.rows, serial.cols]);
        expect(H.data).toBeAllClose(H64.data, TOLERANCES.float32);
        expectSymmetric(H);
        // each tile is the same product on every thread: not merely close, equal
        expect(Array.from(H.data)).toEqual(Array.from(serial.data));
      }
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('the tfjs tile kernel (tfjs-node, WebGL) gives H within float32 tolerance of float64, in-thread and on workers', async () => {
    // On wasm and cpu the tiles run in linalg's SIMD kernel; the tfjs kernel (matMul of c and cT blocks) is what
    // other backends use, exercised here on this one. Tiles 7 and 40: short last blocks, chunks across blocks.
    for (const [c, tile] of [
      [{ n: 9, dIn: 3, dOut: 3, m: 40, seed: 22 }, 7],
      [{ n: 50, dIn: 3, dOut: 2, m: 24, seed: 27 }, 40],
    ] as const) {
      const net = makeNet(c);
      const H64 = gram(net);
      const inThread = gramFactors32({ ...net, activation: 'softmax' }, tile, false, 'tfjs');
      runAllTiles(inThread);
      const pooled = gramFactors32({ ...net, activation: 'softmax' }, tile, true, 'tfjs');
      await runOnPool(pooled, 2, tf.getBackend() as BackendName);
      for (const p of [inThread, pooled]) {
        expect(p.cT.length).toBe(p.c.length);
        expect(p.out).toBeAllClose(H64.data, TOLERANCES.float32);
        expectSymmetric({ rows: p.nd, data: p.out });
        releaseFactors(p);
      }
      expect(Array.from(pooled.out)).toEqual(Array.from(inThread.out));
    }
  });

  it('the baselines (relu, exp) through the workers agree with float64', async () => {
    const net = makeNet({ n: 10, dIn: 3, dOut: 2, m: 48, seed: 24, symmetric: false });
    for (const activation of ['relu', 'exp'] as const) {
      const H = await gramAsyncTiled({ ...net, activation, precision: 'float32', threads: 2 }, 6);
      expect(H.data).toBeAllClose(gram({ ...net, activation }).data, TOLERANCES.float32);
      expect(Array.from(H.data)).toEqual(Array.from(gram({ ...net, activation, precision: 'float32' }).data));
    }
  });

  it('uses the default block size and keeps its workers between calls', async () => {
    const net = makeNet({ n: 130, dIn: 4, dOut: 4, m: 32, seed: 25 }); // nd = 520: blocks 256, 256, 8
    const a = await gramAsync({ ...net, precision: 'float32', threads: 2 });
    const size = poolSize(); // ≥ 2: a pool grows to the most threads asked for, and earlier tests asked for 3
    expect(size).toBeGreaterThanOrEqual(2);
    const b = await gramAsync({ ...net, precision: 'float32', threads: 2 });
    expect(poolSize()).toBe(size);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(a.data).toBeAllClose(gram(net).data, TOLERANCES.float32);
  });

  it('float64 is gram’s float64 (threads only split the float32 product)', async () => {
    const net = makeNet({ n: 6, dIn: 3, dOut: 2, m: 16, seed: 26 });
    expect(Array.from((await gramAsync({ ...net, threads: 2 })).data)).toEqual(Array.from(gram(net).data));
  });

  it('takes the thread count from SOFTMAX_NTK_THREADS when the option is absent', async () => {
    const net = makeNet({ n: 9, dIn: 3, dOut: 3, m: 40, seed: 22 });
    process.env['SOFTMAX_NTK_THREADS'] = '2';
    const H = await gramAsyncTiled({ ...net, precision: 'float32' }, 7);
    expect(poolSize()).toBeGreaterThanOrEqual(2);
    expect(Array.from(H.data)).toEqual(Array.from(gram({ ...net, precision: 'float32' }).data));
  });

  it('rejects a bad thread count, naming its source and value', async () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 8 });
    for (const threads of [0, -1, 1.5, NaN, '2' as never]) {
      await expect(gramAsync({ ...net, precision: 'float32', threads })).rejects.toThrow(
        `invalid argument: threads: expected a positive integer, got ${typeof threads === 'string' ? JSON.stringify(threads) : String(threads)}`,
      );
    }
    process.env['SOFTMAX_NTK_THREADS'] = 'two';
    await expect(gramAsync({ ...net, precision: 'float32' })).rejects.toThrow(
      'invalid environment: SOFTMAX_NTK_THREADS must be a positive integer, got "two"',
    );
    process.env['SOFTMAX_NTK_THREADS'] = '0';
    await expect(gramAsync({ ...net, precision: 'float32' })).rejects.toThrow(
      'SOFTMAX_NTK_THREADS must be a positive integer, got "0"',
    );
  });

  it('rejects invalid inputs as gram does, before starting any work', async () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 4 });
    const w = { ...net.w, data: net.w.data.slice() };
    w.data[3] = NaN;
    await expect(gramAsync({ ...net, w, precision: 'float32', threads: 2 })).rejects.toThrow(
      'invalid argument: w[1][1]: expected a finite number, got NaN',
    );
    await expect(gramAsync({ ...net, x: { rows: 3, cols: 3, data: new Float64Array(9) }, threads: 2 })).rejects.toThrow(
      'invalid argument: x: expected d_in = 2 columns',
    );
  });

  it('an error inside a worker rejects with the worker and its message, and the pool stays usable', async () => {
    const net = makeNet({ n: 9, dIn: 3, dOut: 3, m: 40, seed: 22 });
    const problem = gramFactors32({ ...net, activation: 'softmax' }, 7, true);
    // c's shared memory with no output slot: each worker fails to attach at its first tile (one of them takes one)
    expect(problem.rowProducts?.slots).toBe(2);
    const broken = { ...problem, rowProducts: { ...problem.rowProducts!, slots: 0 } };
    // (one message, or both workers' joined by "; ")
    const refused = 'gram worker \\d+: invalid argument: slot: must be an integer in \\[0, 0\\), got [01]';
    await expect(runOnPool(broken, 2, 'wasm')).rejects.toThrow(new RegExp(`^${refused}(; ${refused})?$`));
    releaseFactors(problem);
    const H = await gramAsyncTiled({ ...net, precision: 'float32', threads: 2 }, 7);
    expect(Array.from(H.data)).toEqual(Array.from(gram({ ...net, precision: 'float32' }).data));
  });

  it('an error while the operands are built releases the other workers at the barrier, and the pool stays usable', async () => {
    const net = makeNet({ n: 9, dIn: 3, dOut: 3, m: 40, seed: 22 }); // nd = 27: one build chunk, so one worker waits at the barrier
    const problem = gramFactors32({ ...net, activation: 'softmax' }, 7, true);
    const softmax = problem.pending?.softmax;
    expect(softmax).toBeDefined();
    // no P: the worker that takes the chunk fails; without the abort slot the other would wait forever
    const broken = {
      ...problem,
      pending: { softmax: { ...(softmax as NonNullable<typeof softmax>), P: undefined as unknown as Float32Array } },
    };
    await expect(runOnPool(broken, 2, 'wasm')).rejects.toThrow(/^gram worker \d+: Cannot read properties of undefined/);
    releaseFactors(problem);
    const H = await gramAsyncTiled({ ...net, precision: 'float32', threads: 2 }, 7);
    expect(Array.from(H.data)).toEqual(Array.from(gram({ ...net, precision: 'float32' }).data));
  });

  // With tfjs-node installed the forced node backend starts, so there is nothing to refuse.
  itWhen(!canLoad('@tensorflow/tfjs-node'), 'tfjs-node is installed, so the node backend starts')(
    'a worker whose backend cannot start rejects with the backend and the reason',
    async () => {
      const net = makeNet({ n: 4, dIn: 2, dOut: 2, m: 8 });
      const problem = gramFactors32({ ...net, activation: 'softmax' }, 2, true);
      await expect(runOnPool(problem, 1, 'node')).rejects.toThrow(
        /gram worker \d+ could not start its node backend: backend "node" was requested but cannot be loaded/,
      );
      releaseFactors(problem);
    },
  );

  it('terminateGramWorkers stops every worker; the next call starts new ones', async () => {
    const net = makeNet({ n: 9, dIn: 3, dOut: 3, m: 40, seed: 22 });
    await gramAsyncTiled({ ...net, precision: 'float32', threads: 2 }, 7);
    await terminateGramWorkers();
    expect(poolSize()).toBe(0);
    const H = await gramAsyncTiled({ ...net, precision: 'float32', threads: 2 }, 7);
    expect(poolSize()).toBe(2);
    expect(Array.from(H.data)).toEqual(Array.from(gram({ ...net, precision: 'float32' }).data));
  });
});

describe('Definition 3.6: H(W) in float64, row bands shared with worker threads (gramAsync)', () => {
  it('threads 1, 2 and 3 give bitwise gram’s H, which matches the literal quadruple sum (nd = 520: 8 bands)', async () => {
    // nd = n·d_out = 130·4 = 520 ≥ 512, so the product is cut into bands (./internal/gramBands64)
    const net = makeNet({ n: 130, dIn: 3, dOut: 4, m: 24, seed: 31, symmetric: false });
    const serial = gram(net);
    expect(serial.data).toBeAllClose(
      reference.crossGram({ w: net.w, a: net.a, x1: net.x, x2: net.x, activation: 'softmax' }).data,
      TOLERANCES.float64,
    );
    for (const threads of [1, 2, 3]) {
      const H = await gramAsync({ ...net, precision: 'float64', threads });
      expect([H.rows, H.cols]).toEqual([520, 520]);
      expectSymmetric(H);
      // the same bands on every thread count: not merely close, equal
      expect(Array.from(H.data)).toEqual(Array.from(serial.data));
    }
  });

  it('exp baseline with logits past float64’s exp range (c in a new array, copied for the workers): bitwise gram’s H', async () => {
    const { w, a, x } = expOverflowNet();
    const serial = gram({ w, a, x, activation: 'exp' });
    const H = await gramAsync({ w, a, x, activation: 'exp', precision: 'float64', threads: 2 });
    expect(serial.data.every(Number.isFinite)).toBe(true);
    expect(serial.data[0]).toBeGreaterThan(1e280);
    expect(Array.from(H.data)).toEqual(Array.from(serial.data));
  });
});
