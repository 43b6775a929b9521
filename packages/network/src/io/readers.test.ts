/** Issue #20 regressions: problem files go through the one size-limited reader; CSV cells are decimals only. */
import { readLabelledData } from '../problem/readLabelledData';
import { readProblemFile } from '../problem/problemFile';
import { parseDecimal } from './parseDecimal';

describe('the problem reader goes through readInputFile (linalg/node)', () => {
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
    expect(() => read('1,2o\n3,4\n')).toThrow(/row 1 \(line 1\), column 2: expected a finite number, got "2o"/);
  });

  it('a first row with no number at all is a header; header: true/false forces it', () => {
    expect(read('x,y\n1,2\n').x.rows).toBe(1);
    expect(read('1,2\n3,4\n', true).x.rows).toBe(1);
    expect(() => read('x,y\n1,2\n', false)).toThrow(/row 1 \(line 1\), column 1/);
  });

  it('hex is refused (it read as 16)', () => {
    expect(() => read('0x10,1\n')).toThrow(/row 1 \(line 1\), column 1: expected a finite number, got "0x10"/);
  });
});

describe('issue 15: labelled data through the one CSV reader and the one validation layer', () => {
  it('reads a tab-separated file with a # comment and a header (as diffusion does)', () => {
    const d = readLabelledData({
      text: '# points\nx1\tx2\ty\n0.1\t0.2\t0.3\n0.4\t0.5\t0.6\n',
      format: 'csv',
      dIn: 2,
      dOut: 1,
    });
    expect(Array.from(d.x.data)).toEqual([0.1, 0.2, 0.4, 0.5]);
    expect(Array.from(d.y.data)).toEqual([0.3, 0.6]);
  });

  it('JSON records are never coerced: a string, null or a nested array is refused naming its path', () => {
    const read = (text: string) => () => readLabelledData({ text, format: 'json', dIn: 2, dOut: 1 });
    expect(read('[[0.1, "0.2", 0.3]]')).toThrow('data[0][1]: expected a finite number, got "0.2"');
    expect(read('{"x": [[0.1, null]], "y": [[1]]}')).toThrow('data.x[0][1]: expected a finite number, got null');
    expect(read('[[[0.1, 0.2], 0.3]]')).toThrow('data[0][0]: expected a finite number, got [0.1,0.2]');
    expect(read('[[0.1, 0.2]]')).toThrow('data[0]: expected 3 entries, got 2');
    expect(read('{"x": [[0.1, 0.2]], "y": [[1], [2]]}')).toThrow('data.y: expected 1 rows (as x has), got 2');
  });
});
