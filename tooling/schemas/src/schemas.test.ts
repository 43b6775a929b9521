/**
 * The published JSON Schemas (docs/spec/*.schema.json): generated, never edited by hand; and an independent
 * validator (ajv, draft 2020-12) gives the same accept/refuse answer as the readers on the spec's examples and on
 * invalid variants of them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAttentionFile } from '@softmax-ntk/attention';
import { parseModel } from '@softmax-ntk/diffusion';
import { parseTarget } from '@softmax-ntk/diffusion';
import { readTargetData } from '@softmax-ntk/diffusion/node';
import { parseProblem } from '@softmax-ntk/network';
import { Ajv2020 } from 'ajv/dist/2020';
import { schemaFiles, type SchemaFile } from './schemas';

const specDir = resolve(__dirname, '../../../docs/spec');
const ajv = new Ajv2020({ strict: false, allErrors: false });
const validators = Object.fromEntries(
  (Object.keys(schemaFiles()) as SchemaFile[]).map((f) => [
    f,
    ajv.compile(JSON.parse(readFileSync(join(specDir, f), 'utf8')) as object),
  ]),
) as Record<SchemaFile, ReturnType<typeof ajv.compile>>;

/** The JSON examples of a spec page: each ```json block, or each line of it when the block holds several. */
function examples(page: string): unknown[] {
  const text = readFileSync(join(specDir, page), 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].flatMap(([, block]) => {
    try {
      return [JSON.parse(block as string) as unknown];
    } catch {
      return (block as string)
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    }
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'schemas-'));
writeFileSync(join(dataDir, 'points.csv'), 'x,y\n1,2\n3,4\n');

const readers: Record<SchemaFile, (doc: unknown) => unknown> = {
  'problem.schema.json': (doc) => parseProblem(doc as object),
  'target.schema.json': (doc) => parseTarget(doc, { baseDir: dataDir, readData: readTargetData }),
  'model.schema.json': (doc) => parseModel(doc),
  'attention.schema.json': (doc) => parseAttentionFile(doc),
};

function readerAccepts(file: SchemaFile, doc: unknown): boolean {
  try {
    readers[file](structuredClone(doc));
    return true;
  } catch (e) {
    if (e instanceof Error && typeof (e as { field?: unknown }).field === 'string') return false;
    throw e;
  }
}

const clone = <T>(v: T): T => structuredClone(v);
const problem = examples('problem-file.md')[0] as Record<string, unknown>;
const targets = examples('target-file.md') as Record<string, unknown>[];
const mixture = targets[0] as Record<string, unknown>;
const attention = {
  x: [
    [
      [0.1, -0.2, 0.3],
      [0.0, 0.5, -0.1],
    ],
  ],
  y: [
    [
      [0.2, 0.1, 0.0],
      [-0.3, 0.4, 0.1],
    ],
  ],
  wk: [[[0.5, -0.5]]],
  wq: [[[0.3, 0.2]]],
  wv: [
    [
      [1, 0],
      [0, 1],
    ],
  ],
  scaling: 'ntk',
  temperature: 1,
};
const model = {
  format: 'softmax-ntk/diffusion-model',
  version: 1,
  kind: 'nn',
  parameterization: 'x0',
  schedule: { kind: 'linear' },
  t0: 0.01,
  T: 1,
  target: { type: 'named', name: 'two-moons' },
  normalization: { shift: [0, 0], scale: 1 },
  inputScale: 1,
  seed: 0,
  network: { activation: 'softmax', w: [[1, 2, 3]], a: [[1], [1]] },
  training: {},
};

/** JSON reached into by the mutations below (any depth, any type: the point is to break it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test mutates nested JSON of every shape
type Json = Record<string, any>;

/** A copy of `doc` with `mutate` applied. */
function variant<T>(doc: T, mutate: (d: Json) => void): T {
  const d = clone(doc) as Json;
  mutate(d);
  return d as T;
}

describe('docs/spec/*.schema.json are generated from the zod schemas (pnpm schemas)', () => {
  it.each(Object.entries(schemaFiles()))('%s is the committed file', (file, text) => {
    expect(readFileSync(join(specDir, file), 'utf8')).toBe(text);
  });

  it.each(['problem-file.md', 'target-file.md', 'attention-file.md'])('%s links its schema', (page) => {
    expect(readFileSync(join(specDir, page), 'utf8')).toMatch(/\]\(\.\/\w+\.schema\.json\)/);
  });
});

describe('an independent validator (ajv) agrees with the readers', () => {
  const valid: [string, SchemaFile, unknown][] = [
    ['the problem example of the spec', 'problem.schema.json', problem],
    ...targets.map((t, i): [string, SchemaFile, unknown] => [
      `target example ${i} of the spec`,
      'target.schema.json',
      t,
    ]),
    ['an attention file', 'attention.schema.json', attention],
    ['a model file', 'model.schema.json', model],
  ];
  it.each(valid)('accepts %s', (_what, file, doc) => {
    expect(validators[file](doc)).toBe(true);
    expect(readerAccepts(file, doc)).toBe(true);
  });

  const invalid: [string, SchemaFile, unknown][] = [
    ['problem: "0.2" for a number', 'problem.schema.json', variant(problem, (d) => (d['x'][0][1] = '0.2'))],
    ['problem: null for a number', 'problem.schema.json', variant(problem, (d) => (d['w'][3][1] = null))],
    ['problem: a nested array for a number', 'problem.schema.json', variant(problem, (d) => (d['y'][0][0] = [0.2]))],
    ['problem: a flat array for a matrix', 'problem.schema.json', variant(problem, (d) => (d['a'] = [1, -1]))],
    ['problem: no rows', 'problem.schema.json', variant(problem, (d) => (d['x'] = []))],
    ['problem: an empty row', 'problem.schema.json', variant(problem, (d) => (d['x'][1] = []))],
    ['problem: a missing field', 'problem.schema.json', variant(problem, (d) => delete d['w'])],
    ['problem: an unknown activation', 'problem.schema.json', variant(problem, (d) => (d['activation'] = 'tanh'))],
    ['problem: not an object', 'problem.schema.json', [problem]],
    ['target: an unknown type', 'target.schema.json', variant(mixture, (d) => (d['type'] = 'blob'))],
    ['target: a negative weight', 'target.schema.json', variant(mixture, (d) => (d['weights'] = [1.5, -0.5]))],
    ['target: a zero std', 'target.schema.json', variant(mixture, (d) => (d['std'][1] = 0))],
    ['target: a string mean', 'target.schema.json', variant(mixture, (d) => (d['means'][0][0] = '-1'))],
    ['target: missing means', 'target.schema.json', variant(mixture, (d) => delete d['means'])],
    ['target: an unknown name', 'target.schema.json', { type: 'named', name: '9-gaussians' }],
    ['target: an empty path', 'target.schema.json', { type: 'data', path: '' }],
    ['target: a bad sha256', 'target.schema.json', { type: 'data', path: 'points.csv', sha256: 'ABC' }],
    ['model: another format', 'model.schema.json', variant(model, (d) => (d['format'] = 'other'))],
    ['model: version 2', 'model.schema.json', variant(model, (d) => (d['version'] = 2))],
    ['model: an unknown kind', 'model.schema.json', variant(model, (d) => (d['kind'] = 'gan'))],
    ['model: t0 = 0', 'model.schema.json', variant(model, (d) => (d['t0'] = 0))],
    ['model: a string weight', 'model.schema.json', variant(model, (d) => (d['network'].w[0][1] = '2'))],
    ['model: null scale', 'model.schema.json', variant(model, (d) => (d['normalization'].scale = null))],
    [
      'model: input.timeScale 0',
      'model.schema.json',
      variant(model, (d) => (d['input'] = { timeScale: 0, secondMoment: null })),
    ],
    ['attention: an unknown field', 'attention.schema.json', variant(attention, (d) => (d['heads'] = 2))],
    ['attention: a string entry', 'attention.schema.json', variant(attention, (d) => (d['y'][0][0][1] = '1'))],
    ['attention: an unknown scaling', 'attention.schema.json', variant(attention, (d) => (d['scaling'] = 'mf'))],
    ['attention: temperature 0', 'attention.schema.json', variant(attention, (d) => (d['temperature'] = 0))],
    ['attention: a missing wq', 'attention.schema.json', variant(attention, (d) => delete d['wq'])],
    [
      'attention: a matrix for a 3-tensor',
      'attention.schema.json',
      variant(attention, (d) => (d['wk'] = [[0.5, -0.5]])),
    ],
  ];
  it.each(invalid)('refuses %s', (_what, file, doc) => {
    expect(validators[file](doc)).toBe(false);
    expect(readerAccepts(file, doc)).toBe(false);
  });

  // What JSON Schema cannot say (the schemas' descriptions say it): the readers refuse these, the schema lets them
  // through. Listed so that a schema growing these rules, or a reader losing them, is noticed.
  const beyond: [string, SchemaFile, unknown][] = [
    ['problem: a ragged y', 'problem.schema.json', variant(problem, (d) => d['y'][1].push(0.5))],
    ['problem: w of the wrong width', 'problem.schema.json', variant(problem, (d) => (d['w'] = [[0.3, -1.2, 0]]))],
    ['target: weights summing to 1.1', 'target.schema.json', variant(mixture, (d) => (d['weights'] = [0.5, 0.6]))],
    ['model: t0 ≥ T', 'model.schema.json', variant(model, (d) => (d['t0'] = 2))],
    ['attention: y unlike x', 'attention.schema.json', variant(attention, (d) => (d['y'] = [[[1]]]))],
  ];
  it.each(beyond)('beyond JSON Schema: %s is refused by the reader only', (_what, file, doc) => {
    expect(validators[file](doc)).toBe(true);
    expect(readerAccepts(file, doc)).toBe(false);
  });
});
