import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const lines = stdout.trim().split('\n');
    // line 1: exact score — MMD² and its noise floor; line 2: NTK model — energy vs N(0, I)'s
    const [, mmd, floor] = (lines[0] as string).split(' ').map(Number);
    expect(mmd).toBeLessThan(3 * floor!);
    const [, energy, prior] = (lines[1] as string).split(' ').map(Number);
    expect(energy).toBeLessThan(prior!);
  });
});
