import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../test/runCli';
import { VERSION } from '../internal/version';

describe('softmax-ntk info', () => {
  it('--json prints exactly one JSON object naming the backend', async () => {
    const r = await runCli(['info', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] as string);
    expect(['node', 'wasm', 'cpu']).toContain(out.backend);
    expect(out.threads).toBeGreaterThanOrEqual(1);
    expect(out.versions['tfjs-core']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('honours --backend', async () => {
    const r = await runCli(['--backend', 'cpu', 'info', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ backend: 'cpu', forced: true });
  });

  it('prints a human summary without --json', async () => {
    const r = await runCli(['info']);
    expect(r.stdout).toMatch(/^backend\s+(node|wasm|cpu)/);
  });

  it('keeps VERSION in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});

describe('error discipline', () => {
  it('an unknown command: one line on stderr, non-zero exit, nothing on stdout', async () => {
    const r = await runCli(['bogus']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^softmax-ntk: error: unknown command 'bogus'/);
  });

  it('a bad --seed names the option and the value', async () => {
    const r = await runCli(['--seed', '1.5', 'info']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('softmax-ntk: error: invalid option: --seed must be an integer, got "1.5"\n');
  });

  it('a bad --backend lists the choices', async () => {
    const r = await runCli(['--backend', 'gpu', 'info']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--backend.*gpu.*node, wasm, cpu/);
  });
});
