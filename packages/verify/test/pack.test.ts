import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^B \d+\.\d{3} m \d\.\d{3}·10\^\d+ eta \d\.\d{3}·10\^-\d+ log10 m \d+\.\d$/);
    expect(lines[1]).toMatch(/^lemma-5\.1 held 0\.\d{4}$/);
    expect(lines[2]).toMatch(/^H( -?\d\.\d{6}){4}$/);
    expect(lines[3]).toBe('png bytes true');
  });
});
