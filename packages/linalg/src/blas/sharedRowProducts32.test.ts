import { Worker } from 'node:worker_threads';
import { exactMessage } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { rowProducts32 } from './rowProducts32';
import { attachRowProducts32, sharedRowProducts32, type SharedRowProducts32 } from './sharedRowProducts32';

function operand(seed: string, rows: number, cols: number): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(rows * cols)) as Float64Array);
}

/** Bit patterns, so that a comparison is exact (−0 ≠ 0, NaN = NaN). */
const bits = (a: Float32Array): number[] =>
  Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

function make(rows: number, cols: number, slots: number, blockRows: number): SharedRowProducts32 {
  const shared = sharedRowProducts32({ rows, cols, slots, blockRows });
  if (shared === undefined) throw new Error('this Node has shared WebAssembly memory: undefined is a bug');
  return shared;
}

describe('sharedRowProducts32: one shared copy of A, blocks of A·Aᵀ from any thread', () => {
  // Shapes around the kernel's edges (block rows in fours, columns in pairs, row length in fours, upper triangles):
  // the same kernel compiled for a shared memory gives every block bitwise what rowProducts32 gives.
  it.each([
    [7, 3, 0, 7, 0, 7, false],
    [13, 37, 2, 13, 0, 5, false],
    [30, 64, 4, 28, 9, 30, false],
    [30, 66, 8, 20, 8, 20, true],
    [260, 4099, 0, 128, 128, 256, false],
  ])(
    'rows %i, cols %i: block [%i, %i) × [%i, %i) (upper %s) bitwise rowProducts32’s',
    (rows, cols, i0, i1, j0, j1, upper) => {
      const a = operand(`srp-${rows}-${cols}`, rows, cols);
      const shared = make(rows, cols, 2, 128);
      shared.a.set(a);
      const attached = attachRowProducts32(shared.handle, 1);
      const alone = rowProducts32({ a, rows, cols });
      try {
        const ours = attached.block(i0, i1, j0, j1, upper);
        const theirs = alone.block(i0, i1, j0, j1, upper);
        expect(ours.length).toBe((i1 - i0) * (j1 - j0));
        if (upper) {
          // below the diagonal the entries are unspecified: compare the upper triangle q ≥ p
          const w = j1 - j0;
          const upperOf = (t: Float32Array) => Float32Array.from(t).map((v, k) => (k % w >= Math.floor(k / w) ? v : 0));
          expect(bits(upperOf(ours))).toEqual(bits(upperOf(theirs)));
        } else expect(bits(ours)).toEqual(bits(theirs));
      } finally {
        alone.dispose();
        attached.dispose();
      }
    },
  );

  it('A is read in place: a change to it is seen by the next block (rowProducts32 copies it and does not see it)', () => {
    const shared = make(4, 4, 1, 4);
    shared.a.set([1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4]);
    const p = attachRowProducts32(shared.handle, 0);
    expect(Array.from(p.block(0, 4, 0, 4))).toEqual([1, 0, 0, 0, 0, 4, 0, 0, 0, 0, 9, 0, 0, 0, 0, 16]);
    shared.a[15] = 5;
    expect(Array.from(p.block(3, 4, 3, 4))).toEqual([25]);
  });

  it('each slot has its own output: a block in slot 1 leaves slot 0’s last block as it was', () => {
    const shared = make(6, 8, 2, 3);
    shared.a.set(operand('slots', 6, 8));
    const [p0, p1] = [attachRowProducts32(shared.handle, 0), attachRowProducts32(shared.handle, 1)];
    const first = p0.block(0, 3, 0, 3);
    const kept = Array.from(first);
    const second = p1.block(3, 6, 3, 6);
    expect(Array.from(first)).toEqual(kept);
    expect(second.byteOffset - first.byteOffset).toBe(4 * 3 * 3);
    expect(Array.from(second)).not.toEqual(kept);
    // slot 0 again: its own view is overwritten, slot 1's is not
    const again = Array.from(p0.block(3, 6, 3, 6));
    expect(again).toEqual(Array.from(second));
  });

  it('reuse: the same memory, grown when the new A and slots need more; the handle records the new shape', () => {
    const small = make(2, 2, 1, 2);
    const same = sharedRowProducts32({ rows: 2, cols: 3, slots: 1, blockRows: 2, reuse: small.handle });
    expect(same?.handle.memory).toBe(small.handle.memory);
    const before = (small.handle.memory as { buffer: SharedArrayBuffer }).buffer.byteLength;
    const big = sharedRowProducts32({ rows: 300, cols: 300, slots: 2, blockRows: 100, reuse: small.handle });
    expect(big?.handle.memory).toBe(small.handle.memory);
    const after = (big?.handle.memory as { buffer: SharedArrayBuffer }).buffer.byteLength;
    expect(before).toBeLessThan(65536 + 4 * 300 * 300);
    // A (360,000 B past the first 64 KiB page) and two slots of 100 × 100 float32s, rounded up to whole pages
    expect(after).toBe(Math.ceil((65536 + 4 * 300 * 300 + 2 * 4 * 100 * 100) / 65536) * 65536);
    expect([big?.handle.rows, big?.handle.cols, big?.handle.slots, big?.handle.blockRows]).toEqual([300, 300, 2, 100]);
    big?.a.set(operand('big', 300, 300));
    const p = attachRowProducts32((big as SharedRowProducts32).handle, 1);
    const alone = rowProducts32({ a: (big as SharedRowProducts32).a, rows: 300, cols: 300 });
    expect(bits(p.block(200, 300, 0, 100))).toEqual(bits(alone.block(200, 300, 0, 100)));
    alone.dispose();
  });

  it('a worker thread writes A into the shared memory and the calling thread computes from it, no copy', async () => {
    const shared = make(5, 4, 1, 5);
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { memory, offset } = workerData;
       const a = new Float32Array(memory.buffer, offset, 20);
       for (let k = 0; k < 20; k++) a[k] = k + 1;
       parentPort.postMessage('written');`,
      { eval: true, workerData: { memory: shared.handle.memory, offset: shared.a.byteOffset } },
    );
    try {
      await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    } finally {
      await worker.terminate();
    }
    expect(Array.from(shared.a)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    const p = attachRowProducts32(shared.handle, 0);
    // rows (1, 2, 3, 4) and (5, 6, 7, 8): 1·1 + 2·2 + 3·3 + 4·4 = 30, 1·5 + 2·6 + 3·7 + 4·8 = 70, 25 + 36 + 49 + 64 = 174
    expect(Array.from(p.block(0, 2, 0, 2))).toEqual([30, 70, 70, 174]);
  });

  // Killed here: the 4 GiB bound (`>` made `>=`: exactly 2³² bytes is still allowed) and the fallback when the shared
  // memory cannot be made (its catch): with WebAssembly.Memory refusing, a size at the bound gives undefined, one
  // past it the RangeError.
  it('at exactly 4 GiB no RangeError: the memory is asked for (undefined here, where it is refused); one byte more, the RangeError', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { Memory: unknown } }).WebAssembly;
    const saved = wasm.Memory;
    let asked = 0;
    wasm.Memory = function refused(): never {
      asked++;
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    };
    try {
      // 64 KiB page + A (1 × 1,073,725,436 float32s, a multiple of 16 bytes) + one slot of 2 × 2: 2³² bytes exactly
      expect(sharedRowProducts32({ rows: 1, cols: 1_073_725_436, slots: 1, blockRows: 2 })).toBeUndefined();
      expect(asked).toBe(1);
      expect(() => sharedRowProducts32({ rows: 1, cols: 1_073_725_437, slots: 1, blockRows: 2 })).toThrow(RangeError);
      expect(asked).toBe(1);
    } finally {
      wasm.Memory = saved;
    }
  });

  // Killed here: the memory grown only when it is too small (growing by a negative count throws).
  it('reuse of a larger memory for a smaller problem: the memory as it was, no growth', () => {
    const big = make(300, 300, 2, 100);
    const bytes = (big.handle.memory as { buffer: SharedArrayBuffer }).buffer.byteLength;
    const small = sharedRowProducts32({ rows: 2, cols: 2, slots: 1, blockRows: 2, reuse: big.handle });
    expect(small?.handle.memory).toBe(big.handle.memory);
    expect((small?.handle.memory as { buffer: SharedArrayBuffer }).buffer.byteLength).toBe(bytes);
    small?.a.set([1, 2, 3, 4]);
    expect(Array.from(attachRowProducts32((small as SharedRowProducts32).handle, 0).block(0, 2, 0, 2))).toEqual([
      5, 11, 11, 25,
    ]);
  });

  it('no SharedArrayBuffer (a page that is not cross-origin isolated): undefined, the caller copies instead', () => {
    const g = globalThis as Record<string, unknown>;
    const saved = g['SharedArrayBuffer'];
    delete g['SharedArrayBuffer'];
    try {
      expect(sharedRowProducts32({ rows: 2, cols: 2, slots: 1, blockRows: 2 })).toBeUndefined();
    } finally {
      g['SharedArrayBuffer'] = saved;
    }
  });

  it('bad arguments are refused naming the argument; a block beyond the slot’s size or after dispose() too', () => {
    const ok = { rows: 4, cols: 4, slots: 2, blockRows: 2 };
    expect(() => sharedRowProducts32({ ...ok, rows: -1 })).toThrow(
      exactMessage('invalid argument: rows: must be an integer ≥ 0, got -1'),
    );
    expect(() => sharedRowProducts32({ ...ok, cols: 1.5 })).toThrow(
      exactMessage('invalid argument: cols: must be an integer ≥ 0, got 1.5'),
    );
    expect(() => sharedRowProducts32({ ...ok, slots: 0 })).toThrow(
      exactMessage('invalid argument: slots: must be an integer ≥ 1, got 0'),
    );
    expect(() => sharedRowProducts32({ ...ok, blockRows: 0 })).toThrow(
      exactMessage('invalid argument: blockRows: must be an integer ≥ 1, got 0'),
    );
    expect(() => sharedRowProducts32({ rows: 65536, cols: 16384, slots: 1, blockRows: 1 })).toThrow(
      exactMessage(
        "float32 row products of a 65536 × 16384 matrix with 1 slots of 1 × 1: 4295032836 bytes exceed WebAssembly's 4 GiB",
      ),
    );
    const shared = make(4, 4, 2, 2);
    expect(() => attachRowProducts32(shared.handle, 2)).toThrow(
      exactMessage('invalid argument: slot: must be an integer in [0, 2), got 2'),
    );
    expect(() => attachRowProducts32(shared.handle, -1)).toThrow(
      exactMessage('invalid argument: slot: must be an integer in [0, 2), got -1'),
    );
    const p = attachRowProducts32(shared.handle, 0);
    expect(() => p.block(0, 3, 0, 2)).toThrow(
      exactMessage(
        "invalid argument: block: rows [0, 3) × [0, 2) exceed the slots' 2 × 2 (sharedRowProducts32's blockRows)",
      ),
    );
    expect(() => p.block(0, 2, 1, 4)).toThrow(
      exactMessage(
        "invalid argument: block: rows [0, 2) × [1, 4) exceed the slots' 2 × 2 (sharedRowProducts32's blockRows)",
      ),
    );
    expect(() => p.block(0, 2, 1, 5)).toThrow(
      exactMessage('invalid argument: block rows j0 = 1, j1 = 5 must satisfy 0 ≤ j0 ≤ j1 ≤ 4'),
    );
    expect(() => p.block(0, 2, 2, 4, true)).toThrow(
      exactMessage('invalid argument: upper: needs a diagonal block (i0 = j0, i1 = j1), got [0, 2) × [2, 4)'),
    );
    expect(p.block(0, 2, 2, 4)).toHaveLength(4);
    p.dispose();
    expect(() => p.block(0, 1, 0, 1)).toThrow(exactMessage('RowProducts32: used after dispose()'));
  });
});
