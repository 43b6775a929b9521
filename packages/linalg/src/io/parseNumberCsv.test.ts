import { ValidationError, parseNumberCsv } from '../index';

function messageOf(text: string, options: Parameters<typeof parseNumberCsv>[1] = {}): string {
  try {
    parseNumberCsv(text, { source: 'd.csv', ...options });
  } catch (e) {
    if (e instanceof ValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('parseNumberCsv: the one CSV reader', () => {
  it('reads comma-separated rows with a header', () => {
    const r = parseNumberCsv('a, b\n1, 2.5\n-3e-2,4\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.delimiter).toBe(',');
    expect(r.data.rows).toBe(2);
    expect(Array.from(r.data.data)).toEqual([1, 2.5, -0.03, 4]);
  });

  it('reads a tab-separated file with # comments, a # header and blank lines, CRLF or not', () => {
    for (const nl of ['\n', '\r\n']) {
      const text = ['# x\ty', 'x\ty', '', '0.5\t-1', '# note', '2\t3', '  '].join(nl);
      const r = parseNumberCsv(text);
      expect(r.delimiter).toBe('\t');
      expect(r.header).toEqual(['x', 'y']);
      expect(Array.from(r.data.data)).toEqual([0.5, -1, 2, 3]);
    }
    expect(parseNumberCsv('# only a comment\n1\t2\n').header).toBeUndefined();
  });

  it('a typo in the first data row is an error, not a silently dropped header', () => {
    expect(messageOf('1,2,x\n4,5,6\n')).toBe('d.csv: row 1 (line 1), column 3: expected a finite number, got "x"');
    // Told there is a header, the first record is one whatever it holds.
    expect(parseNumberCsv('1,2\n3,4\n', { header: true }).data.rows).toBe(1);
    expect(messageOf('a,b\n1,2\n', { header: false })).toBe(
      'd.csv: row 1 (line 1), column 1: expected a finite number, got "a"',
    );
  });

  it.each([
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['NaN', '"NaN"'],
    ['', '""'],
    ['1_000', '"1_000"'],
    ['1e999', '"1e999"'],
  ])('refuses the cell %j naming row and column', (cell, shown) => {
    expect(messageOf(`a,b\n1,2\n# c\n3,${cell}\n`)).toBe(
      `d.csv: row 2 (line 4), column 2: expected a finite number, got ${shown}`,
    );
  });

  it('refuses rows of unequal length, and empty input', () => {
    expect(messageOf('1,2,3\n4,5\n')).toBe('d.csv: row 2 (line 2): expected 3 columns (as row 1 has), got 2');
    expect(messageOf('a,b\n1,2,3\n')).toBe('d.csv: row 1 (line 2): expected 2 columns (as the header has), got 3');
    expect(messageOf('1,2\n', { cols: 3 })).toBe('d.csv: row 1 (line 1): expected 3 columns (as required), got 2');
    expect(messageOf('# nothing\n\n')).toBe('d.csv: expected at least one row of numbers, got none');
    expect(messageOf('x,y\n')).toBe('d.csv: expected at least one row of numbers, got none');
  });
});
