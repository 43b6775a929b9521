/**
 * Seeded random numbers (seedrandom's Alea generator): uniform, Gaussian,
 * Rademacher, uniform on the sphere and in the ball.
 *
 * The same seed gives the same numbers on every backend and machine: all
 * draws are made here, in float64 JavaScript, never by a tensor backend. A
 * generator's state (including a cached second Box–Muller normal) can be
 * saved with `getState()` and restored with `Rng.fromState()`, so a resumed
 * run continues the exact stream.
 */
import seedrandom from 'seedrandom';
import { argumentError } from '../validate/arguments';

/** Serializable generator state: JSON-safe. */
export interface RngState {
  /** Always `alea`, the generator's algorithm. */
  kind: 'alea';
  /** Alea's internal state, as seedrandom exports it. */
  alea: { c: number; s0: number; s1: number; s2: number };
  /** The second normal of the last Box–Muller pair, when not yet used. */
  spare: number | null;
}

/**
 * Whether `v` has the shape `Rng.getState()` returns — seedrandom's Alea state (a safe integer `c` and three
 * fractions `s0`, `s1`, `s2` in [0, 1)) and the spare normal (null or a finite number) — so that
 * {@link Rng.fromState} can restore it. The one check of a stored generator state: every checkpoint reader calls it.
 *
 * @param v - Any value (typically a checkpoint's parsed `rng` field).
 *
 * @example
 * ```ts
 * import { Rng, isRngState } from '@softmax-ntk/linalg';
 *
 * // A checkpoint's stored generator state is checked before it is restored
 * const state = JSON.parse(JSON.stringify(new Rng(1).getState()));
 * const broken = { ...state, alea: { ...state.alea, c: 0.5 } };
 * const restored = Rng.fromState(state).uniform() === new Rng(1).uniform();
 * console.log(isRngState(state), isRngState(broken), restored); // true false true
 * ```
 */
export function isRngState(v: unknown): v is RngState {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  const a = r['alea'];
  if (r['kind'] !== 'alea' || !a || typeof a !== 'object' || Array.isArray(a)) return false;
  const st = a as Record<string, unknown>;
  const fraction = (x: unknown) => typeof x === 'number' && x >= 0 && x < 1;
  const spare = r['spare'];
  return (
    typeof st['c'] === 'number' &&
    Number.isSafeInteger(st['c']) &&
    fraction(st['s0']) &&
    fraction(st['s1']) &&
    fraction(st['s2']) &&
    (spare === null || (typeof spare === 'number' && Number.isFinite(spare)))
  );
}

/** What {@link isRngState} accepts, as refusals describe it. */
export const RNG_STATE_SHAPE = '{"kind": "alea", "alea": {c, s0, s1, s2}, "spare": null or a number}';

interface AleaPrng {
  (): number;
  double(): number;
  int32(): number;
  state(): { c: number; s0: number; s1: number; s2: number };
}

/**
 * Seeded random numbers (the Alea generator): uniform, Gaussian, Rademacher, on the sphere and in the ball — the
 * same numbers for a seed on every backend and machine.
 *
 * @example
 * ```ts
 * import { Rng } from '@softmax-ntk/linalg';
 *
 * // Seeded (seedrandom's Alea): the same seed gives the same draws, in Node and in a browser.
 * const a = new Rng(1);
 * const b = new Rng(1);
 * console.log(a.normal() === b.normal(), a.uniform() === b.uniform()); // true true
 * console.log(new Rng(1).normal().toFixed(6), new Rng('one').uniform().toFixed(6)); // -1.210050 0.809503
 * ```
 */
export class Rng {
  private readonly prng: AleaPrng;
  private spare: number | null = null;

  /**
   * A generator seeded by a number or string; the same seed, the same stream.
   *
   * @param seed - The seed (a finite number or a string).
   */
  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw argumentError('seed', `must be a finite number or a string, got ${seed}`);
    }
    this.prng = seedrandom.alea(String(seed), { state: true });
  }

  /**
   * Restore a generator from `getState()`; anything else (see {@link isRngState}) is a `ValidationError`.
   *
   * @param state - A state from `getState()`.
   */
  static fromState(state: RngState): Rng {
    if (!isRngState(state)) throw argumentError('state', `not an Rng state (expected ${RNG_STATE_SHAPE})`);
    const r = Object.create(Rng.prototype) as Rng;
    (r as unknown as { prng: AleaPrng }).prng = seedrandom.alea('', {
      state: { ...state.alea },
    });
    (r as unknown as { spare: number | null }).spare = state.spare;
    return r;
  }

  /** The generator's state; JSON-serializable. */
  getState(): RngState {
    return { kind: 'alea', alea: this.prng.state(), spare: this.spare };
  }

  /** Uniform on [0, 1) with 53 bits of randomness. */
  uniform(): number {
    return this.prng.double();
  }

  /** Standard normal, by the Box–Muller transform (both values of a pair are used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    // 1 − u ∈ (0, 1], so the log is finite.
    const u1 = 1 - this.prng.double();
    const u2 = this.prng.double();
    const rad = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u2;
    this.spare = rad * Math.sin(th);
    return rad * Math.cos(th);
  }

  /**
   * Fill `out` with $\mathcal{N}(\mathrm{mean}, \mathrm{std}^2)$ draws. Returns `out`.
   *
   * @param out - The array to fill.
   * @param mean - The mean (default 0).
   * @param std - The standard deviation (default 1).
   */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean = 0, std = 1): T {
    for (let k = 0; k < out.length; k++) out[k] = mean + std * this.normal();
    return out;
  }

  /**
   * Fill `out` with uniform draws on [lo, hi). Returns `out`.
   *
   * @param out - The array to fill.
   * @param lo - The lower end, included (default 0).
   * @param hi - The upper end, excluded (default 1).
   */
  fillUniform<T extends Float64Array | Float32Array>(out: T, lo = 0, hi = 1): T {
    const w = hi - lo;
    for (let k = 0; k < out.length; k++) out[k] = lo + w * this.prng.double();
    return out;
  }

  /** $\pm 1$ with probability $\frac12$ each. */
  rademacher(): number {
    return this.prng.double() < 0.5 ? -1 : 1;
  }

  /**
   * Fill `out` with Rademacher (±1) draws. Returns `out`.
   *
   * @param out - The array to fill.
   */
  fillRademacher<T extends Float64Array | Float32Array>(out: T): T {
    for (let k = 0; k < out.length; k++) out[k] = this.rademacher();
    return out;
  }

  /**
   * A point uniform on the unit sphere $S^{d-1} \subset \mathbb{R}^d$ (a normalised Gaussian).
   *
   * @param d - The dimension d.
   * @param out - Where to write the point (default a new array).
   */
  sphere(d: number, out: Float64Array = new Float64Array(d)): Float64Array {
    let s: number;
    do {
      s = 0;
      for (let k = 0; k < d; k++) {
        const g = this.normal();
        out[k] = g;
        s += g * g;
      }
    } while (s === 0);
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < d; k++) out[k] = (out[k] as number) * inv;
    return out;
  }

  /**
   * A point uniform in the closed unit ball of $\mathbb{R}^d$ (radius $U^{1/d}$ times a sphere point).
   *
   * @param d - The dimension d.
   * @param radius - The ball's radius (default 1).
   * @param out - Where to write the point (default a new array).
   */
  ball(d: number, radius = 1, out: Float64Array = new Float64Array(d)): Float64Array {
    this.sphere(d, out);
    const r = radius * Math.pow(this.prng.double(), 1 / d);
    for (let k = 0; k < d; k++) out[k] = (out[k] as number) * r;
    return out;
  }

  /**
   * An integer uniform in [0, n).
   *
   * @param n - The number of values (a positive integer).
   */
  int(n: number): number {
    return Math.floor(this.prng.double() * n);
  }
}
