import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const [json, exit] = stdout.trim().split('\n');
    expect(JSON.parse(json as string)).toMatchObject({ backend: expect.stringMatching(/^(node|wasm|cpu)$/) });
    expect(exit).toBe('exit 0');
  });
});
