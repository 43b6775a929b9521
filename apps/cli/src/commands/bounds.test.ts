import { writeFileSync } from 'node:fs';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

describe('softmax-ntk bounds', () => {
  it('prints the Theorem 4.2 constants in log space, never Infinity', async () => {
    const r = await runCli(['bounds', '--n', '64', '--d', '8', '--lambda', '0.05', '--sigma', '4', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
    const out = JSON.parse(r.stdout);
    expect(out.B).toBeAllClose(11 * 4 * Math.sqrt(Math.log((64 * 8) / 0.05)), { rtol: 1e-12, atol: 0 });
    expect(out.m.value).toBeNull();
    expect(out.m.log10).toBeGreaterThan(1000);
    expect(out.m.text).toMatch(/^\d\.\d{3}·10\^\d+$/);
    expect(out.convention).toMatch(/constant 1/);
  });

  it('human output names each constant and its source', async () => {
    const r = await runCli(['bounds', '--n', '8', '--d', '2', '--lambda', '0.3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^m\s+\S+·10\^\d+\s+Theorem 4.2/m);
    expect(r.stdout).toMatch(/Lemma E.2/);
  });

  it('measures λ on a problem file and runs GD beside the bounds', async () => {
    const f = tmp.path('p.json');
    const init = await runCli(['init', '--n', '6', '--d', '4', '--m', '256', '--data', 'unit-sphere', '--out', f]);
    expect(init.code).toBe(0);
    const r = await runCli(['bounds', '--problem', f, '--steps', '500', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.inputs.n).toBe(6);
    expect(out.measured.lambda).toBeGreaterThan(0);
    expect(out.measured.reached).toBe(true);
    expect(out.measured.steps).toBeLessThanOrEqual(500);
  });

  it('errors name the option', async () => {
    const r = await runCli(['bounds', '--n', '8', '--d', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('softmax-ntk: error: missing option: --lambda is required without --problem\n');
    const bad = await runCli(['bounds', '--n', '8', '--d', '2', '--lambda', '-1']);
    expect(bad.stderr).toMatch(/--lambda must be greater than 0, got -1/);
    writeFileSync(tmp.path('x'), '');
  });
});
