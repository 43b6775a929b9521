/**
 * The SIMD kernels of assembly/f64.ts, eig.ts, net.ts, f32.ts and prod.ts as instances with
 * their own linear memory, kept in a small pool per module.
 *
 * An instance is taken with `acquireKernels(bytes)` (its memory grown to hold
 * `bytes` past the reserved first page), used, and given back with
 * `releaseKernels`. Memories only grow and idle instances (up to 256 MiB each,
 * two per module) are kept, because on
 * machines that return freed pages to the host (this project's Firecracker
 * guests) the first touch of fresh memory costs ~4 ms per MB — 130 ms for the
 * 32 MB of a 2048 × 2048 float64 matrix, as much as its Cholesky factorisation.
 * An instance in use is never handed out twice.
 *
 * Each module (3.8, 4.0, 3.2, 3.9 and 1.2 kB) is compiled synchronously on first use;
 * browsers allow that on the main thread up to 4 kB (scripts/build-wasm.mjs
 * enforces it).
 */
import {
  EIG_KERNELS_WASM_BASE64,
  F32_KERNELS_WASM_BASE64,
  F64_KERNELS_WASM_BASE64,
  NET_KERNELS_WASM_BASE64,
  PROD_KERNELS_WASM_BASE64,
} from './kernels.generated';

// The few WebAssembly JS-API members used here (the project compiles with lib ES2022, without the DOM's typings).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

export interface Kernels {
  readonly memory: WasmMemory;
}

/**
 * The operands of a row-major product on the kernels (byte offsets of C, A and B, each followed by its leading
 * dimension in elements, then m, n and k): C m × n, A m × k, and B k × n (`gemmNN`) or n × k (`gemmSub`,
 * `gemmNT32`).
 */
export type GemmArgs = [
  c: number,
  ldc: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  m: number,
  n: number,
  k: number,
];

/** assembly/f64.ts */
export interface Kernels64 extends Kernels {
  /** C ← C − A·Aᵀ on the lower triangle (C: n × n, leading dimension ldc; A: n × k, leading dimension lda). */
  syrkLowerSub(c: number, ldc: number, a: number, lda: number, n: number, k: number): void;
  /** In-place lower Cholesky of the n × n matrix at byte offset a; −1 or the failing pivot. `pack`: (n − nb)·nb float64s. */
  potrf(a: number, n: number, nb: number, pack: number): number;
  /** x ← L⁻¹x. */
  trsvLower(l: number, n: number, x: number): void;
  /** x ← L⁻ᵀx. */
  trsvLowerTrans(l: number, n: number, x: number): void;
  /** x ← L·(Lᵀ·x), with t (n float64s) as scratch. */
  lltMul(l: number, n: number, x: number, t: number): void;
  /** C = A·B (acc = 0) or C += A·B ({@link GemmArgs}, B k × n), m and n multiples of 4. */
  gemmNN(...args: [...GemmArgs, acc: number]): void;
}

/**
 * One panel (columns i0…i0+kb−1) of the tridiagonal reduction of the upper triangle at `a` (`panel` of
 * assembly/eig.ts): byte offsets of A, d, e, τ, the panel's W, X, Y and T, and A's and W's leading dimensions.
 */
export type PanelArgs = [
  a: number,
  lda: number,
  n: number,
  i0: number,
  kb: number,
  d: number,
  e: number,
  tau: number,
  w: number,
  ldw: number,
  x: number,
  y: number,
  t: number,
];

/**
 * A memory and a full product C ← C − A·Bᵀ on it (`gemmSub` with upper = 0): one thread's {@link KernelsEig}, or
 * the product split between two threads (../lapack/internal/tridiagonalThreads).
 */
export interface GemmKernels extends Kernels {
  /** C ← C − A·Bᵀ ({@link GemmArgs}, B n × k), m a multiple of 4, n of 2, k even. */
  gemmSub(...args: [...GemmArgs, upper: 0]): void;
}

/** assembly/eig.ts */
export interface KernelsEig extends GemmKernels {
  /** One panel of the tridiagonal reduction ({@link PanelArgs}); see assembly/eig.ts. */
  panel(...args: PanelArgs): void;
  /** C ← C − A·Bᵀ ({@link GemmArgs}); `upper` ≠ 0: only tiles meeting the upper triangle. */
  gemmSub(...args: [...GemmArgs, upper: number]): void;
  /**
   * QL sweeps' rotations on Z stored in strips of 8 columns (element (r, c) at float64 ⌊c/8⌋·rows·8 + r·8 + c mod 8);
   * `list` holds `count` sweeps as float64s l, m, (c_i, s_i) for i = l…m − 1, each applied for i = m − 1 down to l:
   * rows (i, i + 1) ← (c_i·row i − s_i·row i+1, s_i·row i + c_i·row i+1).
   */
  rotSweeps(z: number, rows: number, strips: number, list: number, count: number): void;
}

/**
 * The fused softmax step of assembly/softmax.ts (byte offsets into the kernel memory; mb = m rounded up to whole
 * blocks of four vectors): L = ½‖F − Y‖², ΔWᵀ into g, F into f.
 */
export type SoftmaxStepKernel = (
  x: number,
  n: number,
  d: number,
  wt: number,
  a: number,
  mb: number,
  dOut: number,
  y: number,
  c: number,
  pad: number,
  g: number,
  f: number,
  s: number,
  ev: number,
) => number;

/** assembly/net.ts */
export interface KernelsNet extends Kernels {
  /** The fused float64 softmax-network loss and gradient ΔWᵀ; see assembly/softmax.ts for the layout. */
  softmaxStep: SoftmaxStepKernel;
  /** C[(i − i0)·ldc + j] += A_i·A_j for i0 ≤ i < i1, j0 ≤ j < min(j1, i + 1) (rows of the panel at `a`, lda float64s apart, k summed). */
  gramRows(
    c: number,
    ldc: number,
    a: number,
    lda: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    k: number,
  ): void;
}

/** assembly/f32.ts */
export interface Kernels32 extends Kernels {
  /** C = A·Bᵀ in float32 ({@link GemmArgs}, B n × k); `upper` ≠ 0: only j ≥ i needed. */
  gemmNT32(...args: [...GemmArgs, upper: number]): void;
  /** The fused float32 softmax-network loss and gradient ΔWᵀ (m16 = m rounded up to 16); see assembly/softmax.ts. */
  softmaxStep32: SoftmaxStepKernel;
}

/** assembly/prod.ts: the two halves of the softmax NTK's H·v over all n rows (byte offsets; see the module). */
export interface KernelsProd extends Kernels {
  pass1(
    s: number,
    a: number,
    x: number,
    p: number,
    v: number,
    ut: number,
    n: number,
    m: number,
    d: number,
    dIn: number,
  ): void;
  pass2(
    s: number,
    a: number,
    x: number,
    p: number,
    ut: number,
    row: number,
    out: number,
    n: number,
    m: number,
    d: number,
    dIn: number,
    mScale: number,
  ): void;
}

interface KernelSets {
  f64: Kernels64;
  eig: KernelsEig;
  net: KernelsNet;
  f32: Kernels32;
  prod: KernelsProd;
}
const SOURCES: Record<keyof KernelSets, string> = {
  f64: F64_KERNELS_WASM_BASE64,
  eig: EIG_KERNELS_WASM_BASE64,
  net: NET_KERNELS_WASM_BASE64,
  f32: F32_KERNELS_WASM_BASE64,
  prod: PROD_KERNELS_WASM_BASE64,
};

/** Byte offset of the first byte the callers may use (the first 64 KiB page is left to the module). */
export const KERNELS_BASE = 65536;
const PAGE = 65536;
/** wasm32: 65,536 pages of 64 KiB. */
const MAX_BYTES = 2 ** 32;

/**
 * Lays out arrays of `sizes[key]` entries of `bytesPerEntry` bytes each, one after the other from byte `base`
 * ({@link KERNELS_BASE} unless a control block comes first), each on a 16-byte boundary (the kernels' vector loads),
 * in the order of `sizes`' keys. Returns each array's byte offset and the bytes from `KERNELS_BASE` to the end of the
 * last (what `acquireKernels` takes).
 */
export function layoutArrays<K extends string>(
  sizes: Record<K, number>,
  bytesPerEntry: number,
  base = KERNELS_BASE,
): { at: Record<K, number>; bytes: number } {
  const at = { ...sizes };
  let next = base;
  for (const key of Object.keys(sizes) as K[]) {
    at[key] = next;
    next += Math.ceil((bytesPerEntry * sizes[key]) / 16) * 16;
  }
  return { at, bytes: next - KERNELS_BASE };
}

const compiled: Partial<Record<keyof KernelSets, object>> = {};
const idle: Record<keyof KernelSets, Kernels[]> = { f64: [], eig: [], net: [], f32: [], prod: [] };

/** The bytes of a base64 string (the generated modules; `atob` exists in Node ≥ 16 and in browsers). */
export function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module of `kind` (compiled once), for a worker thread that instantiates it on its own memory. */
export function compiledKernels(kind: keyof KernelSets): object {
  return (compiled[kind] ??= new WebAssembly.Module(decodeBase64(SOURCES[kind])));
}

function instantiate(kind: keyof KernelSets): Kernels {
  const module = compiledKernels(kind);
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort: () => {
        throw new Error('linalg wasm kernel aborted');
      },
    },
  });
  return instance.exports as unknown as Kernels;
}

/** Whether `bytes` past the reserved page fit in wasm32's 4 GiB (callers with a JavaScript fallback ask first). */
export function kernelsFit(bytes: number): boolean {
  return KERNELS_BASE + bytes <= MAX_BYTES;
}

function checkFits(bytes: number, what: string): void {
  if (!kernelsFit(bytes)) {
    throw new RangeError(
      `${what} needs ${((KERNELS_BASE + bytes) / 2 ** 30).toFixed(2)} GiB of WebAssembly memory; the kernels address at most 4 GiB`,
    );
  }
}

function grow(k: Kernels, bytes: number, what: string): void {
  const total = KERNELS_BASE + bytes;
  const have = k.memory.buffer.byteLength;
  if (have >= total) return;
  try {
    k.memory.grow(Math.ceil((total - have) / PAGE));
  } catch (err) {
    throw new RangeError(
      `${what} needs ${(total / 2 ** 20).toFixed(0)} MiB of WebAssembly memory, which could not be allocated (${(err as Error).message})`,
      { cause: err },
    );
  }
}

/**
 * An idle instance (the smallest whose memory already holds `bytes`, else the largest, grown), or a new one.
 * @throws RangeError naming the size when it exceeds wasm32's 4 GiB, or the memory cannot grow.
 */
export function acquireKernels<K extends keyof KernelSets>(kind: K, bytes: number, what: string): KernelSets[K] {
  checkFits(bytes, what);
  const pool = idle[kind];
  pool.sort((p, q) => p.memory.buffer.byteLength - q.memory.buffer.byteLength);
  const fit = pool.findIndex((k) => k.memory.buffer.byteLength >= KERNELS_BASE + bytes);
  const k = fit >= 0 ? (pool.splice(fit, 1)[0] as Kernels) : (pool.pop() ?? instantiate(kind));
  try {
    grow(k, bytes, what);
  } catch (err) {
    pool.push(k);
    throw err;
  }
  return k as KernelSets[K];
}

/**
 * Memories larger than this are not kept when given back (the garbage collector frees them with their instance):
 * the first-touch saving matters for repeated mid-size work, and a process that once factored a 20,000 × 20,000
 * matrix should not hold 3 GB for the rest of its life.
 */
const KEEP_MAX_BYTES = 256 * 2 ** 20;

/** Gives an instance of `kind` back; the two largest idle ones of each kind up to 256 MiB are kept. */
export function releaseKernels(kind: keyof KernelSets, k: Kernels): void {
  if (k.memory.buffer.byteLength > KEEP_MAX_BYTES) return;
  const pool = idle[kind];
  pool.push(k);
  pool.sort((p, q) => q.memory.buffer.byteLength - p.memory.buffer.byteLength);
  pool.length = Math.min(pool.length, 2);
}

/** A Float64Array view of `length` float64s at byte offset `at` (views go stale when the memory grows). */
export function f64View(k: Kernels, at: number, length: number): Float64Array {
  return new Float64Array(k.memory.buffer, at, length);
}

/** A Float32Array view of `length` float32s at byte offset `at`. */
export function f32View(k: Kernels, at: number, length: number): Float32Array {
  return new Float32Array(k.memory.buffer, at, length);
}

/** Grows `k`'s memory so that it holds `bytes` past the reserved page (views taken before go stale); same errors as `acquireKernels`. */
export function ensureKernelBytes(k: Kernels, bytes: number, what: string): void {
  checkFits(bytes, what);
  grow(k, bytes, what);
}
