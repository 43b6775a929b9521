import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();
const MIX = {
  type: 'gaussian-mixture',
  weights: [0.5, 0.5],
  means: [
    [-1, 0],
    [1, 0],
  ],
  std: [0.2, 0.2],
};

function target(name: string, json: unknown): string {
  const f = tmp.path(name);
  writeFileSync(f, JSON.stringify(json));
  return f;
}

describe('softmax-ntk diffusion', () => {
  const small = ['--n', '60', '--m', '64', '--steps', '20'];

  it('train (ntk) writes a model file; sample --json prints exactly {samples: N × d}; eval --json reports metrics beside floors', async () => {
    const t = target('mix.json', MIX);
    const model = tmp.path('ntk.json');
    const tr = await runCli(['--json', 'diffusion', 'train', '--target', t, '--out', model, ...small]);
    expect(tr.stderr).toBe('');
    expect(tr.code).toBe(0);
    const summary = JSON.parse(tr.stdout);
    expect(summary).toMatchObject({ model: 'ntk', parameterization: 'x0', n: 60, m: 64 });
    expect(summary.loss).toBeGreaterThanOrEqual(0);
    const m = JSON.parse(readFileSync(model, 'utf8'));
    expect(m.format).toBe('softmax-ntk/diffusion-model');
    expect(m.network.u).toHaveLength(64);

    const s = await runCli([
      '--json',
      '--seed',
      '3',
      'diffusion',
      'sample',
      '--model',
      model,
      '--count',
      '7',
      '--steps',
      '20',
    ]);
    expect(s.code).toBe(0);
    const out = JSON.parse(s.stdout);
    expect(Object.keys(out)).toEqual(['samples']);
    expect(out.samples).toHaveLength(7);
    expect(out.samples.every((r: number[]) => r.length === 2 && r.every(Number.isFinite))).toBe(true);
    expect(s.stdout.trim().split('\n')).toHaveLength(1);
    // seeded: the same command gives the same samples
    const s2 = await runCli([
      '--json',
      '--seed',
      '3',
      'diffusion',
      'sample',
      '--model',
      model,
      '--count',
      '7',
      '--steps',
      '20',
    ]);
    expect(s2.stdout).toBe(s.stdout);

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
      '--score-times',
      '4',
      '--score-points',
      '8',
    ]);
    expect(e.code).toBe(0);
    const ev = JSON.parse(e.stdout);
    for (const k of ['mmd2', 'energy', 'sw2']) {
      expect(Number.isFinite(ev[k].value)).toBe(true);
      expect(ev[k].noiseFloor).toBeGreaterThan(0);
    }
    expect(ev.scoreError.uniform).toBeGreaterThan(0);
    expect(ev.finalCorrectorSteps).toBe(0); // none unless --final-corrector K (README: it hurts thin targets)
    expect(ev.prior.energy).toBeGreaterThan(ev.energy.noiseFloor);
    // mode coverage of a mixture target: counts per component add up to the samples near one
    expect(ev.modes.components).toBe(2);
    expect(ev.modes.counts.reduce((a: number, b: number) => a + b, 0)).toBe(Math.round(ev.modes.nearFraction * 50));
    expect(ev.modes.nearFractionExpected).toBeCloseTo(1 - Math.exp(-4.5), 12);
  });

  /**
   * `diffusion train` twice on the same mixture (`small` sizes): with `first` flags, then with `--json` and `second`;
   * the second run's summary and both model files.
   */
  async function trainTwice(name: string, first: string[], second: string[]) {
    const t = target(`mix-${name}.json`, MIX);
    const [outA, outB] = [tmp.path(`${name}-a.json`), tmp.path(`${name}-b.json`)];
    expect((await runCli(['diffusion', 'train', '--target', t, '--out', outA, ...first, ...small])).code).toBe(0);
    const r = await runCli(['--json', 'diffusion', 'train', '--target', t, '--out', outB, ...second, ...small]);
    expect(r.code).toBe(0);
    const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
    return { summary: JSON.parse(r.stdout), a: read(outA), b: read(outB) };
  }

  it('train --ensemble 2 averages two NTK regressions from the same W(0): recorded, and a different predictor U', async () => {
    const { summary, a: m1, b: m2 } = await trainTwice('ensemble', [], ['--ensemble', '2']);
    expect(summary.ensemble).toBe(2);
    expect(m1.training.ensemble).toBeUndefined();
    expect(m2.training.ensemble).toBe(2);
    expect(m2.network.w).toEqual(m1.network.w); // the same W(0) …
    expect(m2.network.u).not.toEqual(m1.network.u); // … and the mean of two regressions' U, not the first one's
  });

  it('train --loss-weight-power 0.5: recorded in the summary and the model file, and a different predictor U', async () => {
    const { summary, a: m0, b: m1 } = await trainTwice('weight', [], ['--loss-weight-power', '0.5']);
    expect(summary.lossWeightPower).toBe(0.5);
    expect(m0.training.lossWeightPower).toBeUndefined();
    expect(m1.training.lossWeightPower).toBe(0.5);
    expect(m1.network.w).toEqual(m0.network.w); // the same W(0) and pairs …
    expect(m1.network.u).not.toEqual(m0.network.u); // … another weighted least-squares solution
  });

  it('train --data-centres 0.5: the constant coordinate (c_b = 1) and half the neuron pairs centred, recorded; --input-bias alone widens the input only', async () => {
    const { summary, a: m0, b: m1 } = await trainTwice('centres', ['--input-bias', '2'], ['--data-centres', '0.5']);
    expect([summary.inputBias, summary.dataCentres, summary.centreScale]).toEqual([1, 0.5, 400]);
    expect([m0.input.bias, m1.input.bias]).toEqual([2, 1]);
    expect([m0.network.w[0].length, m1.network.w[0].length]).toEqual([4, 4]); // d + 2 with d = 2
    expect(m0.training.dataCentres).toBeUndefined();
    expect([m1.training.dataCentres, m1.training.centreScale]).toEqual([0.5, 400]);
    // the centred half of W(0) differs from the Gaussian draw, the other half is the same draw
    const m = m1.network.w.length;
    expect(m1.network.w.slice(m / 2)).toEqual(m0.network.w.slice(m / 2));
    expect(m1.network.w[0]).not.toEqual(m0.network.w[0]);
  });

  it('train --solver primal gives the predictor of --solver dual (same data and W(0)), and records it', async () => {
    const { summary, a: md, b: mp } = await trainTwice('solver', ['--solver', 'dual'], ['--solver', 'primal']);
    expect(summary.solver).toBe('primal');
    expect([md.training.solver, mp.training.solver]).toEqual(['dual', 'primal']);
    expect(mp.network.w).toEqual(md.network.w);
    // one system solved two ways (diffusion's primalNtk.test bounds the difference); U to 1e-6 relative
    const ud = (md.network.u as number[][]).flat();
    const up = (mp.network.u as number[][]).flat();
    const scale = Math.max(...ud.map(Math.abs));
    expect(Math.max(...up.map((v, i) => Math.abs(v - ud[i]!)))).toBeLessThan(1e-6 * scale);
  });

  it("input features: defaults (log-uniform t, c_t = 3, preconditioned x) are stored; --paper-inputs gives the paper's (t/T, x)/R", async () => {
    const { a: ma, b: mb } = await trainTwice('inputs', [], ['--paper-inputs']);
    expect(ma.input.timeScale).toBe(3);
    expect(ma.input.secondMoment).toBeGreaterThan(0);
    expect(ma.training.timeSampling).toBe('log-uniform');
    expect(mb.input).toEqual({ timeScale: 1, secondMoment: null });
    expect(mb.training.timeSampling).toBe('uniform');
  });

  it('train (nn) writes the training-loss plot; sample --out writes CSV and the scatter plot (SVG + PNG)', async () => {
    const t = target('mix2.json', MIX);
    const model = tmp.path('nn.json');
    const tr = await runCli(['diffusion', 'train', '--target', t, '--out', model, '--model', 'nn', ...small]);
    expect(tr.code).toBe(0);
    expect(existsSync(tmp.path('nn.loss.svg'))).toBe(true);
    expect(readFileSync(tmp.path('nn.loss.png')).subarray(1, 4).toString()).toBe('PNG');
    const csv = tmp.path('s.csv');
    const s = await runCli([
      'diffusion',
      'sample',
      '--model',
      model,
      '--count',
      '11',
      '--steps',
      '10',
      '--out',
      csv,
      '--sampler',
      'heun',
    ]);
    expect(s.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.every((l) => l.split(',').length === 2)).toBe(true);
    expect(readFileSync(tmp.path('s.svg'), 'utf8')).toContain('<svg');
    expect(existsSync(tmp.path('s.png'))).toBe(true);
  });

  it('eval --compare reports the coupling gap Z₁ (Claim G.1): 0 against itself, > 0 between nn and ntk', async () => {
    const t = target('mix4.json', MIX);
    const nn = tmp.path('c-nn.json');
    const ntk = tmp.path('c-ntk.json');
    expect(
      (await runCli(['diffusion', 'train', '--target', t, '--out', nn, '--model', 'nn', '--no-plot', ...small])).code,
    ).toBe(0);
    expect((await runCli(['diffusion', 'train', '--target', t, '--out', ntk, ...small])).code).toBe(0);
    const args = ['--count', '20', '--steps', '5', '--score-times', '3', '--score-points', '5'];
    const self = JSON.parse(
      (await runCli(['--json', 'diffusion', 'eval', '--model', nn, '--compare', nn, ...args])).stdout,
    );
    expect(self.couplingGap.gap).toBe(0);
    const r = await runCli(['--json', 'diffusion', 'eval', '--model', nn, '--compare', ntk, ...args]);
    expect(r.code).toBe(0);
    const cross = JSON.parse(r.stdout);
    expect(cross.couplingGap.gap).toBeGreaterThan(0);
  });

  it('sample --exact-score reproduces a mixture (JSON output, rk45)', async () => {
    const t = target('mix3.json', MIX);
    const out = tmp.path('exact.json');
    const s = await runCli([
      'diffusion',
      'sample',
      '--exact-score',
      '--target',
      t,
      '--count',
      '400',
      '--sampler',
      'rk45',
      '--out',
      out,
      '--no-plot',
    ]);
    expect(s.code).toBe(0);
    const rows: number[][] = JSON.parse(readFileSync(out, 'utf8')).samples;
    // two modes at x = ±1 with std 0.2: nearly every sample within 4 std of one of them, about half each
    const near = rows.filter((r) => Math.min(Math.hypot(r[0]! - 1, r[1]!), Math.hypot(r[0]! + 1, r[1]!)) < 0.8);
    expect(near.length).toBeGreaterThan(390);
    const right = rows.filter((r) => r[0]! > 0).length;
    expect(Math.abs(right - 200)).toBeLessThan(5 * 10); // binomial SE = √(400/4) = 10
  });

  it('sample --final-corrector K: Langevin steps at T₀ pull the samples of a too-coarse predictor (20 steps) into the modes', async () => {
    const t = target('mix-final-corrector.json', MIX);
    const run = async (extra: string[]) => {
      const r = await runCli(
        ['--json', '--seed', '2', 'diffusion', 'sample', '--exact-score', '--target', t].concat([
          '--count',
          '400',
          '--steps',
          '20',
          '--t0',
          '0.01',
          ...extra,
        ]),
      );
      expect(r.code).toBe(0);
      const rows: number[][] = JSON.parse(r.stdout).samples;
      // within 3 std (0.6) of one of the modes at x = ±1 (p_{T₀} itself: ≈ 98.9 %)
      return rows.filter((p) => Math.min(Math.hypot(p[0]! - 1, p[1]!), Math.hypot(p[0]! + 1, p[1]!)) < 0.6).length;
    };
    const coarse = await run([]);
    const corrected = await run(['--final-corrector', '200']);
    // measured: 209 of 400 without, 396 with (a binomial SE of ≈ 2 at 98.9 %)
    expect(coarse).toBeLessThan(300);
    expect(corrected).toBeGreaterThan(385);
  });

  it("sample --denoise posterior keeps each mode's spread, where --denoise (mean) narrows it; eval --json records it", async () => {
    const t = target('mix-denoise.json', MIX);
    const run = async (extra: string[]) => {
      const r = await runCli(
        ['--json', '--seed', '2', 'diffusion', 'sample', '--exact-score', '--target', t].concat([
          '--count',
          '1000',
          '--steps',
          '100',
          '--t0',
          '0.1',
          ...extra,
        ]),
      );
      expect(r.code).toBe(0);
      const rows: number[][] = JSON.parse(r.stdout).samples;
      // the spread of the second coordinate about 0 (each mode has std 0.2 there)
      return Math.sqrt(rows.reduce((acc, p) => acc + p[1]! ** 2, 0) / rows.length);
    };
    const none = await run([]);
    const mean = await run(['--denoise']);
    const post = await run(['--denoise', 'posterior']);
    // x(T₀) at T₀ = 0.1 carries noise σ_{T₀} ≈ 0.33 in the scaled units (measured spread 0.64 in the data's); the mean
    // narrows each mode to 0.06; the draw keeps 0.2 (measured 0.202; 1000 samples: a relative standard error of ≈ 2 %)
    expect(none).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.1);
    expect(post).toBeGreaterThan(0.18);
    expect(post).toBeLessThan(0.22);
    const e = await runCli([
      '--json',
      'diffusion',
      'eval',
      '--exact-score',
      '--target',
      t,
      '--count',
      '200',
      '--steps',
      '20',
      '--score-times',
      '4',
      '--score-points',
      '16',
      '--denoise',
      'posterior',
    ]);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).denoise).toBe('posterior');
    const bad = await runCli([
      'diffusion',
      'sample',
      '--exact-score',
      '--target',
      t,
      '--count',
      '5',
      '--denoise',
      'median',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--denoise.*median/);
  });

  describe('bad input: one line on stderr, exit non-zero, nothing written', () => {
    const cases: [string, unknown, string[], RegExp][] = [
      [
        'unknown target name',
        { type: 'named', name: '7-gaussians' },
        [],
        /name: expected one of .*, got "7-gaussians"/,
      ],
      ['weights not summing to 1', { ...MIX, weights: [0.5, 0.6] }, [], /weights: expected weights summing to 1/],
      ['T₀ ≥ T', MIX, ['--t0', '1', '--T', '1'], /--t0 must be smaller than --T/],
      ['schedule that does not parse', MIX, ['--schedule', '0.1 + * t'], /cannot parse/],
      ['schedule not positive on [0, T]', MIX, ['--schedule', '1 - 2*t'], /positive on \[0, T = 1\]/],
      ['unknown time sampling', MIX, ['--time-sampling', 'beta'], /--time-sampling/],
      ['time scale not positive', MIX, ['--time-scale', '0'], /--time-scale/],
      [
        '--paper-inputs with an input flag',
        MIX,
        ['--paper-inputs', '--time-scale', '2'],
        /--paper-inputs sets the input features itself; drop --time-scale/,
      ],
      [
        '--ridge (absolute) with --relative-ridge',
        MIX,
        ['--ridge', '0.1', '--relative-ridge', '1e-3'],
        /--ridge \(absolute\) and --relative-ridge are alternatives/,
      ],
      ['negative --relative-ridge', MIX, ['--relative-ridge', '-1'], /--relative-ridge/],
      [
        '--data-centres above 1',
        MIX,
        ['--data-centres', '1.5'],
        /--data-centres must be a fraction in \[0, 1\], got 1.5/,
      ],
      [
        '--data-centres with --input-bias 0',
        MIX,
        ['--data-centres', '1', '--input-bias', '0'],
        /--input-bias must be > 0/,
      ],
      ['--centre-scale 0', MIX, ['--centre-scale', '0'], /--centre-scale/],
      ['--paper-inputs with --data-centres', MIX, ['--paper-inputs', '--data-centres', '1'], /drop --data-centres/],
      ['--ensemble 0', MIX, ['--ensemble', '0'], /--ensemble must be at least 1, got 0/],
      ['--ensemble with --model nn', MIX, ['--ensemble', '2', '--model', 'nn'], /--ensemble 2 .* needs --model ntk/],
      ['negative --loss-weight-power', MIX, ['--loss-weight-power', '-1'], /--loss-weight-power/],
      [
        '--loss-weight-power with --model nn',
        MIX,
        ['--loss-weight-power', '0.5', '--model', 'nn'],
        /--loss-weight-power 0.5 .* needs --model ntk/,
      ],
      ['unknown --solver', MIX, ['--solver', 'qr'], /--solver/],
      [
        '--solver with --model nn',
        MIX,
        ['--solver', 'primal', '--model', 'nn'],
        /--solver primal .* needs --model ntk/,
      ],
    ];
    it.each(cases)('%s', async (name, json, extra, msg) => {
      const sub = tmp.path(`bad-${name.replace(/\W+/g, '-')}`);
      mkdirSync(sub);
      const t = `${sub}/t.json`;
      writeFileSync(t, JSON.stringify(json));
      const r = await runCli(['diffusion', 'train', '--target', t, '--out', `${sub}/model.json`, ...small, ...extra]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(readdirSync(sub)).toEqual(['t.json']);
    });

    it('ragged data file', async () => {
      const sub = tmp.path('bad-ragged');
      mkdirSync(sub);
      writeFileSync(`${sub}/pts.csv`, '1,2\n3,4\n5\n');
      writeFileSync(`${sub}/t.json`, JSON.stringify({ type: 'data', path: 'pts.csv' }));
      const r = await runCli([
        'diffusion',
        'train',
        '--target',
        `${sub}/t.json`,
        '--out',
        `${sub}/model.json`,
        ...small,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/pts\.csv": row 3 \(line 3\): expected 2 columns \(as row 1 has\), got 1/);
      expect(readdirSync(sub).sort()).toEqual(['pts.csv', 't.json']);
    });

    it('sample without a source, and --exact-score of a target without an exact score', async () => {
      const r = await runCli(['diffusion', 'sample', '--count', '3']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--model M, or --exact-score/);
      const t = target('moons.json', { type: 'named', name: 'two-moons' });
      const r2 = await runCli(['diffusion', 'sample', '--exact-score', '--target', t]);
      expect(r2.code).toBe(1);
      expect(r2.stderr).toMatch(/needs a Gaussian-mixture target/);
    });

    it('sample --final-corrector -1', async () => {
      const t = target('mix-bad-final.json', MIX);
      const r = await runCli(['diffusion', 'sample', '--exact-score', '--target', t, '--final-corrector', '-1']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--final-corrector must be at least 0, got -1/);
    });
  });
});
