import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'atomic-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text and bytes, replacing an existing file, leaving no temporary file', () => {
    const p = join(dir, 'f.json');
    writeFileSync(p, 'old');
    writeFileAtomic(p, '{"new":1}');
    expect(readFileSync(p, 'utf8')).toBe('{"new":1}');
    writeFileAtomic(p, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(p)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['f.json']);
  });

  it('fails cleanly when the directory does not exist', () => {
    const target = join(dir, 'missing', 'f');
    expect(() => writeFileAtomic(target, 'x')).toThrow(/ENOENT/);
    // the error names the file the caller asked for, not the temporary file beside it
    let caught: NodeJS.ErrnoException | undefined;
    try {
      writeFileAtomic(target, 'x');
    } catch (err) {
      caught = err as NodeJS.ErrnoException;
    }
    expect(caught?.path).toBe(target);
    expect(caught?.message).toContain(`'${target}'`);
    expect(caught?.message).not.toMatch(/\.tmp/);
  });
});
