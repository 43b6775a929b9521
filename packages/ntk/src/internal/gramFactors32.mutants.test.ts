/**
 * Tests written for the mutation run of ./gramFactors32.ts (bench/results/mutation/ntk-gram.json): the values of
 * its factors are checked through H (gram.test.ts, gramTiles.mutants.test.ts); these pin what H cannot show — the
 * buffers kept for the next call (each request takes the tightest kept buffer; `dropSpareFactors` forgets them),
 * which operands go into shared memory, and the choice of tile kernel per backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { computesOnOneCore, defaultTileKernel, dropSpareFactors, gramFactors32, releaseFactors } from './gramFactors32';

beforeAll(async () => {
  await initBackend();
});

beforeEach(() => {
  dropSpareFactors();
});

// c and cT: nd·m = 13·3·40 = 1560 floats; S: n·m = 520
const big = makeNet({ n: 13, dIn: 3, dOut: 3, m: 40, seed: 41, symmetric: false });
// c: 4·2·40 = 320 floats (fits S's 520), S: 160
const small = makeNet({ n: 4, dIn: 3, dOut: 2, m: 40, seed: 42, symmetric: false });

describe('gramFactors32: kept buffers, shared memory, tile kernel', () => {
  it('the next call reuses the released c, cT and S, each request taking the tightest kept buffer', () => {
    const p = gramFactors32({ ...big, activation: 'softmax' }, 10, false, 'tfjs');
    const S = p.pending?.softmax?.S as Float32Array;
    expect([p.c.length, p.cT.length, S.length]).toEqual([1560, 1560, 520]);
    const kept = { c: p.c.buffer, cT: p.cT.buffer, S: S.buffer };
    releaseFactors(p);
    // small's c (320 floats) fits every kept buffer: it takes S's (520), the tightest; its S (160) then one of the
    // two of 1560
    const q = gramFactors32({ ...small, activation: 'softmax' }, 10, false, 'simd');
    expect(q.c.buffer).toBe(kept.S);
    expect(q.c.length).toBe(320);
    const qS = q.pending?.softmax?.S as Float32Array;
    expect(qS.length).toBe(160);
    expect(qS.buffer === kept.c || qS.buffer === kept.cT).toBe(true);
    expect(q.cT.length).toBe(0); // the simd kernel needs no cT
    releaseFactors(q);
    // all three back: the same-sized call gets its c and cT from the two large ones, S from the 520
    const r = gramFactors32({ ...big, activation: 'softmax' }, 10, false, 'tfjs');
    expect(new Set([r.c.buffer, r.cT.buffer]).size).toBe(2);
    for (const b of [r.c.buffer, r.cT.buffer]) expect(b === kept.c || b === kept.cT).toBe(true);
    expect(r.pending?.softmax?.S.buffer).toBe(kept.S);
    releaseFactors(r);
  });

  it('keeps only the three largest buffers, and none after dropSpareFactors', () => {
    const p = gramFactors32({ ...big, activation: 'softmax' }, 10, false, 'tfjs'); // 1560, 1560, 520
    const q = gramFactors32({ ...small, activation: 'softmax' }, 10, false, 'tfjs'); // 320, 320, 160
    const smallOnes = [q.c.buffer, q.cT.buffer, q.pending?.softmax?.S.buffer];
    const large = [p.c.buffer, p.cT.buffer, p.pending?.softmax?.S.buffer];
    releaseFactors(q);
    releaseFactors(p);
    // six released, three kept (the large ones): small's next c (320) takes the 520, its cT and S the 1560s
    const r = gramFactors32({ ...small, activation: 'softmax' }, 10, false, 'tfjs');
    const got = [r.c.buffer, r.cT.buffer, r.pending?.softmax?.S.buffer];
    for (const b of got) expect(large.includes(b) && !smallOnes.includes(b)).toBe(true);
    releaseFactors(r);
    dropSpareFactors();
    const s = gramFactors32({ ...small, activation: 'softmax' }, 10, false, 'tfjs');
    for (const b of [s.c.buffer, s.cT.buffer, s.pending?.softmax?.S.buffer]) expect(got.includes(b)).toBe(false);
    releaseFactors(s);
    // nothing kept at all after dropSpareFactors, however small the request (c and S of 1 × 8 floats here)
    dropSpareFactors();
    const tiny = makeNet({ n: 1, dIn: 1, dOut: 1, m: 8, seed: 43, symmetric: false });
    const t = gramFactors32({ ...tiny, activation: 'softmax' }, 10, false, 'simd');
    expect([t.c.length, t.pending?.softmax?.S.length]).toEqual([8, 8]);
    releaseFactors(t);
  });

  it('puts X Xᵀ, H and the softmax factors in shared memory only when asked; c, cT and S always', () => {
    for (const shared of [true, false]) {
      const p = gramFactors32({ ...small, activation: 'softmax' }, 10, shared, 'tfjs');
      const f = p.pending?.softmax;
      for (const b of [p.g.buffer, p.out.buffer, f?.P.buffer, f?.a.buffer])
        expect(b instanceof SharedArrayBuffer).toBe(shared);
      for (const b of [p.c.buffer, p.cT.buffer, f?.S.buffer]) expect(b).toBeInstanceOf(SharedArrayBuffer);
      // the softmax factors: a copied as it is, S = softmax(X Wᵀ) and P = S·aᵀ against float64 sums
      expect(Array.from(f?.a ?? [])).toEqual(Array.from(Float32Array.from(small.a.data)));
      const { x, w, a } = small;
      const S = new Float64Array(4 * 40);
      const P = new Float64Array(4 * 2);
      for (let i = 0; i < 4; i++) {
        const z = Array.from(
          { length: 40 },
          (_, r) =>
            x.data[3 * i]! * w.data[3 * r]! +
            x.data[3 * i + 1]! * w.data[3 * r + 1]! +
            x.data[3 * i + 2]! * w.data[3 * r + 2]!,
        );
        const e = z.map((v) => Math.exp(v));
        const sum = e.reduce((t, v) => t + v, 0);
        for (let r = 0; r < 40; r++) S[40 * i + r] = e[r]! / sum;
        for (let l = 0; l < 2; l++)
          for (let r = 0; r < 40; r++) P[2 * i + l] = P[2 * i + l]! + S[40 * i + r]! * a.data[40 * l + r]!;
      }
      expect(f?.S).toBeAllClose(S, TOLERANCES.float32);
      expect(f?.P).toBeAllClose(P, TOLERANCES.float32);
      expect([p.s, p.nd, p.m, p.n, p.tile]).toEqual([40, 8, 40, 4, 10]);
      releaseFactors(p);
    }
  });

  // Killed here: c of the shared simd problem not in the workers' shared WebAssembly memory (or with another slot
  // count or block size), that memory not kept for the next call, kept while a call still uses it (a concurrent
  // call must take its own) or forgotten when a call without it ends, given back into the spare buffers (S or a
  // later c would then be written over c), and not dropped by dropSpareFactors.
  it('shared, simd: c in a shared WebAssembly memory with a slot per worker, kept for the next call, never as a spare', () => {
    const p = gramFactors32({ ...big, activation: 'softmax' }, 10, true, 'simd', 3);
    const h = p.rowProducts;
    expect(h).toBeDefined();
    expect([h?.rows, h?.cols, h?.slots, h?.blockRows]).toEqual([39, 40, 3, 10]);
    expect(p.c.buffer).toBe((h?.memory as { buffer: SharedArrayBuffer }).buffer);
    expect(p.c.length).toBe(39 * 40);
    // in use: a concurrent call gets a memory of its own
    const q = gramFactors32({ ...big, activation: 'softmax' }, 10, true, 'simd');
    expect(q.rowProducts?.memory).not.toBe(h?.memory);
    expect(q.rowProducts?.slots).toBe(2);
    releaseFactors(p);
    releaseFactors(q);
    // the larger memory given back is kept (of two equal ones, the first): the next call reuses it
    const r = gramFactors32({ ...small, activation: 'softmax' }, 10, true, 'simd');
    expect(r.rowProducts?.memory).toBe(h?.memory);
    // not a spare: a non-shared call's c and S are ordinary kept buffers, never that memory's
    const t = gramFactors32({ ...big, activation: 'softmax' }, 10, false, 'simd');
    const memoryBuffer = (h?.memory as { buffer: SharedArrayBuffer }).buffer;
    for (const b of [t.c.buffer, t.pending?.softmax?.S.buffer]) expect(b).not.toBe(memoryBuffer);
    expect(t.rowProducts).toBeUndefined();
    releaseFactors(r);
    releaseFactors(t); // a call without the shared memory leaves the kept one kept
    const r2 = gramFactors32({ ...small, activation: 'softmax' }, 10, true, 'simd');
    expect(r2.rowProducts?.memory).toBe(h?.memory);
    releaseFactors(r2);
    // after dropSpareFactors a new memory
    dropSpareFactors();
    const u = gramFactors32({ ...small, activation: 'softmax' }, 10, true, 'simd');
    expect(u.rowProducts?.memory).not.toBe(h?.memory);
    releaseFactors(u);
    // the tfjs kernel: c in an ordinary kept buffer, no shared memory
    const v = gramFactors32({ ...small, activation: 'softmax' }, 10, true, 'tfjs');
    expect(v.rowProducts).toBeUndefined();
    releaseFactors(v);
  });

  it('the simd kernel where tfjs computes on one core (wasm, cpu), the tfjs kernel elsewhere', async () => {
    expect(['wasm', 'cpu', 'node', 'webgl', 'tensorflow'].map(computesOnOneCore)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    // the suite's backend: wasm, or cpu in CI's cpu rerun (SOFTMAX_NTK_BACKEND=cpu); both compute on one core
    const backend = tf.getBackend();
    expect(['wasm', 'cpu']).toContain(backend);
    expect(defaultTileKernel()).toBe('simd');
    expect(gramFactors32({ ...small, activation: 'relu' }, 10, false).kernel).toBe('simd');
    // a backend of another name (tfjs's cpu engine registered as one that would compute on several cores)
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    tf.registerBackend('elsewhere', () => new MathBackendCPU(), 0);
    try {
      expect(await tf.setBackend('elsewhere')).toBe(true);
      expect(defaultTileKernel()).toBe('tfjs');
    } finally {
      await tf.setBackend(backend);
      tf.removeBackend('elsewhere');
    }
  });
});
