import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTarget as parseNeutral } from './parseTarget';
import { readTargetData } from './targetFile';
import { TargetError } from './target';

describe('data targets: files only through @softmax-ntk/diffusion/node', () => {
  it('the main entry refuses a data target with one error naming the field, reading nothing', () => {
    const run = () => parseNeutral({ type: 'data', path: 'points.csv' });
    expect(run).toThrow(TargetError);
    expect(run).toThrow(
      'path: a `data` target reads a file: pass `readData: readTargetData` of @softmax-ntk/diffusion/node (or use its readTargetFile)',
    );
  });

  it('the Node entry reads the rows relative to baseDir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-target-'));
    writeFileSync(join(dir, 'points.csv'), 'x,y\n1,2\n3,4.5\n');
    const t = parseNeutral({ type: 'data', path: 'points.csv' }, { baseDir: dir, readData: readTargetData });
    expect(t.dim).toBe(2);
    expect(Array.from(t.data?.data ?? [])).toEqual([1, 2, 3, 4.5]);
    // the model records the file's sha256 (computed outside the code: printf 'x,y\n1,2\n3,4.5\n' | sha256sum)
    expect(t.spec).toEqual({
      type: 'data',
      path: join(dir, 'points.csv'),
      sha256: 'a38e686154d05895899e3b474f5613b3d76f07406e09a7471d9053f5cb46841e',
    });
  });
});
