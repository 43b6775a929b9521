import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

describe('softmax-ntk init', () => {
  it('writes a problem file with the symmetric initialisation (F(W(0)) = 0)', async () => {
    const out = tmp.path('p.json');
    const r = await runCli(['--seed', '3', 'init', '--n', '5', '--d', '3', '--m', '8', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, n: 5, dIn: 3, dOut: 3, m: 8, seed: 3 });
    const p = JSON.parse(readFileSync(out, 'utf8'));
    expect(p.activation).toBe('softmax');
    expect(p.x).toHaveLength(5);
    expect(p.w).toHaveLength(8);
    expect(p.a).toHaveLength(3);
    // Definition 3.7: w_{2r-1} = w_{2r}, a_{·,2r} = −a_{·,2r−1}
    for (let r = 0; r < 8; r += 2) expect(p.w[r]).toEqual(p.w[r + 1]);
    for (const row of p.a) for (let r = 0; r < 8; r += 2) expect(row[r + 1]).toBe(-row[r]);
    const e = await runCli(['eval', '--problem', out, '--json']);
    const ev = JSON.parse(e.stdout);
    expect(ev.F.flat().every((v: number) => v === 0)).toBe(true);
  });

  it('is reproducible from the seed', async () => {
    const a = await runCli(['--seed', '9', 'init', '--n', '4', '--d', '2', '--m', '6']);
    const b = await runCli(['--seed', '9', 'init', '--n', '4', '--d', '2', '--m', '6']);
    const c = await runCli(['--seed', '10', 'init', '--n', '4', '--d', '2', '--m', '6']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });

  it('reads labelled data from CSV', async () => {
    const csv = tmp.path('data.csv');
    writeFileSync(csv, 'x1,x2,y1\n0.1,0.2,0.3\n-0.1,0.4,0.5\n0.3,0.3,-0.2\n');
    const r = await runCli(['init', '--data', csv, '--d-in', '2', '--d-out', '1', '--m', '4']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.x).toEqual([
      [0.1, 0.2],
      [-0.1, 0.4],
      [0.3, 0.3],
    ]);
    expect(p.y).toEqual([[0.3], [0.5], [-0.2]]);
  });

  it('refuses an odd m for symmetric initialisation, writing nothing', async () => {
    const out = tmp.path('odd.json');
    const r = await runCli(['init', '--n', '4', '--d', '2', '--m', '7', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('softmax-ntk: error: invalid option: --m must be even for symmetric initialisation, got 7\n');
    expect(existsSync(out)).toBe(false);
  });

  it('asks for --n and --d for generated data', async () => {
    expect((await runCli(['init', '--d', '2'])).stderr).toMatch(/--n is required/);
    expect((await runCli(['init', '--n', '2'])).stderr).toMatch(/--d \(or --d-in and --d-out\) is required/);
  });
});
