import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const lines = stdout.trim().split('\n');
    const [, lmin, , lmax] = (lines[0] as string).split(' ');
    expect(Number(lmin)).toBeGreaterThan(0);
    expect(Number(lmax)).toBeGreaterThan(Number(lmin));
    // interpolation error of the Cholesky solve: far below the labels' scale
    expect(Number((lines[1] as string).split(' ').at(-1))).toBeLessThan(1e-8);
    // gramAsync from the installed dist (its worker is dist/gram-worker.js): float32 accuracy, and the process exited
    expect(Number((lines[2] as string).split(' ').at(-1))).toBeLessThan(1e-4);
  });
});
