/**
 * Issue #20 (temp files, one-line errors): a write that fails half-way — the disk full (ENOSPC) after some bytes
 * went out — leaves the old file as it was and no temporary file, and the error names the file (write(2) errors
 * carry no path). The disk is made full by failing the second `writeSync` with the error Node gives on a full disk
 * (checked by hand on a 64 kB tmpfs: `diffusion sample --out` left a 61 kB `.s.csv.<pid>.tmp` with the copy of
 * this writer the CLI had).
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic';

jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, writeSync: jest.fn(actual.writeSync) };
});

const writeSync = fs.writeSync as unknown as jest.Mock;
const enospc = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

describe('writeFileAtomic on a full disk', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(join(tmpdir(), 'atomic-full-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the old file stays, no temporary file is left, and the error names the file', () => {
    const p = join(dir, 's.csv');
    fs.writeFileSync(p, 'old');
    // the first write takes 4 bytes (a short write), the second fails as a full disk does
    writeSync
      .mockImplementationOnce((fd: number, buf: Uint8Array, off: number) =>
        jest.requireActual('node:fs').writeSync(fd, buf, off, 4),
      )
      .mockImplementationOnce(() => {
        throw enospc();
      });
    let err: NodeJS.ErrnoException | undefined;
    try {
      writeFileAtomic(p, 'a,b\n1,2\n3,4\n');
    } catch (e) {
      err = e as NodeJS.ErrnoException;
    }
    expect(err).toMatchObject({ code: 'ENOSPC', syscall: 'write', path: p });
    expect(writeSync).toHaveBeenCalledTimes(2);
    expect(fs.readFileSync(p, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['s.csv']);
  });
});
