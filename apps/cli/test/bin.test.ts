import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'bin', 'softmax-ntk.js');

describe('the softmax-ntk binary (built)', () => {
  it('runs info --json', () => {
    const out = execFileSync('node', [BIN, 'info', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out)).toHaveProperty('backend');
  });
  it('exits non-zero with one line on stderr for bad input', () => {
    const r = spawnSync('node', [BIN, '--seed', 'abc', 'info'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('softmax-ntk: error: invalid option: --seed must be an integer, got "abc"\n');
  });
});
