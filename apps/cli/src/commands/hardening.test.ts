/**
 * Issue #20 regressions at the command line: sizes refused before allocation, output paths checked before the
 * work, one-line errors (stacks only with --debug), no silent non-finite output, --quiet quiet, --backend ≡ env.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithTool } from '@softmax-ntk/test-helpers';
import { startRedis } from '../../test/redis';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';
import { run } from '../cli';
import { DEFAULT_MAX_MEMORY, formatBytes, parseMemorySize } from '../internal/limits';
import { parseTimeoutMs } from './sweep';

const tmp = tempDir();

/** Every refusal of this file: exit 1, one line on stderr naming `field`, nothing on stdout. */
function expectOneLine(r: { code: number; stdout: string; stderr: string }, field: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(r.stderr).toMatch(field);
}

describe('bug 1: sizes are checked against a memory estimate before anything is allocated', () => {
  it.each([
    // (1e9 + 8)·(2 + 2) values × (8 B float64 + 24 B of JSON text) = 128.0 GB
    [['--n', '1000000000', '--d', '2', '--m', '8'], /--n 1000000000 needs an estimated 128\.0 GB/],
    [['--n', '4', '--d', '2', '--m', '1000000000'], /--m 1000000000 needs an estimated 128\.0 GB/],
    [['--n', '4', '--d', '1000000000', '--m', '8'], /--d 1000000000 needs an estimated/],
  ])('init %j is refused in milliseconds, naming the option, the estimate and the cap', async (args, msg) => {
    const out = tmp.path('huge.json');
    const t0 = Date.now();
    const r = await runCli(['init', ...args, '--out', out]);
    expect(Date.now() - t0).toBeLessThan(5000); // the old code was still allocating (1.8–3 GB) after 10–40 s
    expectOneLine(r, msg);
    expect(r.stderr).toContain(`over the ${formatBytes(DEFAULT_MAX_MEMORY)} cap (raise it with --max-memory)`);
    expect(existsSync(out)).toBe(false);
  });

  it('the estimate is the shapes × bytes per value, and --max-memory moves the cap both ways', async () => {
    // n = 1000, d = 2 (d_in + d_out = 4), m = 8: (1000 + 8)·4 = 4032 values × 32 B = 129,024 B
    const small = await runCli(['--max-memory', '100kB', 'init', '--n', '1000', '--d', '2', '--m', '8']);
    expectOneLine(small, /--n 1000 needs an estimated 129\.0 kB .* over the 100\.0 kB cap/);
    const ok = await runCli(['--max-memory', '130kB', 'init', '--n', '1000', '--d', '2', '--m', '8']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).x).toHaveLength(1000);
  });

  it.each(['0', '-1GB', '12 parsecs', 'GB', '1e400', ''])('--max-memory %j is refused naming the option', async (v) => {
    expectOneLine(
      await runCli(['--max-memory', v, 'init', '--n', '2', '--d', '1', '--m', '2']),
      /--max-memory must be a size/,
    );
  });

  it('parseMemorySize reads decimal and binary units', () => {
    expect(parseMemorySize('--max-memory', '512MB')).toBe(512e6);
    expect(parseMemorySize('--max-memory', '4GiB')).toBe(4 * 1024 ** 3);
    expect(parseMemorySize('--max-memory', '1e9')).toBe(1e9);
  });

  it('diffusion train --n 1e9 and sample --count 1e9 are refused before training or sampling', async () => {
    const target = tmp.path('target.json');
    writeFileSync(target, JSON.stringify({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [1] }));
    const model = tmp.path('m.json');
    const r = await runCli(['diffusion', 'train', '--target', target, '--n', '1000000000', '--out', model]);
    expectOneLine(r, /--n 1000000000 needs an estimated .* over the .* cap/);
    expect(existsSync(model)).toBe(false);
    const s = await runCli(['diffusion', 'sample', '--exact-score', '--target', target, '--count', '1000000000']);
    expectOneLine(s, /--count 1000000000 needs an estimated .* cap/);
    const e = await runCli(['diffusion', 'eval', '--exact-score', '--target', target, '--score-points', '1000000000']);
    expectOneLine(e, /--score-points 1000000000 needs an estimated .* cap/);
  });
});

describe('bug 1: diffusion likelihood (and eval’s held-out NLL) estimate their memory before the ODE', () => {
  const MIX2 = {
    type: 'gaussian-mixture',
    weights: [0.5, 0.5],
    means: [
      [-1, 0],
      [1, 0],
    ],
    std: [0.3, 0.3],
  };
  let target = '';
  let data = '';
  beforeAll(() => {
    target = tmp.path('lik-target.json');
    writeFileSync(target, JSON.stringify(MIX2));
    data = tmp.path('lik-3.csv');
    writeFileSync(data, '-1,0\n1,0\n0,0.5\n');
  });
  const lik = (...args: string[]) => ['diffusion', 'likelihood', '--exact-score', '--target', target, ...args];

  it('the estimate is the shapes × 8 B plus the text, and --max-memory moves the cap both ways', async () => {
    // n = 3 points, d = 2, exact: 2 directions, 1 column, a 2-component mixture (width 2). In float64 values:
    // data and its scaled copy 2·6, directions 2·6, RK45 10·n·(d + 1) = 90, one evaluation (1 + 2)·6 = 18,
    // hidden (2 + 2)·3·2 = 24, per-point results 9: 165 × 8 B = 1320 B, plus 3 × 24 B of text = 1392 B.
    const small = await runCli(['--max-memory', '1kB', ...lik('--data', data)]);
    expectOneLine(
      small,
      /^softmax-ntk: error: invalid option: --data rows 3 needs an estimated 1\.4 kB for the likelihood of 3 points of dimension 2 with 2 Jacobian-vector directions, over the 1\.0 kB cap \(raise it with --max-memory\)$/m,
    );
    const at = await runCli(['--max-memory', '1391B', ...lik('--data', data)]);
    expectOneLine(at, /needs an estimated 1\.4 kB/);
    const ok = await runCli(['--max-memory', '1392B', '--json', ...lik('--data', data)]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { perSample: number[] }).perSample).toHaveLength(3);
  });

  it('--probes 1e9 (Hutchinson) is refused in milliseconds naming --probes', async () => {
    const t0 = Date.now();
    const r = await runCli(lik('--data', data, '--method', 'hutchinson', '--probes', '1000000000'));
    expect(Date.now() - t0).toBeLessThan(5000);
    expectOneLine(r, /--probes 1000000000 needs an estimated .* for the likelihood of 3 points .* over the .* cap/);
  });

  it('eval --nll-points 1e9 is refused before sampling, naming --nll-points', async () => {
    const t0 = Date.now();
    const r = await runCli(['diffusion', 'eval', '--exact-score', '--target', target, '--nll-points', '1000000000']);
    expect(Date.now() - t0).toBeLessThan(5000);
    expectOneLine(r, /--nll-points 1000000000 needs an estimated .* over the .* cap/);
  });
});

describe('bug 7: output paths are checked before the work starts', () => {
  it.each([
    ['a missing directory', (d: string) => `${d}/no/such/dir/p.json`, /directory .* does not exist/],
    ['a directory', (d: string) => d, /is a directory; give a file path/],
  ])('init --out in %s is one line, exit 1', async (_, path, msg) => {
    expectOneLine(await runCli(['init', '--n', '2', '--d', '1', '--m', '2', '--out', path(tmp.dir())]), msg);
  });

  it('diffusion train and sample: --out naming a directory is refused before training (it trained, then failed on the temp file)', async () => {
    const target = tmp.path('out-dir-target.json');
    writeFileSync(target, JSON.stringify({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [1] }));
    const dir = tmp.path('out-dir');
    mkdirSync(dir);
    const train = ['diffusion', 'train', '--target', target, '--n', '8', '--m', '8', '--model', 'ntk', '--no-plot'];
    // no progress line ("ntk: Gram matrix …") before the refusal: nothing ran
    expectOneLine(
      await runCli([...train, '--out', dir]),
      /^softmax-ntk: error: invalid option: --out ".*out-dir" is a directory; give a file path\n$/,
    );
    // a directory named like a CSV file gets past the extension check
    const csvDir = tmp.path('out-dir.csv');
    mkdirSync(csvDir);
    const sample = ['diffusion', 'sample', '--exact-score', '--target', target, '--no-plot'];
    expectOneLine(
      await runCli([...sample, '--out', csvDir]),
      /--out ".*out-dir\.csv" is a directory; give a file path/,
    );
    expect(readdirSync(csvDir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('train and ntk refuse a bad --out before reading or training', async () => {
    const p = tmp.path('p7.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    expectOneLine(await runCli(['train', '--problem', p, '--out', tmp.dir()]), /--out .* is a directory/);
    expectOneLine(
      await runCli(['ntk', '--problem', p, '--out', `${tmp.dir()}/missing/H.npy`]),
      /--out .* directory .* does not exist/,
    );
  });
});

describe('bug 9: temp files of an interrupted atomic write are removed on the next run', () => {
  it('train removes .<checkpoint>.<dead pid>.<k>.tmp beside its checkpoint, keeping a live writer’s', async () => {
    const d = tmp.path('b9');
    mkdirSync(d);
    const p = `${d}/p.json`;
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    // pid 2^22 + 1 is above Linux's pid_max ceiling (4194304), so no process has it
    const dead = `.out.checkpoint.json.${2 ** 22 + 1}.0.tmp`;
    const live = `.out.checkpoint.json.${process.pid}.0.tmp`;
    writeFileSync(`${d}/${dead}`, 'partial');
    writeFileSync(`${d}/${live}`, 'being written');
    const r = await runCli(['train', '--problem', p, '--out', `${d}/out.json`, '--steps', '3', '--json']);
    expect(r.code).toBe(0);
    const names = readdirSync(d);
    expect(names).not.toContain(dead);
    expect(names).toContain(live);
  });
});

describe('bug 5: no silent non-finite output', () => {
  it('eval of an exp network at ‖x‖ = 1000 is exit 1 naming F, not "loss": null', async () => {
    const p = tmp.path('exp.json');
    writeFileSync(p, JSON.stringify({ activation: 'exp', x: [[1000]], y: [[0]], w: [[1], [1]], a: [[1, -0.5]] }));
    // --quiet: the Assumption 6.1 warning about ‖x‖ > 1 is not the point here
    const r = await runCli(['--quiet', 'eval', '--problem', p, '--json']);
    // F = (e^1000 − 0.5·e^1000)/√2 ≈ 7e433: past float64, so +∞ (computed in log space, not ∞ − ∞ = NaN)
    expectOneLine(r, /non-finite result: F\[0\]\[0\] is Infinity \(exp\(⟨w_r, x_i⟩\) overflows float64/);
  });

  it('eval of an exp network at ‖x‖ = 1000 whose values are representable is exit 0 with the log-space values', async () => {
    const p = tmp.path('exp-small-a.json');
    const a = 1e-300;
    writeFileSync(p, JSON.stringify({ activation: 'exp', x: [[1000]], y: [[0]], w: [[1], [0.5]], a: [[a, a]] }));
    const r = await runCli(['--quiet', 'eval', '--problem', p, '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout) as { F: number[][]; loss: number; grad: number[][] };
    // Term by term in log space: t_r = a·e^{z_r}/√2 = exp(log a + z_r − ½ log 2), z = (1000, 500).
    const t = [1000, 500].map((z) => Math.exp(Math.log(a) + z - 0.5 * Math.log(2)));
    const F = (t[0] as number) + (t[1] as number); // ≈ 1.3e134 (e^1000 alone is ∞ in float64)
    expect(out.F).toBeAllClose([[F]]);
    expect(out.loss).toBeAllClose(0.5 * F * F);
    // ΔW_r = (F − y)·t_r·x
    expect(out.grad).toBeAllClose([[F * (t[0] as number) * 1000], [F * (t[1] as number) * 1000]]);
  });

  it('labels × 1e200 give exit 1 naming the loss', async () => {
    const p = tmp.path('big-y.json');
    writeFileSync(p, JSON.stringify({ activation: 'softmax', x: [[0.5]], y: [[1e200]], w: [[1], [1]], a: [[1, -1]] }));
    expectOneLine(await runCli(['--quiet', 'eval', '--problem', p, '--json']), /non-finite result: loss is Infinity/);
  });
});

describe('bug 5 (diffusion): sample, eval and likelihood check their outputs; no file is written', () => {
  const MIX = {
    type: 'gaussian-mixture',
    weights: [0.4, 0.6],
    means: [
      [-1, 0],
      [1, 0.5],
    ],
    std: [0.2, 0.3],
  };
  let model = '';
  /** The trained model with `edit` applied to its JSON. */
  /** The parts of a model file the cases edit. */
  interface ModelJson {
    network: { a: number[][] };
    normalization: { scale: number };
  }
  const variant = (name: string, edit: (m: ModelJson) => void): string => {
    const m = JSON.parse(readFileSync(model, 'utf8')) as ModelJson;
    edit(m);
    const p = tmp.path(name);
    writeFileSync(p, JSON.stringify(m));
    return p;
  };
  // a × 1e300: the network's outputs, so the score, are ~1e302; the first step leaves float64 range.
  const hugeA = (m: ModelJson) => {
    m.network.a = m.network.a.map((row) => row.map((v) => v * 1e300));
  };

  beforeAll(async () => {
    const t = tmp.path('mix.json');
    writeFileSync(t, JSON.stringify(MIX));
    model = tmp.path('model.json');
    const r = await runCli(['--quiet', 'diffusion', 'train', '--target', t, '--out', model, '--n', '60', '--m', '64']);
    expect(r.code).toBe(0);
  });

  it.each([
    ['sde', ['--steps', '20']],
    ['rk45', ['--sampler', 'rk45']],
  ])('sample (%s) with a diverging score: one line naming `samples`, no --out file', async (_s, extra) => {
    const out = tmp.path(`diverged-${_s}.csv`);
    const m = variant(`huge-a-${_s}.json`, hugeA);
    const r = await runCli(['diffusion', 'sample', '--model', m, '--count', '10', ...extra, '--out', out]);
    expectOneLine(r, /non-finite result: `samples` row \d+, column \d+ is NaN \(the sampler diverged/);
    expect(existsSync(out)).toBe(false);
  });

  it('sample whose data-unit samples overflow (normalisation scale 1e307): names samples[i][j]', async () => {
    const out = tmp.path('overflow.json');
    const m = variant('huge-scale.json', (j) => {
      j.normalization.scale = 1e307;
    });
    // the raw score (no clip of the x(0) prediction, which would keep the scaled samples in the unit ball)
    const r = await runCli([
      'diffusion',
      'sample',
      '--model',
      m,
      '--count',
      '10',
      '--steps',
      '20',
      '--clip-radius',
      'none',
      '--out',
      out,
    ]);
    expectOneLine(
      r,
      /non-finite result: samples\[\d+\]\[[01]\] is -?Infinity \(the samples overflow float64 in data units/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('likelihood with a diverging score names `perSample` and its row; eval names the first bad metric', async () => {
    const m = variant('huge-a-nll.json', hugeA);
    const data = tmp.path('two.csv');
    writeFileSync(data, '-1,0\n1,0.5\n');
    expectOneLine(
      await runCli(['--json', 'diffusion', 'likelihood', '--model', m, '--data', data, '--clip-radius', 'none']),
      /non-finite result: `perSample` row 1 is NaN \(the probability-flow ODE diverged/,
    );
    const e = await runCli([
      '--json',
      'diffusion',
      'eval',
      '--model',
      m,
      '--count',
      '10',
      '--steps',
      '10',
      '--score-times',
      '2',
      '--score-points',
      '4',
      '--clip-radius',
      'none',
    ]);
    expectOneLine(e, /non-finite result: `uniform` is NaN/);
  });

  it('the unedited model samples, evaluates and gives a finite NLL (exit 0), so the checks pass what they should', async () => {
    const data = tmp.path('far.csv');
    writeFileSync(data, '-1,0\n40,-40\n');
    const r = await runCli(['--json', 'diffusion', 'likelihood', '--model', model, '--data', data, '--eps', '0.01']);
    expect(r.code).toBe(0);
    const nll = (JSON.parse(r.stdout) as { perSample: number[] }).perSample;
    expect(nll.every(Number.isFinite)).toBe(true);
    expect(nll[1]).toBeGreaterThan((nll[0] as number) + 100);
  });
});

describe('bug 7: diffusion train failures caused by an option are one line naming it (they were rc 70)', () => {
  // found by the options property test (seed 33/34)
  const args = (out: string) => {
    const t = tmp.path('train-fail-target.json');
    writeFileSync(
      t,
      JSON.stringify({
        type: 'gaussian-mixture',
        weights: [0.5, 0.5],
        means: [
          [-1, 0],
          [1, 0],
        ],
        std: [0.3, 0.3],
      }),
    );
    return ['--quiet', 'diffusion', 'train', '--target', t, '--out', out, '--no-plot', '--n', '8', '--m', '8'];
  };

  it('a diverging --eta-scale', async () => {
    const out = tmp.path('diverged-model.json');
    // η = c/λ_max ≈ 2.7e39, beyond float32's largest value (3.4e38): η rounds to +∞ in float32 and the first step's
    // weights are ±∞ or NaN. (The property test's counterexample, c = 8.3e39, put η·ΔW just at float32's edge: tfjs's
    // unfused ops overflowed there, the fused float32 kernel's rounding does not — both are float32.)
    const r = await runCli([
      ...args(out),
      ...['--model', 'nn', '--sigma', '1', '--steps', '3', '--time-scale', '3', '--t0', '0.01'],
      ...['--eta-scale', '1e41'],
    ]);
    expectOneLine(
      r,
      /invalid option: --eta-scale 1e\+41 is too large, training diverged: the loss at step 1 is NaN; .*; lower --eta-scale$/m,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--ridge 0 with an H* that is singular in float64', async () => {
    const out = tmp.path('singular-model.json');
    const r = await runCli([...args(out), '--model', 'ntk', '--ridge', '0']);
    expectOneLine(r, /invalid option: --ridge 0 leaves H\* not numerically positive definite \(.*\); raise --ridge$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('--relative-ridge 0 names --relative-ridge (the CLI reads the option from the ScoreTrainingError, not its text)', async () => {
    const out = tmp.path('singular-relative-model.json');
    const r = await runCli([...args(out), '--model', 'ntk', '--relative-ridge', '0']);
    expectOneLine(
      r,
      /invalid option: --relative-ridge 0 leaves H\* not numerically positive definite \(ρ = 0: pivot \d+ of H\* \+ ρI is .*\); raise --relative-ridge$/m,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('bug 6: ntk --test is read strictly', () => {
  it.each([
    ['null', '[[null]]'],
    ['"0.2"', '[["0.2"]]'],
    ['a nested array', '[[[0.2]]]'],
  ])('refuses %s in x, naming the entry', async (_, x) => {
    const p = tmp.path('p6.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const t = tmp.path('t6.json');
    writeFileSync(t, `{"x": ${x}}`);
    expectOneLine(await runCli(['ntk', '--problem', p, '--test', t]), /x\[0\]\[0\]: expected a finite number/);
  });

  it('{"x": []} names the file and its field `x` (it named the regression’s `xTest`), before H is formed', async () => {
    const p = tmp.path('p6e.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const t = tmp.path('t6e.json');
    writeFileSync(t, '{"x": []}');
    const r = await runCli(['ntk', '--problem', p, '--test', t, '--ridge', '0.1']);
    expectOneLine(r, /: x: expected at least one row of length d_in = 1, got \[\]$/m);
    expect(r.stderr).toContain(`${t}: x:`);
    expect(r.stderr).not.toMatch(/xTest/);
  });
});

describe('errors are one line; the stack only with --debug', () => {
  it('an unreadable problem file is one line', async () => {
    expectOneLine(await runCli(['eval', '--problem', '/dev/zero']), /not a regular file/);
  });

  it('an internal error is one line without --debug, and its stack with it', async () => {
    const io = () => {
      const out = { stdout: '', stderr: '' };
      return {
        out,
        io: {
          stdout: { write: (s: string) => (out.stdout += s) },
          stderr: {
            write: (s: string) => {
              out.stderr += s;
              return true;
            },
          },
        },
      };
    };
    // a stdout that throws is a fault of the environment, not of the input: exit 70
    const a = io();
    const boom = {
      stdout: {
        write: () => {
          throw new Error('EPIPE-like failure');
        },
      },
      stderr: a.io.stderr,
    };
    expect(await run(['init', '--n', '2', '--d', '1', '--m', '2'], boom)).toBe(70);
    expect(a.out.stderr).toBe(
      'softmax-ntk: internal error: EPIPE-like failure (run again with --debug for the stack trace)\n',
    );
    const b = io();
    expect(await run(['--debug', 'init', '--n', '2', '--d', '1', '--m', '2'], { ...boom, stderr: b.io.stderr })).toBe(
      70,
    );
    expect(b.out.stderr.split('\n').length).toBeGreaterThan(2);
    expect(b.out.stderr).toMatch(/at /);
  });
});

describe('bug 14: --quiet is quiet', () => {
  it('train --quiet prints nothing; --quiet --json still prints the object', async () => {
    const p = tmp.path('q.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const q = await runCli(['--quiet', 'train', '--problem', p, '--out', tmp.path('q-out.json'), '--steps', '2']);
    expect(q).toEqual({ code: 0, stdout: '', stderr: '' });
    const j = await runCli([
      '--quiet',
      'train',
      '--problem',
      p,
      '--out',
      tmp.path('q-out2.json'),
      '--steps',
      '2',
      '--json',
    ]);
    expect(JSON.parse(j.stdout).steps).toBe(2);
    expect(j.stderr).toBe('');
  });

  it('attention init and attention train --quiet print nothing (they printed their summaries); --json still does', async () => {
    const p = tmp.path('q-att.json');
    const a = [
      'attention',
      'init',
      '--sequences',
      '2',
      '--dim',
      '2',
      '--tokens',
      '2',
      '--heads',
      '2',
      '--head-dim',
      '1',
    ];
    expect(await runCli(['--quiet', ...a, '--out', p])).toEqual({ code: 0, stdout: '', stderr: '' });
    const t = ['attention', 'train', '--problem', p, '--steps', '2'];
    expect(await runCli(['--quiet', ...t, '--out', tmp.path('q-att-out.json')])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const j = await runCli(['--quiet', '--json', ...t, '--out', tmp.path('q-att-out2.json')]);
    expect(JSON.parse(j.stdout).steps).toBe(2);
    expect(j.stderr).toBe('');
  });

  it('tfjs banners (console.warn) are silenced with --quiet and restored after the run', async () => {
    const p = tmp.path('q32.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const warn = jest.spyOn(console, 'warn');
    const r = await runCli(['--quiet', '--backend', 'cpu', '--precision', 'float32', 'eval', '--problem', p]);
    expect(r.code).toBe(0);
    expect(warn).not.toHaveBeenCalled();
    expect(console.warn).toBe(warn); // restored
    warn.mockRestore();
  });
});

describe('bug 14: --quiet is quiet in a fresh process (the built binary: tfjs prints its banner once per process)', () => {
  const BIN = join(__dirname, '..', '..', 'bin', 'softmax-ntk.js');
  const bin = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  it('eval, float32 on the cpu backend: no tfjs banner, only the result (the printout is what eval makes)', () => {
    const p = tmp.path('quiet-bin-eval.json');
    expect(bin('init', '--n', '3', '--d', '1', '--m', '4', '--out', p).status).toBe(0);
    const r = bin('--quiet', '--backend', 'cpu', '--precision', 'float32', 'eval', '--problem', p);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^problem {3}n=3, d_in=1, d_out=1, m=4, softmax \(float32\)\nloss {6}\d/);
  });

  it.each([
    ['train', (d: string) => ['train', '--problem', `${d}/p.json`, '--steps', '2', '--out', `${d}/t.json`]],
    [
      'diffusion train',
      (d: string) => [
        'diffusion',
        'train',
        '--target',
        `${d}/g.json`,
        '--n',
        '8',
        '--m',
        '8',
        '--steps',
        '2',
        '--out',
        `${d}/m.json`,
      ],
    ],
    [
      'diffusion sample --out',
      (d: string) => [
        'diffusion',
        'sample',
        '--exact-score',
        '--target',
        `${d}/g.json`,
        '--count',
        '5',
        '--steps',
        '5',
        '--out',
        `${d}/s.csv`,
      ],
    ],
  ])('%s (a command whose product is a file) prints nothing at all', (name, argv) => {
    const d = tmp.path(`quiet-${name.replace(/\W+/g, '-')}`);
    mkdirSync(d);
    expect(bin('init', '--n', '3', '--d', '1', '--m', '4', '--out', `${d}/p.json`).status).toBe(0);
    writeFileSync(`${d}/g.json`, JSON.stringify({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [1] }));
    const r = bin('--quiet', ...argv(d));
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    // and without --quiet it does speak (so the test can fail)
    expect(bin(...argv(d)).stdout).not.toBe('');
  });
});

describe('bug 15: --backend X behaves as SOFTMAX_NTK_BACKEND=X', () => {
  it('a float64 command runs with --backend node exactly as with the environment variable', async () => {
    const p = tmp.path('b15.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const flag = await runCli(['--backend', 'node', 'eval', '--problem', p, '--json']);
    const saved = process.env['SOFTMAX_NTK_BACKEND'];
    process.env['SOFTMAX_NTK_BACKEND'] = 'node';
    const env = await runCli(['eval', '--problem', p, '--json']);
    if (saved === undefined) delete process.env['SOFTMAX_NTK_BACKEND'];
    else process.env['SOFTMAX_NTK_BACKEND'] = saved;
    expect(flag).toEqual(env);
    expect(flag.code).toBe(0);
    // and the flag does not leak into the environment of later runs
    expect(process.env['SOFTMAX_NTK_BACKEND']).toBe(saved);
    expect(JSON.parse(readFileSync(p, 'utf8')).x).toHaveLength(3);
  });
});

describe('bugs 7, 8: checkpoints are validated on resume, with the changed option named', () => {
  /** A problem trained 4 steps with a checkpoint every 2 steps (eta auto); returns the paths. */
  async function checkpointed(name: string): Promise<{ p: string; out: string; ck: string }> {
    const d = tmp.path(name);
    mkdirSync(d);
    const p = `${d}/p.json`;
    expect((await runCli(['--seed', '1', 'init', '--n', '4', '--d', '2', '--m', '8', '--out', p])).code).toBe(0);
    const out = `${d}/out.json`;
    const r = await runCli(['train', '--problem', p, '--out', out, '--steps', '4', '--checkpoint-every', '2']);
    expect(r.code).toBe(0);
    return { p, out, ck: `${d}/out.checkpoint.json` };
  }
  const resume = (c: { p: string; out: string }, extra: string[]) =>
    runCli(['train', '--problem', c.p, '--out', c.out, '--resume', ...extra]);

  it('a changed --eta-scale is refused, not silently ignored', async () => {
    const c = await checkpointed('r1');
    expectOneLine(
      await resume(c, ['--steps', '6', '--eta-scale', '0.5']),
      /cannot resume: .* was written with etaScale 1 \(eta = .*\), got etaScale 0\.5 \(option --eta-scale\)/,
    );
    // unchanged, it resumes
    expect((await resume(c, ['--steps', '6'])).code).toBe(0);
  });

  it.each([
    ['eta −1', (j: Record<string, unknown>) => (j['eta'] = -1), /checkpoint ".*": eta: expected a number > 0, got -1/],
    [
      'step −5',
      (j: Record<string, unknown>) => (j['step'] = -5),
      /checkpoint ".*": step: expected a number ≥ 0, got -5/,
    ],
    [
      'a string in w',
      (j: Record<string, unknown>) => ((j['w'] as unknown[][])[0]![0] = '1'),
      /checkpoint ".*": w\[0\]\[0\]: expected a finite number, got "1"/,
    ],
  ])('a checkpoint with %s is refused with one line', async (_, corrupt, msg) => {
    const c = await checkpointed(`r-${Math.random().toString(36).slice(2)}`);
    const j = JSON.parse(readFileSync(c.ck, 'utf8')) as Record<string, unknown>;
    corrupt(j);
    writeFileSync(c.ck, JSON.stringify(j));
    expectOneLine(await resume(c, ['--steps', '6']), msg);
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"format": "softmax-ntk/checkpoint", "version": 1, "w": [[0.1, '],
  ])('an %s checkpoint is one line (it was a stack trace, rc 70)', async (kind, text) => {
    const c = await checkpointed(`t-${kind}`);
    writeFileSync(c.ck, text);
    expectOneLine(
      await resume(c, ['--steps', '6']),
      new RegExp(`checkpoint ".*": json: ${kind === 'empty' ? 'empty' : 'not valid JSON'}`),
    );
  });

  it('--steps below the checkpoint’s step names both', async () => {
    const c = await checkpointed('r-steps');
    expectOneLine(
      await resume(c, ['--steps', '1']),
      /is at step 4, beyond the step budget steps = 1; give steps ≥ 4 \(option --steps\)/,
    );
  });

  it('a changed --momentum is named', async () => {
    const c = await checkpointed('r-mom');
    expectOneLine(await resume(c, ['--steps', '6', '--momentum', '0.5']), /momentum 0, got 0\.5 \(option --momentum\)/);
  });
});

describe('bug 7: the automatic step-size failure names --eta', () => {
  it('x = 0 makes J = 0, so λ_max = 0: one line naming --eta, exit 1, no output file', async () => {
    const p = tmp.path('zero-x.json');
    writeFileSync(
      p,
      JSON.stringify({
        activation: 'softmax',
        x: [
          [0, 0],
          [0, 0],
        ],
        y: [[1], [0]],
        w: [
          [1, 0],
          [0, 1],
          [1, 1],
          [-1, 0],
        ],
        a: [[1, -1, 1, -1]],
      }),
    );
    const out = tmp.path('zero-x-out.json');
    const r = await runCli(['--quiet', 'train', '--problem', p, '--out', out, '--eta', 'auto', '--steps', '2']);
    expectOneLine(r, /cannot choose eta automatically: the estimate of λ_max\(J Jᵀ\) at W\(0\) is 0; .*--eta/);
    expect(existsSync(out)).toBe(false);
  });

  it('attention train: x = 0 makes H(0) = 0: one line naming --eta (was a plain Error, exit 70), no output file', async () => {
    const p = tmp.path('attention-zero-x.json');
    const a = [
      'attention',
      'init',
      '--sequences',
      '2',
      '--dim',
      '2',
      '--tokens',
      '2',
      '--heads',
      '2',
      '--head-dim',
      '1',
    ];
    expect((await runCli(['--quiet', ...a, '--out', p])).code).toBe(0);
    const file = JSON.parse(readFileSync(p, 'utf8')) as { x: number[][][] };
    file.x = file.x.map((xs) => xs.map((row) => row.map(() => 0)));
    writeFileSync(p, JSON.stringify(file));
    const out = tmp.path('attention-zero-x-out.json');
    const r = await runCli(['--quiet', 'attention', 'train', '--problem', p, '--out', out, '--steps', '2']);
    expect(r.stderr).toBe(
      'softmax-ntk: error: invalid option: --eta auto cannot choose a step size: λ_max(H(0)) is 0; pass a number as --eta\n',
    );
    expectOneLine(r, /--eta/);
    expect(existsSync(out)).toBe(false);
    // the same file with a number as --eta trains
    const given = await runCli([
      '--quiet',
      'attention',
      'train',
      '--problem',
      p,
      '--out',
      out,
      '--steps',
      '2',
      '--eta',
      '0.1',
    ]);
    expect(given.code).toBe(0);
  });

  it('attention train: --eta-scale 1e308 on a problem with λ_max(H(0)) < 1 names --eta-scale (η = ∞ was accepted)', async () => {
    const p = tmp.path('attention-small-x.json');
    const a = [
      'attention',
      'init',
      '--sequences',
      '2',
      '--dim',
      '2',
      '--tokens',
      '2',
      '--heads',
      '2',
      '--head-dim',
      '1',
    ];
    expect((await runCli(['--quiet', ...a, '--out', p])).code).toBe(0);
    const file = JSON.parse(readFileSync(p, 'utf8')) as { x: number[][][] };
    // x × 10⁻³: H_V scales by 10⁻⁶, so λ_max < 1 and 1e308 / λ_max overflows
    file.x = file.x.map((xs) => xs.map((row) => row.map((v) => v * 1e-3)));
    writeFileSync(p, JSON.stringify(file));
    const ntk = await runCli(['--quiet', '--json', 'attention', 'ntk', '--problem', p]);
    expect((JSON.parse(ntk.stdout) as { lambdaMax: number }).lambdaMax).toBeLessThan(1);
    const out = tmp.path('attention-small-x-out.json');
    const r = await runCli(['--quiet', 'attention', 'train', '--problem', p, '--out', out, '--eta-scale', '1e308']);
    expectOneLine(
      r,
      /^softmax-ntk: error: invalid option: --eta-scale 1e\+308 is too large for --eta auto: .*lower --eta-scale/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('bug 7: reproduce --out is checked before any check runs', () => {
  it('--out naming a file is refused at once', async () => {
    const f = tmp.path('not-a-dir');
    writeFileSync(f, 'x');
    const t0 = Date.now();
    expectOneLine(await runCli(['reproduce', '--quick', '--out', f]), /--out .* exists and is not a directory/);
    expect(Date.now() - t0).toBeLessThan(5000); // before: every check ran first (minutes)
    expectOneLine(
      await runCli(['reproduce', '--quick', '--out', `${f}/sub`]),
      /--out .*: ".*not-a-dir" is not a directory/,
    );
  });
});

describe('bug 13: messages', () => {
  it('a bare NaN in a problem file is one line', async () => {
    const p = tmp.path('nan.json');
    writeFileSync(p, '{"x": [[NaN]], "y": [[0]], "w": [[1], [1]], "a": [[1, -1]]}');
    expectOneLine(await runCli(['eval', '--problem', p]), /json: invalid JSON/);
  });

  it('an H that overflows is named as H, not as `a`', async () => {
    const p = tmp.path('bigH.json');
    writeFileSync(
      p,
      JSON.stringify({ activation: 'exp', x: [[1], [0.5]], y: [[0], [0]], w: [[800], [800]], a: [[1, -1]] }),
    );
    expectOneLine(await runCli(['--quiet', 'ntk', '--problem', p]), /non-finite result: H\[0\]\[0\] is (Infinity|NaN)/);
  });
});

describe('bug 1: a small problem file naming a huge network is refused before evaluation', () => {
  it('eval and train: n·m from the file is checked against the cap, naming the problem', async () => {
    const p = tmp.path('wide.json');
    // n = 2000, m = 2000, d = 1: 4 · 2000 · 2000 · 8 B = 128 MB of hidden layers from a 100 kB file
    const n = 2000;
    const m = 2000;
    writeFileSync(
      p,
      JSON.stringify({
        activation: 'softmax',
        x: Array.from({ length: n }, (_, i) => [i / n]),
        y: Array.from({ length: n }, () => [0]),
        w: Array.from({ length: m }, () => [0.5]),
        a: [Array.from({ length: m }, (_, r) => (r % 2 ? -1 : 1))],
      }),
    );
    // 4·n·m + 3·m·d_in + 2·n·d_out = 16,010,000 values × 8 B = 128.08 MB
    expectOneLine(
      await runCli(['--max-memory', '100MB', 'eval', '--problem', p]),
      /--problem n·m = 4000000 needs an estimated 128\.1 MB .* over the 100\.0 MB cap/,
    );
    expectOneLine(
      await runCli(['--max-memory', '100MB', 'train', '--problem', p, '--out', tmp.path('wide-out.json')]),
      // train adds its history: 1000 steps × 4 columns × (8 B + 24 B of text) = 128,000 B
      /--problem n·m = 4000000 needs an estimated 128\.2 MB .*, 1000 steps\)/,
    );
    expect(existsSync(tmp.path('wide-out.json'))).toBe(false);
  });
});

describe('bug 1: every size the brief named is refused by the memory budget before any allocation', () => {
  const capText = `over the ${formatBytes(DEFAULT_MAX_MEMORY)} cap (raise it with --max-memory)`;
  let target = '';
  beforeAll(() => {
    target = tmp.path('limits-target.json');
    writeFileSync(target, JSON.stringify({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [1] }));
  });

  /** Refused in one line naming `option` with its value, the estimate and the default cap, in well under a second of work. */
  async function expectBudgetRefusal(argv: string[], estimate: RegExp, out?: string): Promise<void> {
    const t0 = Date.now();
    const r = await runCli(argv);
    expect(Date.now() - t0).toBeLessThan(5000); // a check on the shapes; allocating would take 10–40 s and GBs
    expectOneLine(r, estimate);
    expect(r.stderr).toContain(capText);
    if (out) expect(existsSync(out)).toBe(false);
  }

  it.each([
    // ntk (default n = 10,000; with m = 1e9 the dual is the cheaper solve): pairs 3·10000·5 + 2·(10000·2)² + 1e9·5
    // = 5.80015e9 values × 8 B = 46.4 GB
    ['ntk', [], /--m 1000000000 needs an estimated 46\.4 GB for training on H\* of 20000 × 20000/],
    // ntk in the primal: JᵀJ of p² with p = m(d + 1) = 3e9 and the two threads' sums: 3.5·9e18 values × 8 B
    [
      'ntk --solver primal',
      ['--solver', 'primal'],
      /--m 1000000000 needs an estimated 252000\.0 PB for training on JᵀJ of 3000000000 × 3000000000/,
    ],
    // nn: 3·2000·5 + 4·2000·1e9 = 8.00000003e12 values × 8 B = 64.0 TB
    [
      'nn',
      ['--model', 'nn'],
      /--m 1000000000 needs an estimated 64\.0 TB for training n = 2000 pairs through m = 1000000000 neurons/,
    ],
  ])('diffusion train --m 1e9 (%s) names --m, the estimate and the cap; no model file', async (_, extra, estimate) => {
    const out = tmp.path('limits-m.json');
    await expectBudgetRefusal(
      ['diffusion', 'train', '--target', target, '--m', '1000000000', ...extra, '--out', out, '--no-plot'],
      estimate,
      out,
    );
  });

  it('diffusion eval --count 1e9 names --count: 12·1e9·2 + 4·10·256·2 values × 8 B = 192.0 GB', async () => {
    await expectBudgetRefusal(
      [
        'diffusion',
        'eval',
        '--exact-score',
        '--target',
        target,
        '--count',
        '1000000000',
        '--score-times',
        '10',
        '--score-points',
        '256',
      ],
      /--count 1000000000 needs an estimated 192\.0 GB for 1000000000 samples and 10 × 256 score points of dimension 2/,
    );
  });

  it.each([
    ['--sequences', /--sequences 1000000000 needs an estimated [0-9.]+ TB for the attention problem \(N = 1000000000,/],
    ['--tokens', /--tokens 1000000000 needs an estimated [0-9.]+ [EP]B for the attention problem/],
    ['--heads', /--heads 1000000000 needs an estimated [0-9.]+ TB for the attention problem/],
    ['--dim', /--dim 1000000000 needs an estimated/],
    ['--head-dim', /--head-dim 1000000000 needs an estimated/],
  ])('attention init %s 1e9 is refused naming it; no problem file', async (option, estimate) => {
    const out = tmp.path('limits-attention.json');
    await expectBudgetRefusal(['attention', 'init', option, '1000000000', '--out', out], estimate, out);
  });

  it('attention init: the estimate is the shapes’ arithmetic, and --max-memory moves the cap both ways', async () => {
    // N = 8, d = 4, n' = 4, H = 16, d_h = 4: R = 128 outputs, P = 16·(32 + 16) = 768 parameters;
    // values 2·128 + 768 = 1024; one pass 4·128 + 3·8·16·4·4 + 2·8·16·16 + 2·768 = 12,288;
    // f64(1024 + 12,288) + 24·1024 = 106,496 + 24,576 = 131,072 B
    const argv = ['attention', 'init', '--out', tmp.path('limits-default.json')];
    expectOneLine(
      await runCli(['--max-memory', '131kB', ...argv]),
      /--heads 16 needs an estimated 131\.1 kB for the attention problem .* over the 131\.0 kB cap/,
    );
    expect((await runCli(['--quiet', '--max-memory', '132kB', ...argv])).code).toBe(0);
  });

  it('attention ntk (H is R × R, the Jacobian R × P) is refused under a cap that eval fits in, naming the file’s N·d·n’', async () => {
    const p = tmp.path('limits-attention-problem.json');
    expect((await runCli(['--quiet', 'attention', 'init', '--out', p])).code).toBe(0);
    // eval: one pass, 12,288 values = 98,304 B; ntk adds 128·768 + 4·128² = 163,840 values: 1,409,024 B in all
    expect((await runCli(['--quiet', '--max-memory', '1MB', 'attention', 'eval', '--problem', p])).code).toBe(0);
    expectOneLine(
      await runCli(['--max-memory', '1MB', 'attention', 'ntk', '--problem', p]),
      /--problem N·d·n' = 128 needs an estimated 1\.4 MB for the NTK Gram of the problem file .* over the 1\.0 MB cap/,
    );
    const out = tmp.path('limits-attention-trained.json');
    // train with --eta auto needs λ_max(H(0)): the Gram's memory too; a given --eta does not
    expectOneLine(
      await runCli(['--max-memory', '1MB', 'attention', 'train', '--problem', p, '--out', out, '--steps', '2']),
      /--problem N·d·n' = 128 needs an estimated 1\.4 MB for training the layer of the problem file and its NTK Gram/,
    );
    expect(existsSync(out)).toBe(false);
    const ok = ['--quiet', '--max-memory', '1MB', 'attention', 'train', '--problem', p, '--out', out, '--steps', '2'];
    expect((await runCli([...ok, '--eta', '0.01'])).code).toBe(0);
  });
});

describe('bug 1: --steps is a size: the training history (a row per step) is budgeted before training', () => {
  // found by the options property test (attention train, a plain-integer --steps from fast-check's doubles):
  // the run kept a history row per step until Node aborted with heap out of memory after 11 minutes
  it('attention train --steps 10^15 is refused at once naming --steps (4 columns × 32 B per row = 128 PB)', async () => {
    const p = tmp.path('steps-attention.json');
    expect((await runCli(['--quiet', 'attention', 'init', '--out', p])).code).toBe(0);
    const out = tmp.path('steps-attention-out.json');
    const t0 = Date.now();
    const r = await runCli([
      'attention',
      'train',
      '--problem',
      p,
      '--out',
      out,
      '--eta',
      '0.01',
      '--steps',
      '1000000000000000',
    ]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expectOneLine(
      r,
      /--steps 1000000000000000 needs an estimated 128\.0 PB for training the layer of the problem file/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('train --steps 10^15 is refused at once naming --steps; 1000 steps of the same problem are not', async () => {
    const p = tmp.path('steps-net.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const out = tmp.path('steps-net-out.json');
    const r = await runCli(['train', '--problem', p, '--out', out, '--eta', '0.1', '--steps', '1000000000000000']);
    expectOneLine(r, /--steps 1000000000000000 needs an estimated 128\.0 PB for training the network/);
    expect(existsSync(out)).toBe(false);
    expect(
      (await runCli(['--quiet', 'train', '--problem', p, '--out', out, '--eta', '0.1', '--steps', '1000'])).code,
    ).toBe(0);
  });
});

describe('bug 1: sweep run checks its cells and threads against the budget before the sweep directory exists', () => {
  it('a grid cell with n = 1e9 is refused naming the grid, n and the cell (it ran and allocated)', async () => {
    const g = tmp.path('huge-grid.json');
    writeFileSync(
      g,
      JSON.stringify({ experiment: 'train', axes: { n: [4, 1000000000] }, fixed: { m: 4, d: 1, steps: 2 } }),
    );
    const out = tmp.path('huge-grid.sweep');
    // n = 1e9, m = 4, d = 1: 1e9·2 + 4·2 + 4·4e9 + 2·4 + 3·1e18 ≈ 3.0e18 values × 8 B = 24,000 PB (H* dominates)
    expectOneLine(
      await runCli(['sweep', 'run', g, '--out', out]),
      /^softmax-ntk: error: grid .*huge-grid\.json: n 1000000000 \(cell 2 of 2\) needs an estimated 24000\.0 PB for a network cell \(n = 1000000000, m = 4, d_in = 1, d_out = 1\)/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--workers 1e9 is refused naming --workers (each thread is an isolate of ≥ 50 MB)', async () => {
    const g = tmp.path('small-grid.json');
    writeFileSync(g, JSON.stringify({ experiment: 'train', axes: { n: [4] }, fixed: { m: 4, d: 1, steps: 2 } }));
    const out = tmp.path('small-grid.sweep');
    expectOneLine(
      await runCli(['sweep', 'run', g, '--out', out, '--executor', 'threads', '--workers', '1000000000']),
      /--workers 1000000000 needs an estimated 50\.0 PB for 1000000000 worker threads/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('bug 1: sweep worker checks its threads and options before Redis is reached', () => {
  // port 1: nothing listens there, so a worker that got past its checks would fail with "cannot reach Redis"
  const worker = ['sweep', 'worker', '--queue', 'redis://127.0.0.1:1'];
  it.each([
    [
      '--concurrency',
      '1000000000',
      /--concurrency 1000000000 needs an estimated 50\.0 PB for 1000000000 worker threads/,
    ],
    [
      '--lock-ms',
      '9007199254740991',
      /--lock-ms must be at most 2147483647 \(Node's timer limit\), got 9007199254740991/,
    ],
    ['--idle-exit', '1e306', /--idle-exit must be at most [0-9.e+]+ seconds, got 1e306/],
  ])('%s %s is one line naming it', async (option, value, message) => {
    expectOneLine(await runCli([...worker, option, value]), message);
  });
});

describeWithTool('redis-server', 'bug 1: sweep worker refuses a queued cell over its --max-memory', () => {
  it('the runner (default cap) queues both cells; the worker (--max-memory 60MB) runs one, fails the other naming its budget', async () => {
    const redis = await startRedis(tmp.dir());
    try {
      const g = tmp.path('budget-grid.json');
      // n = 3: 8·(3·4 + 16·4 + 4·3·16 + 2·16·2 + 3·6²) = 3,520 B; n = 2000: 8·(2000·4 + 64 + 4·2000·16 + 64 + 3·4000²)
      // = 385,089,024 B, under the runner's default cap, over the worker's 60 MB (which its one thread, ≥ 50 MB, fits)
      writeFileSync(
        g,
        JSON.stringify({ experiment: 'train', axes: { n: [3, 2000] }, fixed: { m: 16, d: 2, steps: 2 } }),
      );
      const out = tmp.path('budget-grid.sweep');
      const enq = await runCli(['--quiet', 'sweep', 'run', g, '--queue', redis.url, '--out', out, '--no-wait']);
      expect(enq.code).toBe(0);
      const w = await runCli([
        ...['--quiet', '--json', '--max-memory', '60MB', 'sweep', 'worker', '--queue', redis.url],
        ...['--concurrency', '1', '--idle-exit', '1'],
      ]);
      expect(w).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(w.stdout)).toEqual({ queue: redis.url, done: 1, failed: 1 });
      const s = JSON.parse((await runCli(['--json', 'sweep', 'status', '--out', out])).stdout) as {
        done: number;
        failed: number;
        cells: { params: { n: number }; state: string; error: string | null; attempts: number | null }[];
      };
      expect(s).toMatchObject({ done: 1, failed: 1 });
      const big = s.cells.find((c) => c.params.n === 2000);
      expect(big).toMatchObject({ state: 'failed', attempts: 1 });
      expect(big?.error).toMatch(
        /needs an estimated 385089024 B \(385\.1 MB\) for a network cell \(n = 2000, .*over this worker's memory budget of 60000000 B \(60\.0 MB\)/,
      );
    } finally {
      await redis.stop();
    }
  });
});

describe('a very long option value is quoted cut, not whole (a 100 kB --n made a 100 kB error line)', () => {
  it.each([
    ['init', '--n', '9'.repeat(100_000), 'must be an integer'],
    ['train', '--eta', '1'.repeat(400) + 'x', 'must be a finite number'],
    ['init', '--activation', 'é'.repeat(1000), 'must be one of'],
  ])('%s %s: the first 64 characters and the length', async (command, option, value, what) => {
    const r = await runCli([command, option, value, '--out', tmp.path('long.json')]);
    expectOneLine(
      r,
      new RegExp(`${option} ${what}.*, got "${value.slice(0, 64)}"… \\(${value.length} characters\\)\n$`),
    );
    expect(r.stderr.length).toBeLessThan(300);
  });
});

describe('attention init: an odd --heads with symmetric initialisation names --heads', () => {
  // found by the options property test (seed 40: --heads 127): the message named the package's `shape.numHeads`
  it('--heads 127 is one line naming --heads; with --init gaussian it is accepted', async () => {
    const out = tmp.path('odd-heads.json');
    expectOneLine(
      await runCli(['attention', 'init', '--heads', '127', '--out', out]),
      /invalid option: --heads must be even for symmetric initialisation \(--init symmetric\), got 127$/m,
    );
    expect(existsSync(out)).toBe(false);
    expect(
      (await runCli(['--quiet', 'attention', 'init', '--heads', '3', '--init', 'gaussian', '--out', out])).code,
    ).toBe(0);
  });
});

describe('sweep run --timeout is a whole number of milliseconds a Node timer can hold', () => {
  // found by the options property test (seed 46): 9007199254740993 reached the package as `timeoutMs`
  it.each(['9007199254740993', '2147484', '1e-300', '0.0004'])(
    '--timeout %s is one line naming --timeout',
    async (v) => {
      const g = tmp.path('timeout-grid.json');
      writeFileSync(g, JSON.stringify({ experiment: 'train', axes: { n: [4] }, fixed: { m: 4, d: 1, steps: 2 } }));
      const out = tmp.path('timeout-grid.sweep');
      expectOneLine(
        await runCli(['sweep', 'run', g, '--out', out, '--executor', 'threads', '--timeout', v]),
        /invalid option: --timeout must be between 0\.001 and 2147483\.647 seconds \(Node's timer limit\), got /,
      );
      expect(existsSync(out)).toBe(false);
    },
  );

  it('parseTimeoutMs: seconds to whole milliseconds at both ends of the range', () => {
    expect([parseTimeoutMs('0.001'), parseTimeoutMs('60'), parseTimeoutMs('2147483.647')]).toEqual([
      1,
      60000,
      2 ** 31 - 1,
    ]);
  });
});

describe('duplicate JSON keys are refused by every reader (JSON.parse kept the last one silently)', () => {
  /** `text` with its first top-level field given twice (same value: even an equal repeat is refused). */
  const withFirstKeyTwice = (text: string): string => {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const [k, v] = Object.entries(doc)[0]!;
    return text.replace(/^\s*\{/, `{${JSON.stringify(k)}: ${JSON.stringify(v)}, `);
  };
  const DUP = /duplicate key "[^"]+" \(JSON would keep only the last one; give each field once\)/;

  it('a problem file (eval, train, ntk read it)', async () => {
    const p = tmp.path('dup-problem.json');
    expect((await runCli(['init', '--n', '3', '--d', '2', '--m', '4', '--out', p])).code).toBe(0);
    writeFileSync(p, withFirstKeyTwice(readFileSync(p, 'utf8')));
    expectOneLine(await runCli(['eval', '--problem', p]), new RegExp(`json: ${DUP.source}`));
  });

  it('a labelled JSON data file (init --data) and an ntk --test file', async () => {
    const data = tmp.path('dup-data.json');
    writeFileSync(data, '{"x": [[0.1, 0.2]], "y": [[1]], "y": [[2]]}');
    expectOneLine(await runCli(['init', '--data', data, '--d-in', '2', '--d-out', '1', '--m', '4']), DUP);
    const p = tmp.path('dup-ntk.json');
    expect((await runCli(['init', '--n', '3', '--d', '1', '--m', '4', '--out', p])).code).toBe(0);
    const t = tmp.path('dup-test.json');
    writeFileSync(t, '{"x": [[0.1]], "x": [[0.2]]}');
    expectOneLine(await runCli(['ntk', '--problem', p, '--test', t]), DUP);
  });

  it('a target file, and a model file at the top level and inside `network`', async () => {
    const t = tmp.path('dup-target.json');
    writeFileSync(t, '{"type": "gaussian-mixture", "weights": [1], "means": [[0, 0]], "std": [0.5], "std": [0.4]}');
    const m = tmp.path('dup-model.json');
    expectOneLine(await runCli(['diffusion', 'train', '--target', t, '--n', '8', '--m', '8', '--out', m]), DUP);
    expect(existsSync(m)).toBe(false);
    writeFileSync(t, '{"type": "gaussian-mixture", "weights": [1], "means": [[0, 0]], "std": [0.5]}');
    expect(
      (await runCli(['--quiet', 'diffusion', 'train', '--target', t, '--n', '8', '--m', '8', '--out', m])).code,
    ).toBe(0);
    const good = readFileSync(m, 'utf8');
    writeFileSync(m, withFirstKeyTwice(good));
    expectOneLine(await runCli(['diffusion', 'sample', '--model', m, '--count', '2']), DUP);
    expect(good).toContain('"network":{');
    writeFileSync(m, good.replace('"network":{', '"network":{"w":[[0]],'));
    expectOneLine(await runCli(['diffusion', 'sample', '--model', m, '--count', '2']), /network: duplicate key "w"/);
  });

  it('an attention problem file and a JSON grid file', async () => {
    const a = tmp.path('dup-attention.json');
    expect((await runCli(['--quiet', 'attention', 'init', '--out', a])).code).toBe(0);
    writeFileSync(a, withFirstKeyTwice(readFileSync(a, 'utf8')));
    expectOneLine(await runCli(['attention', 'eval', '--problem', a]), DUP);
    const g = tmp.path('dup-grid.json');
    writeFileSync(g, '{"experiment": "train", "axes": {"n": [4]}, "fixed": {"m": 4, "m": 8, "d": 1, "steps": 2}}');
    const out = tmp.path('dup-grid.sweep');
    expectOneLine(await runCli(['sweep', 'run', g, '--out', out]), /fixed: duplicate key "m"/);
    expect(existsSync(out)).toBe(false);
  });
});
