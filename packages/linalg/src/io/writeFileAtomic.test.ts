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
    expect(() => writeFileAtomic(join(dir, 'missing', 'f'), 'x')).toThrow(/ENOENT/);
  });
});
