/** Issue #20 regressions: files the user names are regular files within a size limit; CSV cells are decimals only. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabelledData } from '../problem/readLabelledData';
import { readProblemFile } from '../problem/problemFile';
import { parseDecimal } from './parseDecimal';
import { InputFileError, readInputFile } from './readInputFile';

const dir = mkdtempSync(join(tmpdir(), 'network-input-'));

describe('readInputFile: regular files only, with a size limit', () => {
  it('reads a regular file exactly', () => {
    const p = join(dir, 'a.txt');
    writeFileSync(p, 'héllo\n');
    expect(readInputFile({ path: p, what: 'test' })).toBe('héllo\n');
  });

  it('bug 3: /dev/zero is refused at once (the old readers reached 3 GB in 4 s)', () => {
    const t0 = Date.now();
    expect(() => readInputFile({ path: '/dev/zero', what: 'test' })).toThrow(
      'test: "/dev/zero" is not a regular file (a device, pipe or socket)',
    );
    expect(Date.now() - t0).toBeLessThan(3000); // a stat, against 4 s to 3 GB before; slack for a loaded machine
  });

  it('a directory and a FIFO with no writer are refused without blocking', () => {
    expect(() => readInputFile({ path: dir, what: 'test' })).toThrow(/is not a regular file \(a directory\)/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readInputFile({ path: fifo, what: 'test' })).toThrow(/a device, pipe or socket/);
  });

  it('a file over the limit is refused naming its size and the limit; one at the limit is read', () => {
    const p = join(dir, 'big.txt');
    writeFileSync(p, 'x'.repeat(101));
    expect(() => readInputFile({ path: p, what: 'test', maxBytes: 100 })).toThrow(
      /is 101 bytes, more than the limit of 100 bytes/,
    );
    expect(readInputFile({ path: p, what: 'test', maxBytes: 101 })).toHaveLength(101);
  });

  it('a missing file is one line with the code, an InputFileError', () => {
    expect(() => readInputFile({ path: join(dir, 'nope'), what: 'test' })).toThrow(InputFileError);
    expect(() => readInputFile({ path: join(dir, 'nope'), what: 'test' })).toThrow(/cannot read ".*nope": ENOENT$/);
  });

  it('problem files go through it', () => {
    expect(() => readProblemFile('/dev/zero')).toThrow(/not a regular file/);
  });
});

describe('parseDecimal: the number syntax of CSV cells', () => {
  it.each(['0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_000', '', ' ', '1e400', '1,5', '--1', '1e'])(
    'bug 12: refuses %j',
    (cell) => expect(parseDecimal(cell)).toBeUndefined(),
  );
  it.each([
    ['0', 0],
    ['-1.5', -1.5],
    ['+2', 2],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['-2.5E+2', -250],
  ])('reads %j as %d', (cell, v) => expect(parseDecimal(cell)).toBe(v));
});

describe('bug 12: labelled CSV is strict', () => {
  const read = (text: string, header?: boolean) =>
    readLabelledData({ text, format: 'csv', dIn: 1, dOut: 1, ...(header !== undefined ? { header } : {}) });

  it('a typo in the first data row is an error, not a silently dropped "header"', () => {
    expect(() => read('1,2o\n3,4\n')).toThrow(/line 1, column 2: expected a finite number, got "2o"/);
  });

  it('a first row with no number at all is a header; header: true/false forces it', () => {
    expect(read('x,y\n1,2\n').x.rows).toBe(1);
    expect(read('1,2\n3,4\n', true).x.rows).toBe(1);
    expect(() => read('x,y\n1,2\n', false)).toThrow(/line 1, column 1/);
  });

  it('hex is refused (it read as 16)', () => {
    expect(() => read('0x10,1\n')).toThrow(/line 1, column 1: expected a finite number, got "0x10"/);
  });
});
