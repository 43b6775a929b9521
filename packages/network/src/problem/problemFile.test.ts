import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toRows } from '@softmax-ntk/linalg';
import { specExampleRows } from '@softmax-ntk/reference';
import { parseProblem } from './parseProblem';
import { readProblemFile, writeProblemFile } from './problemFile';
import { serializeProblem } from './serializeProblem';
import { ProblemError } from './problem';
import { makeProblem } from './makeProblem';
import { readLabelledData } from './readLabelledDataFile';
import { forward } from '../network/forward';

/** The example of the spec (shared/spec/problem-file.md), from the shared fixtures. */
const spec = specExampleRows();

function errorOf(input: string | object): ProblemError {
  try {
    parseProblem(input);
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('expected a ProblemError');
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'network-problem-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('problem files (shared/spec/problem-file.md)', () => {
  it('parses the spec example; its symmetric pairs give F = 0', () => {
    const { problem, warnings } = parseProblem(JSON.stringify(spec));
    expect(warnings).toEqual([]);
    expect([problem.x.rows, problem.x.cols, problem.y.cols, problem.w.rows]).toEqual([3, 2, 2, 4]);
    expect(toRows(problem.a)).toEqual(spec.a);
    expect(Array.from(forward(problem).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('activation is optional (default softmax)', () => {
    const { activation: _drop, ...rest } = spec;
    expect(parseProblem(rest).problem.activation).toBe('softmax');
    expect(parseProblem({ ...spec, activation: 'relu' }).problem.activation).toBe('relu');
  });

  const cases: [string, object | string, string, string][] = [
    ['invalid JSON', '{"x": [[1, 2]', 'json', 'json: invalid JSON: '],
    ['not an object', '[1, 2]', 'json', 'json: expected an object, got [1,2]'],
    [
      'unknown activation',
      { ...spec, activation: 'tanh' },
      'activation',
      'activation: expected one of "softmax", "relu", "exp", got "tanh"',
    ],
    ['missing field', { ...spec, w: undefined }, 'w', 'w: missing (expected an array)'],
    [
      'ragged x',
      { ...spec, x: [[0.1, -0.3], [0.5], [0, 0.7]] },
      'x',
      'x: expected 3 rows of length 2, row 1 has length 1',
    ],
    [
      'ragged y',
      {
        ...spec,
        y: [
          [0.2, 0.1],
          [-0.4, 0.3, 0.5],
          [0.1, 0.1],
        ],
      },
      'y',
      'y: expected 3 rows of length 2, row 1 has length 3',
    ],
    ['y with too many rows', { ...spec, y: [...spec.y, [0, 0]] }, 'y', 'y: expected 3 rows of length 2, got 4 rows'],
    [
      'w of the wrong width',
      {
        ...spec,
        w: [
          [0.3, -1.2, 0],
          [0.3, -1.2, 0],
        ],
      },
      'w',
      'w: expected 2 rows of length 2, row 0 has length 3',
    ],
    ['a of the wrong height', { ...spec, a: [[1, -1, -1, 1]] }, 'a', 'a: expected 2 rows of length 4, got 1 row'],
    [
      'a of the wrong width',
      {
        ...spec,
        a: [
          [1, -1, -1, 1],
          [-1, 1, 1],
        ],
      },
      'a',
      'a: expected 2 rows of length 4, row 1 has length 3',
    ],
    [
      'a non-number',
      {
        ...spec,
        x: [
          [0.1, '0.3'],
          [0.5, 0.2],
          [0, 0.7],
        ],
      },
      'x',
      'x[0][1]: expected a finite number, got "0.3"',
    ],
    [
      'null (NaN written by JSON.stringify)',
      {
        ...spec,
        y: [
          [0.2, null],
          [-0.4, 0.3],
          [0.1, 0.1],
        ],
      },
      'y',
      'y[0][1]: expected a finite number, got null',
    ],
    [
      'overflow to Infinity',
      '{"x": [[1e999, 0]], "y": [[0]], "w": [[0, 0]], "a": [[1]]}',
      'x',
      'x[0][0]: expected a finite number, got Infinity',
    ],
    [
      'NaN in an object',
      {
        ...spec,
        w: [
          [NaN, 0],
          [0, 0],
        ],
      },
      'w',
      'w[0][0]: expected a finite number, got NaN',
    ],
    ['a row that is not an array', { ...spec, x: [[0.1, -0.3], 5, [0, 0.7]] }, 'x', 'x[1]: expected an array, got 5'],
    ['x not an array', { ...spec, x: 'abc' }, 'x', 'x: expected an array, got "abc"'],
    ['no rows', { ...spec, x: [] }, 'x', 'x: expected at least one entry, got none'],
    ['empty rows', { ...spec, x: [[], [], []] }, 'x', 'x[0]: expected at least one entry, got none'],
  ];
  for (const [what, input, field, message] of cases) {
    it(`refuses ${what}, naming the field`, () => {
      const e = errorOf(input);
      expect(e.field).toBe(field);
      if (what === 'invalid JSON') expect(e.message.startsWith(message)).toBe(true);
      else expect(e.message).toBe(message);
    });
  }

  it('warns (does not refuse) when ‖x_i‖₂ > 1 or ‖y_i‖₂ > 1 (Assumption 6.1)', () => {
    const { warnings } = parseProblem({
      ...spec,
      x: [
        [0.1, -0.3],
        [3, 4],
        [0, 0.7],
      ],
      y: [
        [0.2, 0.1],
        [-0.4, 0.3],
        [1, 1],
      ],
    });
    expect(warnings.map((w) => [w.field, w.row, w.norm])).toEqual([
      ['x', 1, 5],
      ['y', 2, Math.SQRT2],
    ]);
    expect(warnings[0]?.message).toBe('x: row 1 has Euclidean norm 5 > 1; Assumption 6.1 (‖x_i‖₂ ≤ 1) is not met');
  });

  it('write → read round-trips every float64 exactly, atomically (no temp file left)', () => {
    const { problem } = makeProblem({ n: 5, dIn: 3, dOut: 2, numNeurons: 6, sigma: 1.7, seed: 12, activation: 'exp' });
    problem.x.data[0] = -0; // keeps the sign of zero
    problem.x.data[1] = 0.1 + 0.2;
    problem.x.data[2] = 5e-324;
    const path = join(dir, 'p.json');
    writeProblemFile(path, problem);
    expect(readdirSync(dir)).toEqual(['p.json']);
    const back = readProblemFile(path).problem;
    for (const k of ['x', 'y', 'w', 'a'] as const) expect(back[k]).toEqual(problem[k]);
    expect(Object.is(back.x.data[0], -0)).toBe(true);
    expect(back.activation).toBe('exp');
    expect(readFileSync(path, 'utf8')).toBe(serializeProblem(problem));
    // The text is plain JSON with the spec's fields.
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')))).toEqual(['activation', 'x', 'y', 'w', 'a']);
  });

  it('readProblemFile names a missing file', () => {
    expect(() => readProblemFile(join(dir, 'nope.json'))).toThrow(
      /^json: problem file: cannot read ".*nope\.json": ENOENT/,
    );
  });
});

describe('makeProblem: data generators and symmetric initialisation (Definition 3.7)', () => {
  it('is seeded, inside the unit ball, and F(W(0)) = 0', () => {
    const a = makeProblem({ n: 20, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 3 });
    const b = makeProblem({ n: 20, dIn: 3, dOut: 2, numNeurons: 8, sigma: 1, seed: 3 });
    expect(a).toEqual(b);
    expect(a.warnings).toEqual([]);
    for (const m of [a.problem.x, a.problem.y]) {
      for (const row of toRows(m)) expect(Math.hypot(...row)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(forward(a.problem).data).every((v) => v === 0)).toBe(true);
    const w = toRows(a.problem.w);
    const am = toRows(a.problem.a);
    for (let r = 0; r < 8; r += 2) {
      expect(w[r + 1]).toEqual(w[r]);
      for (const al of am) expect(al[r + 1]).toBe(-(al[r] as number));
      for (const al of am) expect(Math.abs(al[r] as number)).toBe(1);
    }
  });

  it('unit-sphere inputs have norm 1', () => {
    const { problem } = makeProblem({ n: 10, dIn: 4, dOut: 1, numNeurons: 2, sigma: 1, seed: 1, data: 'unit-sphere' });
    for (const row of toRows(problem.x)) expect(Math.hypot(...row)).toBeAllClose(1, { rtol: 1e-15, atol: 0 }); // one rounding per entry
  });

  it('refuses odd m for symmetric initialisation, with the exact message', () => {
    expect(() => makeProblem({ n: 2, dIn: 2, dOut: 2, numNeurons: 7, sigma: 1, seed: 1 })).toThrow(
      'invalid argument: numNeurons: must be even for symmetric initialisation, got 7',
    );
    expect(
      makeProblem({ n: 2, dIn: 2, dOut: 2, numNeurons: 7, sigma: 1, seed: 1, init: 'gaussian' }).problem.w.rows,
    ).toBe(7);
  });

  it('takes labelled data from CSV and JSON, with the d_in / d_out split', () => {
    const csvPath = join(dir, 'data.csv');
    writeFileSync(csvPath, 'x1,x2,y1\n0.1,0.2,0.3\n\n0.4,0.5,0.6\n');
    const d = readLabelledData({ path: csvPath, dIn: 2, dOut: 1 });
    expect(toRows(d.x)).toEqual([
      [0.1, 0.2],
      [0.4, 0.5],
    ]);
    expect(toRows(d.y)).toEqual([[0.3], [0.6]]);
    const j = readLabelledData({ text: '[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]', format: 'json', dIn: 1, dOut: 2 });
    expect(toRows(j.y)).toEqual([
      [0.2, 0.3],
      [0.5, 0.6],
    ]);
    const o = readLabelledData({ text: '{"x": [[1], [2]], "y": [[3, 4], [5, 6]]}', format: 'json', dIn: 1, dOut: 2 });
    expect(toRows(o.y)).toEqual([
      [3, 4],
      [5, 6],
    ]);
    const { problem, warnings } = makeProblem({ data: o, numNeurons: 4, sigma: 1, seed: 2 });
    expect([problem.x.rows, problem.x.cols, problem.y.cols, problem.w.rows]).toEqual([2, 1, 2, 4]);
    expect(warnings.map((w) => `${w.field}${w.row}`)).toEqual(['x1', 'y0', 'y1']);
    expect(() => readLabelledData({ text: '1,2,3\n4,5\n', format: 'csv', dIn: 2, dOut: 1 })).toThrow(
      'data: row 2 (line 2): expected 3 columns (d_in + d_out = 2 + 1), got 2',
    );
    expect(() => readLabelledData({ text: '1,2,3\n4,x,6\n', format: 'csv', dIn: 2, dOut: 1 })).toThrow(
      'data: row 2 (line 2), column 2: expected a finite number, got "x"',
    );
  });
});
