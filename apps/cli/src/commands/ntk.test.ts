import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readMatrixFile, terminateGramWorkers } from '@softmax-ntk/ntk/node';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();
afterAll(() => terminateGramWorkers());

async function problem(name: string, args: string[]): Promise<string> {
  const p = tmp.path(name);
  const r = await runCli(['--seed', '5', 'init', ...args, '--out', p]);
  expect(r.code).toBe(0);
  return p;
}

describe('softmax-ntk ntk', () => {
  it('--json prints λ_min, λ_max and the condition number; --full adds H (symmetric, nd × nd)', async () => {
    const p = await problem('a.json', ['--n', '6', '--d', '3', '--m', '64']);
    const r = await runCli(['ntk', '--problem', p, '--json', '--full']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['H', 'conditionNumber', 'lambdaMax', 'lambdaMin']);
    expect(out.H).toHaveLength(18);
    expect(out.lambdaMin).toBeGreaterThan(0);
    expect(out.conditionNumber).toBeCloseTo(out.lambdaMax / out.lambdaMin, 6);
    for (let i = 0; i < 18; i++) for (let j = 0; j < 18; j++) expect(out.H[i][j]).toBe(out.H[j][i]);
    // trace(H) = Σ eigenvalues ≥ 18·λ_min
    const trace = out.H.reduce((s: number, row: number[], i: number) => s + (row[i] as number), 0);
    expect(trace).toBeGreaterThanOrEqual(18 * out.lambdaMin);
  });

  it('--test predicts with NTK regression, which interpolates the training inputs', async () => {
    const p = await problem('b.json', ['--n', '5', '--d', '2', '--m', '64']);
    const prob = JSON.parse(readFileSync(p, 'utf8'));
    const t = tmp.path('test.json');
    writeFileSync(t, JSON.stringify({ x: prob.x }));
    const r = await runCli(['ntk', '--problem', p, '--test', t, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.H).toBeUndefined();
    // a Cholesky solve at condition number κ leaves ~κ·u relative error
    expect(out.predict).toBeAllClose(prob.y, { rtol: Math.max(1e-10, out.conditionNumber * 1e-15), atol: 1e-12 });
  });

  it('--out writes H as .npy, readable back exactly as in --full', async () => {
    const p = await problem('c.json', ['--n', '4', '--d', '2', '--m', '16']);
    const out = tmp.path('H.npy');
    const r = await runCli(['ntk', '--problem', p, '--out', out, '--json', '--full']);
    const H = readMatrixFile(out);
    expect([H.rows, H.cols]).toEqual([8, 8]);
    expect(Array.from(H.data)).toEqual(JSON.parse(r.stdout).H.flat());
  });

  it('float32 agrees with float64 (λ_min within 1e-3·λ_max)', async () => {
    const p = await problem('d.json', ['--n', '8', '--d', '4', '--m', '256']);
    const a = JSON.parse((await runCli(['ntk', '--problem', p, '--json'])).stdout);
    const b = JSON.parse((await runCli(['--precision', 'float32', 'ntk', '--problem', p, '--json'])).stdout);
    expect(Math.abs(a.lambdaMin - b.lambdaMin)).toBeLessThan(1e-3 * a.lambdaMax);
  });

  it('--threads splits the float32 product across worker threads: the same H as one thread', async () => {
    // nd = 300: two row blocks of the 256-row tiles, so two workers share three tiles
    const p = await problem('f.json', ['--n', '100', '--d', '3', '--m', '64']);
    const one = JSON.parse(
      (await runCli(['--precision', 'float32', 'ntk', '--problem', p, '--threads', '1', '--json', '--full'])).stdout,
    );
    const two = JSON.parse(
      (await runCli(['--precision', 'float32', 'ntk', '--problem', p, '--threads', '2', '--json', '--full'])).stdout,
    );
    expect(two.H).toEqual(one.H);
    expect(two.lambdaMin).toBe(one.lambdaMin);
    const bad = await runCli(['--precision', 'float32', 'ntk', '--problem', p, '--threads', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('softmax-ntk: error: invalid option: --threads must be at least 1, got 0\n');
  });

  it('refuses a malformed test file, writing nothing', async () => {
    const p = await problem('e.json', ['--n', '4', '--d', '2', '--m', '16']);
    const t = tmp.path('bad-test.json');
    writeFileSync(t, JSON.stringify({ x: [[0.1, 0.2], [0.3]] }));
    const out = tmp.path('never.npy');
    const r = await runCli(['ntk', '--problem', p, '--test', t, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-test\.json: x: expected 2 rows of length 2, row 1 has length 1/);
    expect(existsSync(out)).toBe(false);
  });

  it('--matrix-free: λ_min and λ_max without H, as the dense route finds them, with progress on stderr only', async () => {
    const p = await problem('mf.json', ['--n', '24', '--d', '2', '--m', '128']); // n·d = 48 ≤ (m/2)·d_in = 128
    const dense = JSON.parse((await runCli(['ntk', '--problem', p, '--json'])).stdout);
    const r = await runCli(['ntk', '--problem', p, '--json', '--matrix-free']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout); // stdout is the one JSON object
    expect(out.method).toBe('lanczos-structured');
    expect(out.converged).toBe(true);
    // 1e-6 relative to λ_max (the default normwise accuracy of the matrix-free route)
    expect(Math.abs(out.lambdaMax - dense.lambdaMax)).toBeLessThanOrEqual(1e-6 * dense.lambdaMax);
    expect(Math.abs(out.lambdaMin - dense.lambdaMin)).toBeLessThanOrEqual(1e-6 * dense.lambdaMax);
    expect(out.lambdaMinBounds[0]).toBeLessThanOrEqual(dense.lambdaMin);
    expect(out.peakRssBytes).toBeGreaterThan(2 ** 20);
    expect(r.stderr).toMatch(/softmax-ntk: ntk: \d+ products, θ_min \S+, θ_max \S+ \(residual \S+\), [\d.]+ s\n/);
  });

  it('--matrix-free: rank H < n·d gives λ_min = 0 by the rank bound; refuses --full, writing nothing', async () => {
    const p = await problem('mf0.json', ['--n', '40', '--d', '2', '--m', '16']); // n·d = 80 > (m/2)·d_in = 16
    const r = await runCli(['ntk', '--problem', p, '--json', '--matrix-free', '--quiet']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.lambdaMin).toBe(0);
    expect(out.lambdaMinBy).toBe('rank');
    expect(out.rankBound).toBe(16);
    expect(r.stderr).toBe('');
    const bad = await runCli(['ntk', '--problem', p, '--matrix-free', '--full']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'softmax-ntk: error: invalid option: --matrix-free cannot be combined with --full, --out or --test (they need H)\n',
    );
  });
});
