/**
 * Tests written for the mutation run of ./gramTiles.ts (bench/results/mutation/ntk-gram.json): gram.test.ts checks
 * the float32 H through `gram` (one 256-row tile, the `simd` kernel); these run the tile kernel itself on a problem
 * cut into several tiles and build chunks — blocks 10, 10, 10, 9 (a short last block), build chunks of 32 and 7 rows
 * (the first spanning all four cT blocks), m = 40 (two 32-column strips in the transposes) — with both kernels (the
 * `tfjs` kernel is otherwise run only by gramAsync.test.ts, left out of the mutation run) and both kinds of factors
 * (softmax: c pending; relu and exp: c complete), every entry against the float64 reference's literal sum, and pin
 * the tile order and counts exactly. The workers of `gramAsync` build chunks and run tiles in any order at once, so
 * chunks and tiles run here in reverse order too, and each tile alone must write exactly its own entries of H; the
 * operand cache is run with a two-block cap so that it evicts; the phase timings must add up.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { expectSymmetric, makeNet } from '../../test/fixtures';
import { gramFactors32, releaseFactors } from './gramFactors32';
import {
  buildChunk,
  CHUNK_ROWS,
  chunkCount,
  readView,
  runAllTiles,
  tileAt,
  tileCount,
  TileRunner,
  type TileKernel,
} from './gramTiles';

beforeAll(async () => {
  await initBackend();
});

// nd = 13·3 = 39, tiles of 10 rows
const net = makeNet({ n: 13, dIn: 3, dOut: 3, m: 40, seed: 31, symmetric: false });
const TILE = 10;

function tiled(activation: 'softmax' | 'relu' | 'exp', kernel: TileKernel): Float64Array {
  const p = gramFactors32({ ...net, activation }, TILE, false, kernel);
  try {
    p.out.fill(NaN); // every entry must be written
    const before = tf.memory().numTensors;
    runAllTiles(p);
    expect(tf.memory().numTensors).toBe(before); // the runner disposes its uploaded blocks and products
    return p.out.slice();
  } finally {
    releaseFactors(p);
  }
}

describe('Definition 3.6: the float32 tile kernel over several tiles and build chunks', () => {
  it.each([
    ['softmax', 'simd'],
    ['softmax', 'tfjs'],
    ['relu', 'simd'],
    ['relu', 'tfjs'],
    ['exp', 'tfjs'],
  ] as const)('%s, %s kernel: every entry of H is the literal sum, H exactly symmetric', (activation, kernel) => {
    const H = tiled(activation, kernel);
    expectSymmetric({ rows: 39, data: H });
    const want = reference.crossGram({ w: net.w, a: net.a, x1: net.x, x2: net.x, activation });
    expect(H).toBeAllClose(want.data, TOLERANCES.float32);
  });

  it('the tfjs kernel reads its products through `dataSync` on the cpu backend (no heap view) and agrees', async () => {
    const onWasm = tiled('softmax', 'tfjs');
    await initBackend({ backend: 'cpu' });
    try {
      const t = tf.tensor2d([1, 2, 3, 4], [2, 2]);
      expect(Array.from(readView(t))).toEqual([1, 2, 3, 4]);
      t.dispose();
      expect(tiled('softmax', 'tfjs')).toBeAllClose(onWasm, TOLERANCES.float32);
    } finally {
      await initBackend({ backend: 'wasm' });
    }
  });

  it.each(['simd', 'tfjs'] as const)(
    '%s kernel: a runner driven tile by tile gives runAllTiles’ H bitwise, and times its phases (each ≥ 0, together ≤ the wall time)',
    (kernel) => {
      const serial = tiled('softmax', kernel);
      const p = gramFactors32({ ...net, activation: 'softmax' }, TILE, false, kernel);
      try {
        for (let k = chunkCount(p) - 1; k >= 0; k--) buildChunk(p, k); // chunks in any order
        const runner = new TileRunner(p);
        const t0 = performance.now();
        for (let k = tileCount(39, TILE) - 1; k >= 0; k--) runner.run(k); // tiles in any order
        const wall = performance.now() - t0;
        runner.dispose();
        expect(Array.from(p.out)).toEqual(Array.from(serial));
        const phases = Object.values(runner.ms);
        expect(phases).toHaveLength(4);
        for (const v of phases) expect(v).toBeGreaterThanOrEqual(0);
        expect(phases.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(wall);
      } finally {
        releaseFactors(p);
      }
    },
  );

  it.each(['simd', 'tfjs'] as const)(
    '%s kernel: tile (bi, bj) alone writes exactly H[p, q] and H[q, p] for p in block bi, q in block bj (q ≥ p on the diagonal)',
    (kernel) => {
      const serial = tiled('softmax', kernel);
      const p = gramFactors32({ ...net, activation: 'softmax' }, TILE, false, kernel);
      const sentinel = (e: number) => -1 - e; // distinct per entry: a copy of another entry's shows
      try {
        for (let k = 0; k < chunkCount(p); k++) buildChunk(p, k);
        const runner = new TileRunner(p);
        for (let k = 0; k < tileCount(39, TILE); k++) {
          p.out.set(Array.from({ length: 39 * 39 }, (_, e) => sentinel(e)));
          runner.run(k);
          const [bi, bj] = tileAt(k);
          const mine = (r: number, c: number) => Math.floor(r / TILE) === bi && Math.floor(c / TILE) === bj;
          let wrong = 0;
          for (let r = 0; r < 39; r++)
            for (let c = 0; c < 39; c++) {
              const e = r * 39 + c;
              const want = mine(r, c) || mine(c, r) ? serial[e] : sentinel(e);
              if (p.out[e] !== want) wrong++;
            }
          expect({ tile: [bi, bj], wrong }).toEqual({ tile: [bi, bj], wrong: 0 });
        }
        runner.dispose();
      } finally {
        releaseFactors(p);
      }
    },
  );

  it('with the cache capped at two blocks, the runner evicts (and disposes) the least recently used and H is unchanged', () => {
    const serial = tiled('relu', 'tfjs');
    const p = gramFactors32({ ...net, activation: 'relu' }, TILE, false, 'tfjs');
    try {
      for (let k = 0; k < chunkCount(p); k++) buildChunk(p, k);
      const before = tf.memory().numTensors;
      const runner = new TileRunner(p, 2 * 4 * TILE * 40); // two blocks of 10 rows × m = 40 float32
      const kept: number[] = [];
      for (let k = 0; k < tileCount(39, TILE); k++) {
        runner.run(k);
        kept.push(tf.memory().numTensors - before);
      }
      runner.dispose();
      expect(tf.memory().numTensors).toBe(before);
      // never more than the two blocks of the last tile kept (without the cap: up to 4 + 4 blocks)
      expect(Math.max(...kept)).toBe(2);
      expect(Array.from(p.out)).toEqual(Array.from(serial));
    } finally {
      releaseFactors(p);
    }
  });

  it('counts tiles of the upper block triangle and build chunks exactly', () => {
    expect([tileCount(39, 10), tileCount(40, 10), tileCount(41, 10), tileCount(1, 256), tileCount(300, 256)]).toEqual([
      10, 10, 15, 1, 3,
    ]);
    expect(CHUNK_ROWS).toBe(32);
    const p = gramFactors32({ ...net, activation: 'relu' }, TILE, false, 'simd');
    const q = gramFactors32({ ...net, activation: 'relu' }, TILE, false, 'tfjs');
    const r = gramFactors32({ ...net, activation: 'softmax' }, TILE, false, 'simd');
    // relu on simd: nothing pending; relu on tfjs: the cT transposes; softmax: c itself, ⌈39 / 32⌉ chunks
    expect([chunkCount(p), chunkCount(q), chunkCount(r)]).toEqual([0, 2, 2]);
    for (const x of [p, q, r]) releaseFactors(x);
  });

  it('orders tiles by column of the upper block triangle: (0,0), (0,1), (1,1), (0,2), …', () => {
    const order = Array.from({ length: 10 }, (_, k) => tileAt(k));
    expect(order).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
      [0, 2],
      [1, 2],
      [2, 2],
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // far out, at and around the start of column 1000 (k = 1000·1001/2)
    expect([tileAt(500499), tileAt(500500), tileAt(500501)]).toEqual([
      [999, 999],
      [0, 1000],
      [1, 1000],
    ]);
  });
});
