/**
 * {@link rowProducts32}'s blocks of $A \cdot A^\top$ (float32) computed by several threads from ONE copy of A: A lives in
 * a shared `WebAssembly.Memory` that any thread writes in place (no copy into a memory per thread, as
 * `rowProducts32` makes), and each thread attaches the kernel to it with an output slot of its own. Same kernel
 * (assembly/f32.ts's `gemmNT32`, compiled for a shared memory as assembly/f32Threads.ts), so every block is bitwise
 * `rowProducts32`'s.
 *
 * For ntk's `gramAsync`: at (n, d, m) = (256, 8, 4096) its c is 32 MiB, which each of its worker threads used to copy
 * into a memory of its own (32 MiB more per thread, and the copy's time). The memory can be kept between calls
 * (`reuse`: it only grows): a shared memory posted to a worker thread stays allocated until that worker exits.
 */
import { decodeBase64, KERNELS_BASE, type Kernels32 } from '../wasm/kernels';
import { F32_THREADS_WASM_BASE64 } from '../wasm/kernels.generated';
import { argumentError } from '../validate/arguments';
import { rowBlocks, type RowProducts32 } from './rowProducts32';

/** A shared WebAssembly memory (the project compiles without the DOM's typings). */
interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
};

const PAGE = 65536;
/** wasm32: 65,536 pages of 64 KiB. */
const MAX_PAGES = 65536;

/**
 * What a thread needs to attach to a {@link sharedRowProducts32}: structured-cloneable, so it can be posted to worker
 * threads as it is (the memory stays one memory; the module is compiled once).
 */
export interface SharedRowProducts32Handle {
  /** The shared `WebAssembly.Memory`: A, then the output slots. */
  readonly memory: object;
  /** The compiled kernel (`WebAssembly.Module`). */
  readonly module: object;
  /** The number of rows of A. */
  readonly rows: number;
  /** The number of columns of A. */
  readonly cols: number;
  /** The number of output slots (one per thread computing at the same time). */
  readonly slots: number;
  /** The largest block's rows (and columns) a slot holds. */
  readonly blockRows: number;
}

/** Options of {@link sharedRowProducts32}. */
export interface SharedRowProducts32Options {
  /** The number of rows of A. */
  rows: number;
  /** The number of columns of A. */
  cols: number;
  /** The number of output slots: one per thread that computes blocks at the same time. */
  slots: number;
  /** The largest block a slot holds is `blockRows` × `blockRows`. */
  blockRows: number;
  /** A handle of an earlier call whose memory is used again (grown if it is too small) instead of a new one. */
  reuse?: SharedRowProducts32Handle;
}

/** What {@link sharedRowProducts32} returns. */
export interface SharedRowProducts32 {
  /** Post it to the threads that compute blocks; each calls {@link attachRowProducts32} with its own slot. */
  readonly handle: SharedRowProducts32Handle;
  /** A, `rows` × `cols` row-major, in the shared memory: write it (from any thread) before blocks are computed. */
  readonly a: Float32Array;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

let compiled: object | undefined;

/** The byte offsets of A and of slot 0 (slots follow, 4·blockRows² bytes each), and the bytes in all. */
function layout(h: Pick<SharedRowProducts32Handle, 'rows' | 'cols' | 'slots' | 'blockRows'>): {
  aAt: number;
  slotAt: number;
  slotBytes: number;
  end: number;
} {
  const aAt = KERNELS_BASE;
  const slotAt = aAt + Math.ceil((4 * h.rows * h.cols) / 16) * 16;
  const slotBytes = 4 * h.blockRows * h.blockRows;
  return { aAt, slotAt, slotBytes, end: slotAt + h.slots * slotBytes };
}

/**
 * A in a shared WebAssembly memory, for blocks of $A A^\top$ computed in float32 by several threads at once
 * ({@link attachRowProducts32}); each block bitwise {@link rowProducts32}'s.
 *
 * @param options - `rows`, `cols`, `slots`, `blockRows` and `reuse`; see {@link SharedRowProducts32Options}.
 * @returns The handle to post to the threads and A's view; undefined where shared WebAssembly memory is missing (a
 *   browser page that is not cross-origin isolated).
 * @throws ValidationError naming the argument when a size is not a count ($\ge 1$ for `slots` and `blockRows`);
 *   RangeError when A and the slots do not fit in WebAssembly's 4 GiB.
 *
 * @example
 * ```ts
 * import { attachRowProducts32, sharedRowProducts32 } from '@softmax-ntk/linalg';
 *
 * // A = [[1, 2], [3, 4], [5, 6]] written once; a thread attached with slot 0 computes rows 0–1 by rows 1–2 of A·Aᵀ
 * const shared = sharedRowProducts32({ rows: 3, cols: 2, slots: 2, blockRows: 2 });
 * shared?.a.set([1, 2, 3, 4, 5, 6]);
 * const p = shared && attachRowProducts32(shared.handle, 0);
 * console.log(p && Array.from(p.block(0, 2, 1, 3)).join(' '));
 * // → 11 17 25 39
 * ```
 */
export function sharedRowProducts32(options: SharedRowProducts32Options): SharedRowProducts32 | undefined {
  const { rows, cols, slots, blockRows, reuse } = options;
  if (!isCount(rows)) throw argumentError('rows', `must be an integer ≥ 0, got ${String(rows)}`);
  if (!isCount(cols)) throw argumentError('cols', `must be an integer ≥ 0, got ${String(cols)}`);
  if (!isCount(slots) || slots < 1) throw argumentError('slots', `must be an integer ≥ 1, got ${String(slots)}`);
  if (!isCount(blockRows) || blockRows < 1)
    throw argumentError('blockRows', `must be an integer ≥ 1, got ${String(blockRows)}`);
  const { aAt, end } = layout({ rows, cols, slots, blockRows });
  if (end > MAX_PAGES * PAGE) {
    throw new RangeError(
      `float32 row products of a ${rows} × ${cols} matrix with ${slots} slots of ${blockRows} × ${blockRows}: ${end} bytes exceed WebAssembly's 4 GiB`,
    );
  }
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  let memory: SharedMemory;
  try {
    compiled ??= new WebAssembly.Module(decodeBase64(F32_THREADS_WASM_BASE64));
    memory =
      (reuse?.memory as SharedMemory | undefined) ??
      new WebAssembly.Memory({
        initial: Math.ceil(end / PAGE),
        maximum: MAX_PAGES,
        shared: true,
      });
  } catch {
    return undefined;
  }
  const have = memory.buffer.byteLength;
  if (have < end) memory.grow(Math.ceil((end - have) / PAGE));
  const handle: SharedRowProducts32Handle = { memory, module: compiled, rows, cols, slots, blockRows };
  return { handle, a: new Float32Array(memory.buffer, aAt, rows * cols) };
}

/**
 * Attaches this thread to a {@link sharedRowProducts32}: blocks of $A A^\top$ read A in place and land in output slot
 * `slot`, which no other thread may use at the same time.
 *
 * @param handle - The handle of {@link sharedRowProducts32} (posted to this thread, or in the thread that made it).
 * @param slot - This thread's output slot, $0 \le$ `slot` $<$ `handle.slots`.
 * @returns Blocks as {@link rowProducts32}'s (`block` returns a view of the slot, valid until the next call);
 *   `dispose()` detaches (the memory stays with the handle).
 * @throws ValidationError naming `slot` when it is not a slot of the handle; `block` names its rows as
 *   `rowProducts32`'s does, and refuses a block larger than `blockRows` × `blockRows`.
 *
 * @example
 * ```ts
 * import { attachRowProducts32, sharedRowProducts32 } from '@softmax-ntk/linalg';
 *
 * // Two attachments (as two threads would), each with its own slot: A = [[1, 0], [0, 2]]
 * const shared = sharedRowProducts32({ rows: 2, cols: 2, slots: 2, blockRows: 2 });
 * shared?.a.set([1, 0, 0, 2]);
 * const [p, q] = shared ? [attachRowProducts32(shared.handle, 0), attachRowProducts32(shared.handle, 1)] : [];
 * const first = p?.block(0, 1, 0, 1); // slot 0: [1]
 * const second = q?.block(1, 2, 1, 2); // slot 1: [4], slot 0 untouched
 * console.log(first?.[0], second?.[0]);
 * // → 1 4
 * ```
 */
export function attachRowProducts32(handle: SharedRowProducts32Handle, slot: number): RowProducts32 {
  const { rows, cols, slots, blockRows } = handle;
  if (!isCount(slot) || slot >= slots)
    throw argumentError('slot', `must be an integer in [0, ${slots}), got ${String(slot)}`);
  const memory = handle.memory as SharedMemory;
  const { aAt, slotAt, slotBytes } = layout(handle);
  const outAt = slotAt + slot * slotBytes;
  const kernels = new WebAssembly.Instance(handle.module, { env: { memory } }).exports as unknown as Kernels32;
  return rowBlocks({
    rows,
    cols,
    kernels,
    aAt,
    outAt,
    output: (m, n, i0, i1, j0, j1) => {
      if (m > blockRows || n > blockRows) {
        throw argumentError(
          'block',
          `rows [${i0}, ${i1}) × [${j0}, ${j1}) exceed the slots' ${blockRows} × ${blockRows} (sharedRowProducts32's blockRows)`,
        );
      }
      return () => new Float32Array(memory.buffer, outAt, m * n);
    },
  });
}
