/**
 * Tests written for the mutation run of keptShared.ts: the rules by which `gramAsync`'s worker-thread jobs keep and
 * hand out their shared buffer (gramAsync.mutants.test.ts checks what they protect: an earlier H untouched by later
 * calls, two calls in flight).
 */
import { KeptShared } from './keptShared';

describe('KeptShared: the shared buffer a worker-thread job keeps for the next call', () => {
  // Killed here: the size test (`>=` made `>`, or the kept buffer handed out whatever its size), the hand-out
  // without taking it back (`this.kept = undefined` dropped), the larger-of-two rule, and the drop.
  it('hands the kept buffer out once, when large enough; keeps the larger of two; drops it', () => {
    const kept = new KeptShared();
    const a = kept.acquire(64);
    expect(a).toBeInstanceOf(SharedArrayBuffer);
    expect(a.byteLength).toBe(64);
    kept.release(a);
    expect(kept.acquire(64)).toBe(a); // exactly large enough
    expect(kept.acquire(8)).not.toBe(a); // taken: a new one
    kept.release(a);
    const bigger = kept.acquire(65); // a is too small: a new one, a still kept
    expect(bigger).not.toBe(a);
    expect(bigger.byteLength).toBe(65);
    expect(kept.acquire(16)).toBe(a);
    kept.release(bigger);
    kept.release(a); // the smaller does not replace the larger
    expect(kept.acquire(8)).toBe(bigger);
    kept.release(a);
    kept.release(bigger); // the larger replaces the smaller
    expect(kept.acquire(8)).toBe(bigger);
    kept.release(bigger);
    kept.drop();
    expect(kept.acquire(8)).not.toBe(bigger);
  });
});
