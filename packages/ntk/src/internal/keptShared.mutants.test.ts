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

  // Killed here: the tightest fit (the first kept buffer large enough, smallest first), the capacity (the largest
  // kept, the smallest dropped), a buffer given back twice kept once (else two calls would share it), and the
  // ArrayBuffer where there is no SharedArrayBuffer.
  it('with a capacity of 3: the tightest fit, the three largest kept, a buffer given back twice kept once', () => {
    const kept = new KeptShared(3);
    const [b8, b16, b32, b64] = [8, 16, 32, 64].map((n) => kept.acquire(n)) as [
      ArrayBufferLike,
      ArrayBufferLike,
      ArrayBufferLike,
      ArrayBufferLike,
    ];
    for (const b of [b32, b8, b64, b16]) kept.release(b); // b8, the smallest of four, is dropped
    kept.release(b64); // already kept: still one entry
    expect(kept.acquire(9)).toBe(b16);
    expect(kept.acquire(8)).toBe(b32);
    expect(kept.acquire(1)).toBe(b64);
    const fresh = kept.acquire(1);
    expect([b8, b16, b32, b64]).not.toContain(fresh);
    const g = globalThis as Record<string, unknown>;
    const saved = g['SharedArrayBuffer'];
    delete g['SharedArrayBuffer'];
    try {
      const plain = kept.acquire(24);
      expect(plain).toBeInstanceOf(ArrayBuffer);
      expect(plain.byteLength).toBe(24);
    } finally {
      g['SharedArrayBuffer'] = saved;
    }
  });
});
