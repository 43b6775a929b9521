import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const [l0, l1, l2] = stdout.trim().split('\n') as [string, string, string];
    // L(0) = ½‖Y‖² > 0 (symmetric initialisation: F(0) = 0) and a non-zero value gradient
    expect(Number(l0.split(' ')[1])).toBeGreaterThan(0);
    expect(Number(l0.split(' ').at(-1))).toBeGreaterThan(0);
    // H is N·d·n′ = 6·3·5 = 90 square and positive definite at this width
    expect(l1.split(' ')[1]).toBe('90');
    expect(Number(l1.split(' ').at(-1))).toBeGreaterThan(0);
    // alternating descent lowers the loss
    const parts = l2.split(' ');
    expect(Number(parts.at(-1))).toBeLessThan(Number(parts[2]));
  });
});
