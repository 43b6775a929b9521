import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const [l1, l2] = stdout.trim().split('\n') as [string, string];
    const [, dense, lz, err, converged] = l1.split(' ');
    expect(converged).toBe('true');
    // Lanczos λ_min agrees with the dense solver within its own error estimate (plus rounding)
    expect(Math.abs(Number(dense) - Number(lz))).toBeLessThanOrEqual(Number(err) + 1e-12);
    const [, diff] = l2.split(' ');
    expect(Number(diff)).toBeLessThan(1e-6); // CG to tol 1e-10 relative residual vs Cholesky at cond ~10
  });
});
