/**
 * The README's example runs as written (against the sources, via tsx) and
 * prints exactly what the README says it prints.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const pkg = resolve(__dirname, '..');

describe('README example', () => {
  it('runs and prints what the README shows', () => {
    const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
    const code = /## Example\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
    const printed = /prints[^\n]*\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    expect(printed).toBeDefined();
    const dir = mkdtempSync(join(pkg, '.readme-'));
    try {
      const script = join(dir, 'example.mts');
      writeFileSync(script, (code as string).replace("'@softmax-ntk/network'", JSON.stringify(join(pkg, 'src', 'index.ts'))));
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: dir, encoding: 'utf8' });
      // Same words; numbers to 1e-6 relative, since a faster gemm (another summation
      // order) changes the last bits of float64 results, and 628 GD steps carry them on.
      const split = (t: string) => t.split(/([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/);
      const got = split(out);
      const want = split(printed as string);
      expect(got.filter((_, k) => k % 2 === 0)).toEqual(want.filter((_, k) => k % 2 === 0));
      expect(got.filter((_, k) => k % 2 === 1).map(Number)).toBeAllClose(want.filter((_, k) => k % 2 === 1).map(Number), { rtol: 1e-6, atol: 0 });
      expect(JSON.parse(readFileSync(join(dir, 'trained.json'), 'utf8')).activation).toBe('softmax');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
