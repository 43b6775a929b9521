import { Rng } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { namedMixture, sampleNamed } from './named';

// Each toy set written out from the module header's recipe, drawing from a generator of the same seed in the same
// order, so a wrong constant, sign, branch or draw order of the shipped sampler shows in the very first rows.
const recipes: Record<'two-moons' | 'swiss-roll' | 'checkerboard' | 'rings', (rng: Rng) => [number, number]> = {
  'two-moons': (rng) => {
    const th = Math.PI * rng.uniform();
    const upper = rng.uniform() < 0.5;
    const [x, y] = upper ? [Math.cos(th), Math.sin(th)] : [1 - Math.cos(th), 0.5 - Math.sin(th)];
    return [x - 0.5 + 0.05 * rng.normal(), y - 0.25 + 0.05 * rng.normal()];
  },
  'swiss-roll': (rng) => {
    const th = 1.5 * Math.PI * (1 + 2 * rng.uniform());
    return [(th * Math.cos(th)) / 5 + 0.05 * rng.normal(), (th * Math.sin(th)) / 5 + 0.05 * rng.normal()];
  },
  checkerboard: (rng) => {
    const col = Math.floor(4 * rng.uniform());
    const row = 2 * Math.floor(2 * rng.uniform()) + (col % 2);
    return [-2 + col + rng.uniform(), -2 + row + rng.uniform()];
  },
  rings: (rng) => {
    const radius = [0.5, 1, 1.5, 2][Math.floor(4 * rng.uniform())]!;
    const th = 2 * Math.PI * rng.uniform();
    const r = radius + 0.04 * rng.normal();
    return [r * Math.cos(th), r * Math.sin(th)];
  },
};

describe('the named 2-D toy targets', () => {
  it('8-gaussians: 8 equal weights, means 2(cos 2πk/8, sin 2πk/8), std 0.15', () => {
    const m = namedMixture('8-gaussians')!;
    expect(Array.from(m.weights)).toEqual(new Array(8).fill(1 / 8));
    const s = Math.SQRT1_2 * 2;
    const means = [2, 0, s, s, 0, 2, -s, s, -2, 0, -s, -s, 0, -2, s, -s];
    expect(m.means.data).toBeAllClose(means, TOLERANCES.float64);
    expect([m.means.rows, m.means.cols, m.std.rows, m.std.cols]).toEqual([8, 2, 8, 2]);
    expect(Array.from(m.std.data)).toEqual(new Array(16).fill(0.15));
  });

  it('25-gaussians: 25 equal weights, means the grid {−2, …, 2}², first coordinate slowest, std 0.1', () => {
    const m = namedMixture('25-gaussians')!;
    expect(Array.from(m.weights)).toEqual(new Array(25).fill(1 / 25));
    const means: number[] = [];
    for (const a of [-2, -1, 0, 1, 2]) for (const b of [-2, -1, 0, 1, 2]) means.push(a, b);
    expect(Array.from(m.means.data)).toEqual(means);
    expect([m.means.rows, m.means.cols, m.std.rows, m.std.cols]).toEqual([25, 2, 25, 2]);
    expect(Array.from(m.std.data)).toEqual(new Array(50).fill(0.1));
  });

  it('the sampler-only sets are no mixtures, and asking their sampler for a mixture is an internal error', () => {
    for (const name of ['two-moons', 'swiss-roll', 'checkerboard', 'rings'] as const)
      expect(namedMixture(name)).toBeUndefined();
    expect(() => sampleNamed('8-gaussians', 1, new Rng(1))).toThrow('internal: 8-gaussians is a mixture');
  });

  it.each(Object.keys(recipes) as (keyof typeof recipes)[])('%s: every draw follows the recipe', (name) => {
    const n = 200;
    const x = sampleNamed(name, n, new Rng(`named ${name}`));
    expect([x.rows, x.cols]).toEqual([n, 2]);
    const rng = new Rng(`named ${name}`);
    const want = Array.from({ length: n }, () => recipes[name](rng)).flat();
    expect(x.data).toBeAllClose(want, TOLERANCES.float64);
  });

  it('200 draws reach every branch: both moons, all 8 dark squares, all 4 rings', () => {
    const moons = sampleNamed('two-moons', 200, new Rng('named two-moons'));
    const ys = Array.from({ length: 200 }, (_, i) => moons.data[2 * i + 1]! + 0.25);
    // the upper moon has y + ¼ = sin θ ≥ 0 (up to noise), the lower y + ¼ = ½ − sin θ ≤ ½
    expect(ys.some((y) => y > 0.7)).toBe(true);
    expect(ys.some((y) => y < -0.2)).toBe(true);
    const board = sampleNamed('checkerboard', 200, new Rng('named checkerboard'));
    const squares = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = Math.floor(board.data[2 * i]! + 2);
      const r = Math.floor(board.data[2 * i + 1]! + 2);
      expect((r + c) % 2).toBe(0); // a dark square
      squares.add(`${c},${r}`);
    }
    expect(squares.size).toBe(8);
    const rings = sampleNamed('rings', 200, new Rng('named rings'));
    const radii = new Set<number>();
    for (let i = 0; i < 200; i++) radii.add(Math.round(2 * Math.hypot(rings.data[2 * i]!, rings.data[2 * i + 1]!)) / 2);
    expect([...radii].sort()).toEqual([0.5, 1, 1.5, 2]);
  });
});
