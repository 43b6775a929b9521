import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { energyDistance, medianBandwidth, mmd2, slicedWasserstein2 } from './distances';
import { NonFiniteResultError } from './nonFiniteResult';
import { sampleQuality } from './sampleQuality';

// sampleQuality is otherwise tested only through the samplers (sample/scheduler.test.ts, outside this folder): here
// its composition is written out — the reference sets drawn in the documented order (A, then B₁, C₁, B₂, C₂, …,
// then the SW₂ seed) from a generator of the seed, each metric of the samples against A, and each floor the mean
// over the pairs (B_k, C_k) — with the distances themselves pinned by distances.mutants.test.ts.

/** A reference sampler of N(1, 0.5²) in 2-D that draws from the generator it is given. */
const reference = (n: number, rng: Rng): Matrix => ({
  rows: n,
  cols: 2,
  data: rng.fillNormal(new Float64Array(2 * n)).map((v) => 1 + 0.5 * v),
});

const samples: Matrix = { rows: 6, cols: 2, data: new Rng(42).fillNormal(new Float64Array(12)) };

function byHand(seed: number, pairs: number, projections: number) {
  const rng = new Rng(seed);
  const a = reference(6, rng);
  const floors: [Matrix, Matrix][] = [];
  for (let k = 0; k < pairs; k++) floors.push([reference(6, rng), reference(6, rng)]);
  const bandwidth = medianBandwidth(samples, a);
  const swSeed = rng.int(2 ** 31);
  const mean = (f: (x: Matrix, y: Matrix) => number) => {
    let s = 0;
    for (const [b, c] of floors) s += f(b, c);
    return s / pairs;
  };
  return {
    n: 6,
    floorPairs: pairs,
    bandwidth,
    mmd2: mmd2({ x: samples, y: a, bandwidth }).mmd2,
    mmd2Floor: mean((x, y) => mmd2({ x, y, bandwidth }).mmd2),
    energy: energyDistance({ x: samples, y: a }),
    energyFloor: mean((x, y) => energyDistance({ x, y })),
    sw2: slicedWasserstein2({ x: samples, y: a, projections, seed: swSeed }),
    sw2Floor: mean((x, y) => slicedWasserstein2({ x, y, projections, seed: swSeed })),
  };
}

describe('sampleQuality written out', () => {
  it('given seed, pairs and projections: every metric and floor as composed by hand', () => {
    const q = sampleQuality({ samples, reference, seed: 7, floorPairs: 3, projections: 9 });
    const want = byHand(7, 3, 9);
    expect(Object.keys(q).sort()).toEqual(Object.keys(want).sort());
    expect([q.n, q.floorPairs]).toEqual([6, 3]);
    const keys = ['bandwidth', 'mmd2', 'mmd2Floor', 'energy', 'energyFloor', 'sw2', 'sw2Floor'] as const;
    expect(keys.map((k) => q[k])).toBeAllClose(
      keys.map((k) => want[k]),
      TOLERANCES.float64,
    );
  });

  it('defaults: seed 0, 5 floor pairs, 128 directions; an Rng of the seed is the same as the seed', () => {
    const q = sampleQuality({ samples, reference });
    const want = byHand(0, 5, 128);
    const keys = ['bandwidth', 'mmd2', 'mmd2Floor', 'energy', 'energyFloor', 'sw2', 'sw2Floor'] as const;
    expect(q.floorPairs).toBe(5);
    expect(keys.map((k) => q[k])).toBeAllClose(
      keys.map((k) => want[k]),
      TOLERANCES.float64,
    );
    expect(sampleQuality({ samples, reference, rng: new Rng(7), floorPairs: 2, projections: 4 })).toEqual(
      sampleQuality({ samples, reference, seed: 7, floorPairs: 2, projections: 4 }),
    );
  });

  it('samples that are not a matrix are refused naming `samples`', () => {
    // kills: checkMatrix('samples' → "") (the message would not name the argument)
    const bad = { rows: 2, cols: 2, data: new Float64Array(3) };
    expect(() => sampleQuality({ samples: bad, reference })).toThrow(/^invalid argument: samples: /);
  });

  it('a non-finite sample is refused naming its 1-based row and column', () => {
    const bad = { rows: 3, cols: 2, data: Float64Array.from([0, 1, 2, 3, NaN, 5]) };
    expect(() => sampleQuality({ samples: bad, reference })).toThrow(
      /^invalid argument: samples: row 3, column 1 must be finite, got NaN$/,
    );
    const inf = { rows: 3, cols: 2, data: Float64Array.from([0, 1, 2, Infinity, 4, 5]) };
    expect(() => sampleQuality({ samples: inf, reference })).toThrow(
      /^invalid argument: samples: row 2, column 2 must be finite, got Infinity$/,
    );
  });

  it('a reference that draws non-finite values is a NonFiniteResultError naming the first metric hit', () => {
    let err: unknown;
    try {
      sampleQuality({
        samples,
        reference: (n) => ({ rows: n, cols: 2, data: new Float64Array(2 * n).fill(1e200) }),
        floorPairs: 1,
        projections: 2,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteResultError);
    // squared distances to points at 1e200 overflow, so the first output checked, the bandwidth, is already ∞
    expect((err as NonFiniteResultError).field).toBe('bandwidth');
    expect((err as Error).message).toMatch(
      /\(distances between the samples or the reference draws overflow float64, or the reference returned non-finite draws\)$/,
    );
  });
});
