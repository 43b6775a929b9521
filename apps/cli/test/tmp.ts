import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory per test file; removed after all its tests. */
export function tempDir(): { path: (name: string) => string; dir: () => string } {
  let d = '';
  beforeAll(() => {
    d = mkdtempSync(join(tmpdir(), 'softmax-ntk-cli-'));
  });
  afterAll(() => rmSync(d, { recursive: true, force: true }));
  return { path: (name) => join(d, name), dir: () => d };
}
