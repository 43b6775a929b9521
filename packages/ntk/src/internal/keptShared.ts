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
 * New buffers are SharedArrayBuffers where the platform has them (Node; cross-origin-isolated pages), else
 * ArrayBuffers (a plain browser page, where `gram` computes in its own thread anyway).
 */
export class KeptShared {
  /** Kept buffers, smallest first, so that `acquire` takes the tightest fit. */
  private kept: ArrayBufferLike[] = [];

  /** @param capacity How many buffers to keep (the largest given back). */
  constructor(private readonly capacity = 1) {}

  /** A buffer of at least `bytes`: the smallest kept one that is large enough, else a new one. */
  acquire(bytes: number): ArrayBufferLike {
    const k = this.kept.findIndex((b) => b.byteLength >= bytes);
    if (k < 0) return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    return this.kept.splice(k, 1)[0] as ArrayBufferLike;
  }

  /** Gives `buffer` back for a later call; of those kept, the `capacity` largest stay. */
  release(buffer: ArrayBufferLike): void {
    if (this.kept.includes(buffer)) return;
    this.kept = [...this.kept, buffer]
      .sort((p, q) => q.byteLength - p.byteLength)
      .slice(0, this.capacity)
      .reverse();
  }

  /** Drops the kept buffers. */
  drop(): void {
    this.kept = [];
  }
}
