/**
 * The package as users receive it: packed (with its workspace dependencies),
 * installed outside the workspace, its README example run there — and the
 * output is what the README says it prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace, runs its README example and prints what the README shows', () => {
    const pkg = join(__dirname, '..');
    const printed = /prints[^\n]*\n\n```\n([\s\S]*?)```/.exec(readFileSync(join(pkg, 'README.md'), 'utf8'))?.[1];
    expect(printed).toBeDefined();
    const { stdout } = packAndRunReadmeExample(pkg);
    // Same words; each number to 1e-6 of itself (a faster gemm sums in another order and changes the last bits
    // of float64 results; GD contracts, so they do not grow to 1e-6). The step count is exact.
    const split = (t: string) => t.split(/([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/);
    const got = split(stdout);
    const want = split(printed as string);
    expect(got.filter((_, k) => k % 2 === 0)).toEqual(want.filter((_, k) => k % 2 === 0));
    const gotNumbers = got.filter((_, k) => k % 2 === 1).map(Number);
    const wantNumbers = want.filter((_, k) => k % 2 === 1).map(Number);
    expect(gotNumbers).toHaveLength(wantNumbers.length);
    // a scalar's relative tolerance is scaled by itself alone, so this is 1e-6 relative per number
    wantNumbers.forEach((w, k) => expect(gotNumbers[k]).toBeAllClose(w, { rtol: 1e-6, atol: 0 }));
    const loss = Number(/loss (\S+)/.exec(stdout)?.[1]);
    expect(loss).toBeLessThanOrEqual(1e-8 * 2.88585342179803);
  });
});
