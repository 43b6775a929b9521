/**
 * Issue #20, property-based, over grid files: a valid grid with one field replaced by a value a hostile or careless
 * user could write (JSON and YAML, through `readGridFile`) is either accepted — every cell's parameters within their
 * specs, finite, at most MAX_CELLS cells, ids unique — or refused with one `SweepError` line that names the file and
 * the field (the replaced field, or the grid field it made inconsistent). Seeds are fixed.
 */
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { EXPERIMENTS } from '../experiments/index';
import { MAX_CELLS, parseGrid } from './parseGrid';
import { readGridFile } from './readGridFile';
import { SweepError } from './types';

const dir = mkdtempSync(join(tmpdir(), 'sweep-grid-prop-'));

const BASES: Record<string, Record<string, unknown>> = {
  train: { experiment: 'train', axes: { n: [4, 8], m: [16] }, fixed: { steps: 10, eta: 'auto' }, seeds: 2 },
  'table1-cell': {
    experiment: 'table1-cell',
    points: [
      { activation: 'relu', n: 4 },
      { activation: 'softmax', n: 8 },
    ],
    axes: { m: [16, 32] },
    record: ['steps'],
  },
};

/** Values as a hostile or careless grid holds them. */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 70 }) },
  { weight: 3, arbitrary: fc.double({ noNaN: true }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null,
      '4',
      'auto',
      'relu',
      'tanh',
      '',
      true,
      {},
      [],
      1e9,
      2.5,
      -0,
      1e300,
      Number.MAX_SAFE_INTEGER + 2,
      'Infinity',
      '0x10',
    ),
  },
);
const replacement = fc.oneof(
  value,
  fc.array(value, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('n', 'm', 'd', 'x', 'seed'), value, { maxKeys: 2 }),
);

/** A path into the base grid, or a new key beside it. */
const PATHS = [
  'experiment',
  'axes',
  'axes.n',
  'axes.n.1',
  'axes.m',
  'axes.m.0',
  'axes.sigma',
  'axes.activation',
  'fixed',
  'fixed.steps',
  'fixed.eta',
  'fixed.d',
  'fixed.epsilon',
  'seeds',
  'points',
  'points.0',
  'points.0.n',
  'points.1.activation',
  'record',
  'record.0',
  'name',
  'extra',
];

function edit(base: Record<string, unknown>, path: string, v: unknown): Record<string, unknown> {
  const g = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const keys = path.split('.');
  let o: Record<string, unknown> = g;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1] as string] = v;
  return g;
}

/** The grid fields a refusal of an edit at `path` may name: the path's first key, or one its change involves. */
function fieldsFor(path: string): RegExp {
  const top = path.split('.')[0] as string;
  return new RegExp(
    `^grid g\\.(json|yaml): (${top}|axes|points|fixed|seeds|experiment)\\b|"(${top}|seeds)"|parameter "`,
  );
}

describe('property: grid files (JSON and YAML through readGridFile)', () => {
  it.each(Object.keys(BASES))('%s: accepted with valid cells, or one SweepError line naming the field', (name) => {
    const base = BASES[name] as Record<string, unknown>;
    const spec = EXPERIMENTS[name as keyof typeof EXPERIMENTS].params;
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), replacement, fc.boolean(), (path, v, yaml) => {
        const grid = edit(base, path, v);
        const file = join(dir, yaml ? 'g.yaml' : 'g.json');
        writeFileSync(file, yaml ? toYaml(grid) : JSON.stringify(grid));
        let parsed;
        try {
          parsed = readGridFile(file);
        } catch (e) {
          refused++;
          expect(e).toBeInstanceOf(SweepError);
          const message = (e as Error).message.replace(dir + '/', '');
          expect(message.split('\n')).toHaveLength(1);
          expect({ path, v, message }).toMatchObject({ message: expect.stringMatching(fieldsFor(path)) });
          return;
        }
        accepted++;
        expect(parsed.cells.length).toBeGreaterThan(0);
        expect(parsed.cells.length).toBeLessThanOrEqual(MAX_CELLS);
        expect(new Set(parsed.cells.map((c) => c.id)).size).toBe(parsed.cells.length);
        // every cell holds every parameter of the experiment, and each one is what its spec accepts
        const bad = parsed.cells.flatMap((c) =>
          Object.entries(spec)
            .filter(
              ([k, s]) =>
                s.check(c.params[k]) !== undefined ||
                (typeof c.params[k] === 'number' && !Number.isFinite(c.params[k])),
            )
            .map(([k]) => `${c.id}: ${k} = ${JSON.stringify(c.params[k])}`),
        );
        expect({ path, v, bad }).toEqual({ path, v, bad: [] });
      }),
      { numRuns: 300, seed: 2020 },
    );
    // both branches are exercised (a generator that only produces refusals proves nothing)
    expect(accepted).toBeGreaterThanOrEqual(10); // 16 and 13 of 300 with these seeds
    expect(refused).toBeGreaterThan(20);
  });

  it('the unedited grids are accepted with the cells they describe', () => {
    expect(parseGrid(BASES['train']).cells).toHaveLength(2 * 1 * 2);
    expect(parseGrid(BASES['table1-cell']).cells).toHaveLength(2 * 2);
  });
});
