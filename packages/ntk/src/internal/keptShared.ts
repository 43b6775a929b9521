/**
 * A SharedArrayBuffer kept between calls of a worker-thread job of `gramAsync` (grow-only; dropped by
 * `terminateGramWorkers`). A SharedArrayBuffer posted to a worker thread stays allocated until that worker exits,
 * even once both threads have dropped it and collected their garbage (measured, Node 20: each float64 call at
 * (n, d, m) = (256, 8, 4096) left its 96 MB of c and K behind, ~100 MB more RSS per call; each float32 call its
 * 32 MB of H): so each job's shared operands and its K live in one kept buffer, reused by the next call, and H is
 * copied out. A buffer in use (a job still running) is never handed out twice: a second, concurrent call takes a
 * fresh one.
 */
export class KeptShared {
  private kept: SharedArrayBuffer | undefined;

  /** A SharedArrayBuffer of at least `bytes`: the kept one if it is large enough and free, else a new one. */
  acquire(bytes: number): SharedArrayBuffer {
    const kept = this.kept;
    if (kept !== undefined && kept.byteLength >= bytes) {
      this.kept = undefined;
      return kept;
    }
    return new SharedArrayBuffer(bytes);
  }

  /** Gives `buffer` back for the next call (the larger of it and the one kept). */
  release(buffer: SharedArrayBuffer): void {
    if (this.kept === undefined || this.kept.byteLength < buffer.byteLength) this.kept = buffer;
  }

  /** Drops the kept buffer. */
  drop(): void {
    this.kept = undefined;
  }
}
