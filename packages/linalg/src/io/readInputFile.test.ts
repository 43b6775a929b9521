/** Issue #20: files the user names are regular files within a size limit (one reader, shared by every package). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError, readInputFile } from './readInputFile';

const dir = mkdtempSync(join(tmpdir(), 'linalg-input-'));

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
});
