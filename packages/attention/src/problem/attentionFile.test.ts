import { mkdtempSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAttentionFile, serializeAttentionFile, nest3 } from './attentionFile';
import { AttentionFileError } from './problem';
import { readAttentionFile, writeAttentionFile } from '../node';
import { randomProblem } from '../../test/fixtures';

function doc(): Record<string, unknown> {
  const p = randomProblem({ seed: 21, N: 2, d: 3, n: 4, H: 2, dh: 2 });
  return {
    x: nest3(p.x, 2, 3, 4),
    y: nest3(p.y, 2, 3, 4),
    wk: nest3(p.wk, 2, 2, 3),
    wq: nest3(p.wq, 2, 2, 3),
    wv: nest3(p.wv, 2, 3, 3),
  };
}

function refused(o: unknown): AttentionFileError {
  try {
    parseAttentionFile(JSON.stringify(o));
  } catch (err) {
    if (err instanceof AttentionFileError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('attention file (docs/spec/attention-file.md)', () => {
  it('round-trips float64 values exactly and fills the defaults (ntk, τ = √d_h)', () => {
    const p = randomProblem({ seed: 22, scaling: 'mean-field', temperature: 0.3 });
    const q = parseAttentionFile(serializeAttentionFile(p));
    expect(q).toEqual(p);
    const d = parseAttentionFile(JSON.stringify(doc()));
    expect(d.scaling).toBe('ntk');
    expect(d.temperature).toBe(Math.SQRT2);
    expect(d.shape).toEqual({ numSequences: 2, dim: 3, numTokens: 4, numHeads: 2, headDim: 2 });
  });

  const bad: [string, (o: Record<string, unknown>) => void, string, RegExp][] = [
    [
      'ragged x',
      (o) => ((o['x'] as number[][][])[1]![2] = [1, 2]),
      'x',
      /^x\[1\]\[2\]: expected 4 entries \(as x\[0\]\[0\] has\), got 2$/,
    ],
    [
      'string in y',
      (o) => ((o['y'] as unknown[][][])[0]![0]![1] = '1'),
      'y',
      /^y\[0\]\[0\]\[1\]: expected a finite number, got "1"$/,
    ],
    [
      'null in wv',
      (o) => ((o['wv'] as unknown[][][])[1]![1]![1] = null),
      'wv',
      /^wv\[1\]\[1\]\[1\]: expected a finite number, got null$/,
    ],
    ['y of another shape', (o) => (o['y'] = (o['y'] as number[][][]).slice(0, 1)), 'y', /shape of x/],
    ['wk with the wrong d', (o) => (o['wk'] = [[[1, 2]], [[3, 4]]]), 'wk', /d = 3/],
    ['wq unlike wk', (o) => (o['wq'] = (o['wq'] as number[][][]).slice(0, 1)), 'wq', /shape of wk/],
    ['wv with another H', (o) => (o['wv'] = (o['wv'] as number[][][]).slice(0, 1)), 'wv', /H × d × d = 2 × 3 × 3/],
    ['empty x', (o) => (o['x'] = []), 'x', /^x: expected at least one entry, got none$/],
    [
      'bad scaling',
      (o) => (o['scaling'] = 'mf'),
      'scaling',
      /^scaling: expected one of "ntk", "mean-field", got "mf"$/,
    ],
    ['zero temperature', (o) => (o['temperature'] = 0), 'temperature', /^temperature: expected a number > 0, got 0$/],
    ['missing wq', (o) => delete o['wq'], 'wq', /^wq: missing \(expected an array\)$/],
    ['unknown field', (o) => (o['heads'] = 2), 'heads', /^heads: unknown field$/],
  ];
  it.each(bad)('refuses %s, naming the field', (_, mutate, field, message) => {
    const o = doc();
    mutate(o);
    const err = refused(o);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${field}`)).toBe(true);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('refuses text that is not JSON or not an object', () => {
    expect(() => parseAttentionFile('{"x": [')).toThrow(AttentionFileError);
    expect(() => parseAttentionFile('[1]')).toThrow('json: expected an object, got [1]');
  });

  it('writeAttentionFile writes nothing for an invalid problem; readAttentionFile reads back what was written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attention-file-'));
    const p = randomProblem({ seed: 23 });
    const path = join(dir, 'p.json');
    writeAttentionFile(path, p);
    expect(readAttentionFile(path)).toEqual(p);
    const badPath = join(dir, 'bad.json');
    const q = randomProblem({ seed: 23 });
    q.x[0] = Infinity;
    expect(() => writeAttentionFile(badPath, q)).toThrow('x (flat index 0): expected a finite number, got Infinity');
    expect(existsSync(badPath)).toBe(false);
    expect(readdirSync(dir)).toEqual(['p.json']);
  });
});
