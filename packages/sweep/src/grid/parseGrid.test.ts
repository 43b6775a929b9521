import { TRAIN_PARAMS } from '../experiments/train';
import { parseGrid } from './parseGrid';
import { ValidationError } from '@softmax-ntk/linalg';
import { SweepError } from './types';
import { readGridFile } from './readGridFile';

describe('parseGrid', () => {
  it('expands the product of the axes, last axis fastest, with defaults and fixed values in every cell', () => {
    const g = parseGrid({ experiment: 'train', axes: { n: [4, 8], m: [16, 32, 64] }, fixed: { steps: 10 } });
    expect(g.cells).toHaveLength(6);
    expect(g.cells.map((c) => [c.params.n, c.params.m])).toEqual([
      [4, 16],
      [4, 32],
      [4, 64],
      [8, 16],
      [8, 32],
      [8, 64],
    ]);
    for (const c of g.cells) {
      expect(Object.keys(c.params).sort()).toEqual(Object.keys(TRAIN_PARAMS).sort());
      expect(c.params.steps).toBe(10);
      expect(c.params.sigma).toBe(TRAIN_PARAMS.sigma.default);
    }
    expect(new Set(g.cells.map((c) => c.id)).size).toBe(6);
    expect(g.sweepId).toMatch(/^[0-9a-f]{16}$/);
    expect(parseGrid({ experiment: 'train', fixed: { steps: 10 }, axes: { n: [4, 8], m: [16, 32, 64] } }).sweepId).toBe(
      g.sweepId,
    );
  });

  it('"seeds" is a seed axis; "points" are crossed with the axes', () => {
    const g = parseGrid({
      experiment: 'table1-cell',
      seeds: 3,
      points: [
        { activation: 'relu', n: 4 },
        { activation: 'softmax', n: 8 },
      ],
      axes: { m: [16, 32] },
    });
    expect(g.cells).toHaveLength(2 * 2 * 3);
    expect(g.axes.seed).toEqual([0, 1, 2]);
    expect(g.cells[0]!.params).toMatchObject({ activation: 'relu', n: 4, m: 16, seed: 0 });
    expect(g.cells[11]!.params).toMatchObject({ activation: 'softmax', n: 8, m: 32, seed: 2 });
  });

  it('points alone make a grid (a list of cells that is not a product)', () => {
    const g = parseGrid({
      experiment: 'table1-cell',
      points: [
        { activation: 'relu', n: 4, m: 16, seed: 97 },
        { activation: 'exp', n: 8, m: 32, seed: 4 },
      ],
      fixed: { steps: 3000 },
    });
    expect(g.cells.map((c) => c.params)).toEqual([
      expect.objectContaining({ activation: 'relu', n: 4, m: 16, seed: 97, steps: 3000 }),
      expect.objectContaining({ activation: 'exp', n: 8, m: 32, seed: 4, steps: 3000 }),
    ]);
  });

  it('record selects result fields', () => {
    expect(parseGrid({ experiment: 'train', axes: { n: [4] }, record: ['loss', 'steps'] }).record).toEqual([
      'loss',
      'steps',
    ]);
  });

  const refused: [string, unknown, RegExp][] = [
    [
      'an unknown experiment',
      { experiment: 'trian', axes: { n: [4] } },
      /grid g\.json: unknown experiment "trian" \(known: train, table1-cell\)/,
    ],
    [
      'an unknown axis',
      { experiment: 'train', axes: { n: [4], width: [8] } },
      /grid g\.json: unknown axis "width" for experiment "train" \(its parameters: activation, n, d, m/,
    ],
    [
      'an empty axis',
      { experiment: 'train', axes: { n: [], m: [8] } },
      /^grid g\.json: axes\.n: expected at least one entry, got none$/,
    ],
    [
      'an empty seeds list',
      { experiment: 'train', axes: { n: [4] }, seeds: [] },
      /^grid g\.json: seeds: expected at least one entry, got none$/,
    ],
    [
      'a bad value',
      { experiment: 'train', axes: { n: [4, 2.5] } },
      /^grid g\.json: axes\.n\[1\]: expected an integer, got 2\.5$/,
    ],
    [
      'a bad activation',
      { experiment: 'train', axes: { activation: ['tanh'] } },
      /^grid g\.json: axes\.activation\[0\]: expected one of "softmax", "relu", "exp", got "tanh"$/,
    ],
    [
      'a key given twice',
      { experiment: 'train', axes: { n: [4] }, fixed: { n: 8 } },
      /parameter "n" is given both in axes and in fixed/,
    ],
    ['an unknown top-level key', { experiment: 'train', axis: { n: [4] } }, /^grid g\.json: axis: unknown field$/],
    ['no axis at all', { experiment: 'train', fixed: { n: 4 } }, /must give at least one axis/],
    [
      'an unknown record field',
      { experiment: 'train', axes: { n: [4] }, record: ['lambda'] },
      /unknown result field "lambda" of experiment "train"/,
    ],
    [
      'an odd width',
      { experiment: 'table1-cell', axes: { m: [16, 33] } },
      /^grid g\.json: axes\.m\[1\]: expected an even integer \(symmetric initialisation\), got 33$/,
    ],
    ['a repeated axis value', { experiment: 'train', axes: { n: [4, 4] } }, /axis "n" repeats a value/],
  ];
  it.each(refused)('refuses %s with a message naming it', (_what, grid, message) => {
    let err: unknown;
    try {
      parseGrid(grid, { source: 'g.json' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SweepError);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('issue #20 regressions: grids are counted before they are expanded', () => {
  it('bug 1: `seeds: 1e9` is refused by count, in milliseconds, without allocating a billion seeds', () => {
    const t0 = Date.now();
    expect(() => parseGrid({ experiment: 'train', seeds: 1e9 })).toThrow(/seeds.*1000000000 cells, more than 1000000/);
    // a generous bound: expanding 1e9 seeds takes tens of seconds (or aborts Node), counting takes microseconds
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('bug 1: seeds multiply the axes already given before the seed axis is built', () => {
    const axis = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(() => parseGrid({ experiment: 'train', axes: { n: axis }, seeds: 1001 })).toThrow(
      /1001000 cells, more than 1000000/,
    );
    expect(parseGrid({ experiment: 'train', axes: { n: [4] }, seeds: 3 }).cells).toHaveLength(3);
  });

  it('bug 3: a grid path that is a device or a directory is refused at once (readFileSync read /dev/zero forever)', () => {
    const t0 = Date.now();
    expect(() => readGridFile('/dev/zero')).toThrow(SweepError);
    expect(() => readGridFile('/dev/zero')).toThrow(/^grid \/dev\/zero: "\/dev\/zero" is not a regular file/);
    expect(() => readGridFile('/tmp')).toThrow(/^grid \/tmp: "\/tmp" is not a regular file \(a directory\)$/);
    expect(() => readGridFile('/nonexistent/g.json')).toThrow(
      /^grid \/nonexistent\/g\.json: cannot read ".*": ENOENT$/,
    );
    expect(Date.now() - t0).toBeLessThan(3000); // stats, not reads; slack for a loaded machine
  });

  it('bug 13: a value out of the float64 range (1e400 in JSON) is named as such, not as "null"', () => {
    const grid = JSON.parse('{"experiment": "train", "axes": {"n": [1e400]}}') as unknown;
    expect(() => parseGrid(grid)).toThrow(/got Infinity \(out of the float64 range\)/);
  });
});
