import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@softmax-ntk/linalg';
import { parseTarget as parseTargetWith, type ParseTargetOptions } from './parseTarget';
import { readTargetData, readTargetFile } from './targetFile';
import { TargetError } from './target';
import { fitNormalization, fromScaled, toScaled } from './normalization';
import { readLabelledData } from '@softmax-ntk/network';
import { SPEC_EXAMPLE_MIXTURE } from '../../test/fixtures/specMixture';

/** The one `parseTarget`, with the Node entry's file reader for `data` targets. */
const parseTarget = (json: unknown, options: ParseTargetOptions = {}) =>
  parseTargetWith(json, { readData: readTargetData, ...options });

const dir = mkdtempSync(join(tmpdir(), 'diffusion-target-'));

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TargetError);
    return (e as TargetError).field;
  }
  return undefined;
}

describe('target file (shared/spec/target-file.md)', () => {
  it('reads the spec example mixture', () => {
    const t = parseTarget(SPEC_EXAMPLE_MIXTURE);
    expect(t.dim).toBe(2);
    expect(Array.from(t.mixture!.std.data)).toEqual([0.2, 0.2, 0.2, 0.2]);
  });

  it.each([
    [{ type: 'gaussian-mixture', weights: [0.5, 0.6], means: [[0], [1]], std: [1, 1] }, 'weights'],
    [{ type: 'gaussian-mixture', weights: [1.5, -0.5], means: [[0], [1]], std: [1, 1] }, 'weights'],
    [{ type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[0, 1], [1]], std: [1, 1] }, 'means'],
    [{ type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[0], [1]], std: [1, -1] }, 'std'],
    [{ type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[0], [1]], std: [[1, 1], [1]] }, 'std'],
    [{ type: 'named', name: '9-gaussians' }, 'name'],
    [{ type: 'blob' }, 'type'],
    [[1, 2], 'json'],
  ])('refuses %j naming the field %s', (json, field) => {
    expect(fieldOf(() => parseTarget(json))).toBe(field);
  });

  it('weights summing to 1 within 1e-9 are accepted, not renormalised', () => {
    const t = parseTarget({ type: 'gaussian-mixture', weights: [0.5 + 5e-10, 0.5], means: [[0], [1]], std: [1, 1] });
    expect(t.mixture!.weights[0]).toBe(0.5 + 5e-10);
  });

  it('reads CSV with a header and JSON rows; refuses ragged and non-numeric data', () => {
    writeFileSync(join(dir, 'a.csv'), 'x,y\n1,2\n3,4\n5,6\n');
    writeFileSync(join(dir, 'b.json'), '[[1,2],[3,4]]');
    writeFileSync(join(dir, 'ragged.csv'), '1,2\n3\n');
    writeFileSync(join(dir, 'nan.csv'), '1,2\n3,abc\n');
    writeFileSync(join(dir, 't.json'), JSON.stringify({ type: 'data', path: 'a.csv' }));
    const a = readTargetFile(join(dir, 't.json'));
    expect(Array.from(a.data!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseTarget({ type: 'data', path: 'b.json' }, { baseDir: dir }).data!.rows).toBe(2);
    expect(fieldOf(() => parseTarget({ type: 'data', path: 'ragged.csv' }, { baseDir: dir }))).toBe('path');
    expect(() => parseTarget({ type: 'data', path: 'ragged.csv' }, { baseDir: dir })).toThrow(
      /ragged\.csv": row 2 \(line 2\): expected 2 columns \(as row 1 has\), got 1$/,
    );
    expect(fieldOf(() => parseTarget({ type: 'data', path: 'nan.csv' }, { baseDir: dir }))).toBe('path');
    expect(fieldOf(() => parseTarget({ type: 'data', path: 'missing.csv' }, { baseDir: dir }))).toBe('path');
  });

  it('Assumption 6.1: data scale to ‖y‖ ≤ 1 exactly and back; named sets to ‖y‖ ≤ 1 on their reference draws', () => {
    const t = parseTarget({ type: 'data', path: 'a.csv' }, { baseDir: dir });
    const norm = fitNormalization(t);
    const y = toScaled(t.data!, norm);
    for (let i = 0; i < y.rows; i++)
      expect(Math.hypot(y.data[2 * i]!, y.data[2 * i + 1]!)).toBeLessThanOrEqual(1 + 1e-15);
    expect(fromScaled(y, norm).data).toBeAllClose(t.data!.data, { rtol: 1e-15, atol: 1e-14 });
    for (const name of ['8-gaussians', 'two-moons', 'swiss-roll', 'checkerboard', 'rings', '25-gaussians']) {
      const tt = parseTarget({ type: 'named', name });
      const s = toScaled(tt.sample(2000, new Rng(1)), fitNormalization(tt));
      let mx = 0;
      for (let i = 0; i < s.rows; i++) mx = Math.max(mx, Math.hypot(s.data[2 * i]!, s.data[2 * i + 1]!));
      // mixtures: the bound is 3 standard deviations beyond √d, exceeded with probability < 1e-3 per draw
      expect(mx).toBeLessThan(1.05);
    }
  });
});

describe('issue 15: one validation layer and one CSV reader for targets', () => {
  const messageOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(TargetError);
      return (e as Error).message;
    }
    throw new Error('expected a TargetError');
  };
  const mixture = { type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[0], [1]], std: [1, 1] };

  it.each([
    [{ ...mixture, weights: [0.5, '0.5'] }, 'weights[1]: expected a finite number, got "0.5"'],
    [{ ...mixture, weights: [1.5, -0.5] }, 'weights[1]: expected a number ≥ 0, got -0.5'],
    [{ ...mixture, means: [[0], [null]] }, 'means[1][0]: expected a finite number, got null'],
    [{ ...mixture, means: [[0, 1], [1]] }, 'means[1]: expected d = 2 entries (as row 0 has), got 1'],
    [{ ...mixture, std: [1, 0] }, 'std[1]: expected a number > 0, got 0'],
    [{ ...mixture, std: [[1], [[1]]] }, 'std[1][0]: expected a finite number, got [1]'],
    [{ ...mixture, weights: [0.5, 0.6] }, 'weights: expected weights summing to 1 (within 1e-9), got a sum of 1.1'],
    [
      { type: 'named', name: '9-gaussians' },
      'name: expected one of "8-gaussians", "25-gaussians", "two-moons", "swiss-roll", "checkerboard", "rings", got "9-gaussians"',
    ],
    [{ type: 'blob' }, 'type: expected one of "gaussian-mixture", "named", "data", got "blob"'],
  ])('refuses %j in one line naming the field path', (json, message) => {
    expect(messageOf(() => parseTarget(json))).toBe(message);
  });

  it('a tab-separated file with a # header reads as network’s labelled data reads it', () => {
    const text = '# x\ty\nx\ty\n0.5\t-1\n2\t3\n';
    writeFileSync(join(dir, 'tab.tsv'), text);
    const t = parseTarget({ type: 'data', path: 'tab.tsv' }, { baseDir: dir });
    const labelled = readLabelledData({ text, format: 'csv', dIn: 1, dOut: 1 });
    expect(Array.from(t.data!.data)).toEqual([0.5, -1, 2, 3]);
    expect(Array.from(t.data!.data)).toEqual([0, 1].flatMap((i) => [labelled.x.data[i], labelled.y.data[i]]));
  });

  it('a typo in the first data row is an error in both readers, not a dropped header', () => {
    const text = '1,2o\n3,4\n';
    writeFileSync(join(dir, 'typo.csv'), text);
    expect(messageOf(() => parseTarget({ type: 'data', path: 'typo.csv' }, { baseDir: dir }))).toMatch(
      /typo\.csv": row 1 \(line 1\), column 2: expected a finite number, got "2o"$/,
    );
    expect(() => readLabelledData({ text, format: 'csv', dIn: 1, dOut: 1 })).toThrow(
      'data: row 1 (line 1), column 2: expected a finite number, got "2o"',
    );
  });

  it('JSON data rows are never coerced', () => {
    writeFileSync(join(dir, 'bad.json'), '[[1, 2], [3, "4"]]');
    expect(messageOf(() => parseTarget({ type: 'data', path: 'bad.json' }, { baseDir: dir }))).toMatch(
      /bad\.json"\[1\]\[1\]: expected a finite number, got "4"$/,
    );
  });
});

describe('issue 15: data file defects are of the target field `path`', () => {
  it('names the file, row and column, with field path', () => {
    writeFileSync(join(dir, 'hex.csv'), 'x,y\n1,2\n3,0x10\n');
    let err: unknown;
    try {
      parseTarget({ type: 'data', path: 'hex.csv' }, { baseDir: dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TargetError);
    expect((err as TargetError).field).toBe('path');
    expect((err as Error).message).toBe(
      `data file ${JSON.stringify(join(dir, 'hex.csv'))}: row 2 (line 3), column 2: expected a finite number, got "0x10"`,
    );
  });
});
