/**
 * Buffers kept between calls of `gram` and `gramAsync` (grow-only; dropped by `terminateGramWorkers`), for two
 * reasons measured here:
 * - A SharedArrayBuffer posted to a worker thread stays allocated until that worker exits, even once both threads
 *   have dropped it and collected their garbage (Node 20: each float64 call at (n, d, m) = (256, 8, 4096) left its
 *   96 MB of c and K behind, ~100 MB more RSS per call; each float32 call its 32 MB of H). So each job's shared
 *   operands and its K live in kept buffers, reused by the next call, and H is copied out.
 * - The first touch of fresh memory costs ~4 ms per MB on this machine (a Firecracker guest whose freed pages go
 *   back to the host): 130 ms for each 32 MB operand at (256, 8, 4096), more than building it.
 *
 * A buffer in use (a job still running) is never handed out twice: a second, concurrent call takes a fresh one.
 * `Kept` holds any such item by its size (the float32 Gram's shared WebAssembly memory of c too); `KeptShared` is it
 * for buffers.
 * New buffers are SharedArrayBuffers where the platform has them (Node; cross-origin-isolated pages), else
 * ArrayBuffers (a plain browser page, where `gram` computes in its own thread anyway).
 */
export class Kept<T> {
  /** Kept items, smallest first, so that `take` hands out the tightest fit. */
  private kept: T[] = [];

  /**
   * @param capacity How many items to keep (the largest given back).
   * @param size An item's size in bytes.
   */
  constructor(
    private readonly capacity: number,
    private readonly size: (item: T) => number,
  ) {}

  /** The smallest kept item of at least `bytes`, taken out until given back; undefined if none is large enough. */
  take(bytes = 0): T | undefined {
    const k = this.kept.findIndex((b) => this.size(b) >= bytes);
    return k < 0 ? undefined : this.kept.splice(k, 1)[0];
  }

  /** Gives `item` back for a later call; of those kept, the `capacity` largest stay. */
  give(item: T): void {
    if (this.kept.includes(item)) return;
    this.kept = [...this.kept, item]
      .sort((p, q) => this.size(q) - this.size(p))
      .slice(0, this.capacity)
      .reverse();
  }

  /** Drops the kept items. */
  drop(): void {
    this.kept = [];
  }
}

/** Kept (Shared)ArrayBuffers, a new one made when none kept is large enough. */
export class KeptShared extends Kept<ArrayBufferLike> {
  /** @param capacity How many buffers to keep (the largest given back). */
  constructor(capacity = 1) {
    super(capacity, (b) => b.byteLength);
  }

  /** A buffer of at least `bytes`: the smallest kept one that is large enough, else a new one. */
  acquire(bytes: number): ArrayBufferLike {
    return (
      this.take(bytes) ??
      (typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
    );
  }

  /** Gives `buffer` back for a later call; of those kept, the `capacity` largest stay. */
  release(buffer: ArrayBufferLike): void {
    this.give(buffer);
  }
}
