import { writeFileSync } from 'node:fs';
import { Rng } from '@softmax-ntk/linalg';
import { mixtureMarginal, parseTarget } from '@softmax-ntk/diffusion';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();
const MIX = {
  type: 'gaussian-mixture',
  weights: [0.4, 0.6],
  means: [
    [-1, 0],
    [1, 0.5],
  ],
  std: [0.2, 0.3],
};

function file(name: string, text: string): string {
  const f = tmp.path(name);
  writeFileSync(f, text);
  return f;
}

describe('softmax-ntk diffusion likelihood', () => {
  it('--exact-score --json: exactly {nll, bitsPerDim, perSample, method, stdError}, equal to −log p₀ to 0.01 nats', async () => {
    const t = file('mix.json', JSON.stringify(MIX));
    const x = parseTarget(MIX).sample(25, new Rng(4));
    const rows = Array.from({ length: x.rows }, (_, i) => `${x.data[2 * i]},${x.data[2 * i + 1]}`);
    const data = file('x.csv', 'x,y\n' + rows.join('\n') + '\n');
    const r = await runCli(['--json', 'diffusion', 'likelihood', '--exact-score', '--target', t, '--data', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['nll', 'bitsPerDim', 'perSample', 'method', 'stdError']);
    expect(out.method).toBe('exact');
    expect(out.stdError).toBe(0);
    const truth = Array.from(mixtureMarginal(parseTarget(MIX).mixture!, 1, 0, x, false).logDensity, (v) => -v);
    expect(out.perSample).toHaveLength(25);
    expect(Math.abs(out.nll - truth.reduce((s, v) => s + v, 0) / 25)).toBeLessThan(0.01);
    expect(out.bitsPerDim).toBeCloseTo(out.nll / (2 * Math.LN2), 10);

    const h = await runCli([
      '--json',
      'diffusion',
      'likelihood',
      '--exact-score',
      '--target',
      t,
      '--data',
      data,
      '--method',
      'hutchinson',
      '--probes',
      '8',
    ]);
    const ho = JSON.parse(h.stdout);
    expect(ho.method).toBe('hutchinson');
    expect(Math.abs(ho.nll - out.nll)).toBeLessThan(3 * ho.stdError);
  });

  it('a model file: finite NLL per point, far points larger; eval reports the held-out NLL', async () => {
    const t = file('mix2.json', JSON.stringify(MIX));
    const model = tmp.path('m.json');
    const tr = await runCli(['diffusion', 'train', '--target', t, '--out', model, '--n', '60', '--m', '64']);
    expect(tr.code).toBe(0);
    const data = file(
      'near-far.json',
      JSON.stringify([
        [-1, 0],
        [1, 0.5],
        [40, -40],
      ]),
    );
    const r = await runCli(['--json', 'diffusion', 'likelihood', '--model', model, '--data', data, '--eps', '0.01']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.perSample.every(Number.isFinite)).toBe(true);
    expect(out.perSample[2]).toBeGreaterThan(out.perSample[0] + 100);
    expect(out.perSample[2]).toBeGreaterThan(out.perSample[1] + 100);

    const e = await runCli([
      '--json',
      'diffusion',
      'eval',
      '--model',
      model,
      '--count',
      '50',
      '--steps',
      '20',
      '--nll-points',
      '20',
      '--eps',
      '0.01',
    ]);
    expect(e.code).toBe(0);
    const ev = JSON.parse(e.stdout);
    expect(ev.nll).toMatchObject({ points: 20, method: 'exact', heldOut: true });
    expect(Number.isFinite(ev.nll.value)).toBe(true);
    expect(Number.isFinite(ev.nll.trueValue)).toBe(true);
  });

  describe('bad data: one line naming --data, non-zero exit', () => {
    it.each([
      [
        'three columns',
        'wrong-dim.csv',
        '1,2,3\n4,5,6\n',
        /invalid --data: .* has 3 columns, the model's dimension d is 2/,
      ],
      [
        'a non-finite value',
        'nan.csv',
        '1,2\n3,NaN\n',
        /invalid --data: data file ".*nan\.csv": row 2 \(line 2\), column 2: expected a finite number, got "NaN"/,
      ],
      [
        'an infinite value',
        'inf.json',
        '[[1,2],[3,1e999]]',
        /invalid --data: data file ".*inf\.json"\[1\]\[1\]: expected a finite number, got Infinity/,
      ],
      [
        'no rows',
        'empty.csv',
        'x,y\n',
        /invalid --data: data file ".*empty\.csv": expected at least one row of numbers, got none/,
      ],
    ])('%s', async (_what, name, text, message) => {
      const t = file('mix3.json', JSON.stringify(MIX));
      const r = await runCli(['diffusion', 'likelihood', '--exact-score', '--target', t, '--data', file(name, text)]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });

    it('missing --data', async () => {
      const t = file('mix4.json', JSON.stringify(MIX));
      const r = await runCli(['diffusion', 'likelihood', '--exact-score', '--target', t]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/missing option: --data FILE/);
    });
  });
});
