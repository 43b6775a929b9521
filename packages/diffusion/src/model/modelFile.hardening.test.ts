/** Issue #20 regressions: model and target files never reach outside what the user gave, and nothing is coerced. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { parseTarget as parseTargetWith, type ParseTargetOptions } from '../target/parseTarget';
import { readTargetData } from '../target/targetFile';
import { fitNormalization } from '../target/normalization';
import { TargetError } from '../target/target';

/** The one `parseTarget`, with the Node entry's file reader for `data` targets. */
const parseTarget = (json: unknown, options: ParseTargetOptions = {}) =>
  parseTargetWith(json, { readData: readTargetData, ...options });
import { ModelError, parseModel, serializeModel } from './modelFile';
import { readModelFile } from './modelFileIo';
import { trainScoreModel } from './trainScoreModel';
import type { DiffusionModel } from './model';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-hardening-'));

/** A small, valid float64 model (trained for 2 steps): the base every corrupted variant starts from. */
let base: DiffusionModel;
beforeAll(async () => {
  const target = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [1] });
  base = await trainScoreModel({ target, kind: 'nn', n: 8, numNeurons: 4, steps: 2, precision: 'float64', seed: 1 });
});

const clone = (): Record<string, unknown> => JSON.parse(serializeModel(base)) as Record<string, unknown>;

function refusal(json: unknown): ModelError {
  try {
    parseModel(json);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    expect((e as Error).message).not.toContain('\n');
    return e as ModelError;
  }
  throw new Error('parseModel accepted a corrupted model');
}

describe('issue #20: model files are read strictly', () => {
  it('the untouched base model is accepted (so the refusals below are about the corruption)', () => {
    expect(parseModel(clone())).toBeDefined();
  });

  it('bug 5: a normalization.shift holding strings is refused, naming the entry', () => {
    const m = clone();
    (m['normalization'] as { shift: unknown[] }).shift[1] = '0.5';
    const e = refusal(m);
    expect(e.field).toBe('normalization.shift');
    expect(e.message).toBe('normalization.shift[1]: expected a finite number, got "0.5"');
  });

  it('bug 5: a normalization.scale of null (what JSON makes of Infinity) is refused', () => {
    const m = clone();
    (m['normalization'] as { scale: unknown }).scale = null;
    expect(refusal(m).field).toBe('normalization.scale');
  });

  it.each([
    ['null read as 0', null],
    ['"0.2" read as 0.2', '0.2'],
    ['a nested array flattened', [0.1]],
  ])('bug 6: weights are not coerced (%s)', (_, bad) => {
    const m = clone();
    const w = (m['network'] as { w: unknown[][] }).w;
    w[0]![1] = bad;
    const e = refusal(m);
    expect(e.field).toBe('network.w');
    expect(e.message).toMatch(/^network\.w\[0\]\[1\]: expected a finite number, got /);
  });

  it('bug 3: a schedule expression calling mathjs functions is refused when the model is read', () => {
    const m = clone();
    m['schedule'] = { kind: 'expression', expression: '1 + 0*sum(zeros(30000,30000))' };
    // refused by the grammar before anything is evaluated (the old reader allocated 2.5 GB in 3.5 s here)
    expect(refusal(m).message).toMatch(/uses the function "sum"/);
  });

  it('bug 3: a model file that is a device or directory is refused before it is read', () => {
    expect(() => readModelFile('/dev/zero')).toThrow(/not a regular file \(a device, pipe or socket\)/);
    expect(() => readModelFile(dir)).toThrow(/not a regular file \(a directory\)/);
  });
});

describe('issue #20: data targets are regular files, matched by hash', () => {
  it('bug 3: a data target at /dev/zero or a directory is refused at once, without reading', () => {
    const t0 = Date.now();
    expect(() => parseTarget({ type: 'data', path: '/dev/zero' })).toThrow(/not a regular file/);
    expect(() => parseTarget({ type: 'data', path: dir })).toThrow(/not a regular file \(a directory\)/);
    expect(Date.now() - t0).toBeLessThan(3000); // a stat, against the old reader's 3 GB in 4 s; slack for a loaded machine
  });

  it('bug 3: /etc/passwd is not parsed into data (its rows are not decimal numbers)', () => {
    let err: unknown;
    try {
      parseTarget({ type: 'data', path: '/etc/passwd' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TargetError);
  });

  it('a data target records the SHA-256 of its file, and a changed file is refused', () => {
    const p = join(dir, 'pts.csv');
    writeFileSync(p, '0.5,1\n-1,2\n');
    const t = parseTarget({ type: 'data', path: p });
    const spec = t.spec as { sha256?: string };
    // sha256 of the exact bytes, from `printf '0.5,1\n-1,2\n' | sha256sum`
    expect(spec.sha256).toBe('948bcfd93a7da011fff9a882f85f318921951e7de07339db062371824798f473');
    expect(parseTarget(t.spec).data?.data).toEqual(Float64Array.from([0.5, 1, -1, 2]));
    writeFileSync(p, '0.5,1\n-1,3\n');
    expect(() => parseTarget(t.spec)).toThrow(/has changed since the model was trained/);
  });

  it.each([
    ['hex', '0x10,1\n2,3\n', /row 1 \(line 1\), column 1: expected a finite number, got "0x10"/],
    ['Infinity', '1,2\nInfinity,3\n', /row 2 \(line 2\), column 1: expected a finite number, got "Infinity"/],
    [
      'a typo in the first row is not a header',
      '1,2o\n2,3\n',
      /row 1 \(line 1\), column 2: expected a finite number, got "2o"/,
    ],
  ])('bug 12: CSV data is strict (%s)', (_, text, msg) => {
    const p = join(dir, `strict-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(p, text);
    expect(() => parseTarget({ type: 'data', path: p })).toThrow(msg);
  });

  it('bug 12: a header is a first row with no number at all', () => {
    const p = join(dir, 'header.csv');
    writeFileSync(p, 'x,y\n1,2\n');
    expect(parseTarget({ type: 'data', path: p }).data?.rows).toBe(1);
  });
});

describe('issue #20 bug 5: data that cannot be normalised is refused before training', () => {
  const dataTarget = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return parseTarget({ type: 'data', path: p });
  };

  it('constant data (secondMoment 0) is refused, naming why', () => {
    expect(() => fitNormalization(dataTarget('const.csv', '1,2\n1,2\n1,2\n'))).toThrow(/is constant/);
  });

  it('means of ±1e300 are normalised without overflow: shift 0, scale 1e300·√2 (finite)', () => {
    const n = fitNormalization(dataTarget('huge.csv', '1e300,1e300\n-1e300,-1e300\n'));
    expect(n.shift).toEqual([0, 0]);
    // ‖(1e300, 1e300)‖ = √2·1e300, computed independently of the scaled-norm code
    expect(n.scale).toBeAllClose(Math.SQRT2 * 1e300, TOLERANCES.float64);
  });

  it('data whose distance to the mean overflows float64 is refused, not turned into a null scale', () => {
    // mean = 1.7e308/3; the last row is 2.27e308 from it, past the largest double 1.8e308
    expect(() => fitNormalization(dataTarget('over.csv', '1.7e308,0\n1.7e308,0\n-1.7e308,0\n'))).toThrow(
      /cannot be normalised: its spread is Infinity/,
    );
  });
});
