import { join } from 'node:path';
import { packAndRunReadmeExample } from '@softmax-ntk/test-helpers';

describe('the published package', () => {
  it('installs from its tarball outside the workspace and runs its README example (an inline sweep)', () => {
    const { stdout } = packAndRunReadmeExample(join(__dirname, '..'));
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    const cells = lines.slice(0, 4).map((l) => l.split(' '));
    expect(cells.map((c) => `${c[0]} ${c[1]}`)).toEqual(['softmax 4', 'softmax 8', 'relu 4', 'relu 8']);
    for (const c of cells) {
      expect(c[2]).toBe('true');
      expect(Number(c[3])).toBeGreaterThan(0);
    }
    // the slope line equals the fit through the printed (n, steps) pairs
    for (const [k, act] of ['softmax', 'relu'].entries()) {
      const [s4, s8] = [Number(cells[2 * k]![3]), Number(cells[2 * k + 1]![3])];
      expect(lines[4 + k]).toBe(`activation=${act} ${(Math.log(s8 / s4) / Math.log(2)).toFixed(2)}`);
    }
  });
});
