/**
 * Issue #20, property-based, over the files the computing commands read beside problem files (those are in
 * properties.test.ts, model files in diffusion's modelFile.property.test.ts, CSV and problem readers in network's
 * readers.property.test.ts, grid files in sweep's parseGrid.property.test.ts): target files, `--data` points,
 * `ntk --test` inputs, training checkpoints and attention files. Each generated file is accepted with finite
 * outputs, or refused with exit 1 and one line naming the file's field (or the option that named the file), and no
 * output file is written. Through the commands, so the test holds whichever reader sits behind them. Seeds are fixed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

/** Entries as a hostile or careless file holds them. */
const entry = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  fc.constantFrom(null, '0.2', 1e300, -1e300, 1e-300, 0, -1, [0.1], true, {}),
);

function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

/** One line, exit 1, nothing on stdout, naming one of `fields`. */
function expectRefusal(r: { code: number; stdout: string; stderr: string }, fields: RegExp): void {
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 1 });
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(fields);
}

describe('property: target files read by diffusion sample --exact-score', () => {
  const BASE = {
    type: 'gaussian-mixture',
    weights: [0.5, 0.5],
    means: [
      [-1, 0],
      [1, 0],
    ],
    std: [0.3, 0.3],
  };
  /** A valid mixture with one field or entry replaced (or, one time in five, left as it is). */
  const target = fc.oneof(
    { weight: 1, arbitrary: fc.constant(BASE as Record<string, unknown>) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom('type', 'weights', 'weights.0', 'means', 'means.0', 'means.1.1', 'std', 'std.1', 'extra'),
          fc.oneof(entry, fc.array(entry, { maxLength: 3 }), fc.constantFrom('data', '8-gaussians', 'cube')),
        )
        .map(([path, value]) => {
          const t = JSON.parse(JSON.stringify(BASE)) as Record<string, unknown>;
          const keys = path.split('.');
          let o = t;
          for (const key of keys.slice(0, -1)) o = o[key] as Record<string, unknown>;
          o[keys[keys.length - 1] as string] = value;
          return t;
        }),
    },
  );

  it('finite samples, or one line naming the field', async () => {
    let k = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(target, async (t) => {
        const f = tmp.path(`target-${k}.json`);
        const out = tmp.path(`samples-${k++}.csv`);
        writeFileSync(f, JSON.stringify(t));
        const argv = ['--quiet', 'diffusion', 'sample', '--exact-score', '--target', f, '--count', '4', '--steps', '3'];
        const r = await runCli([...argv, '--out', out, '--no-plot']);
        if (r.code === 0) {
          accepted++;
          const cells = readFileSync(out, 'utf8').trim().split(/[\n,]/);
          expect(cells.every((c) => Number.isFinite(Number(c)) && c.trim() !== '')).toBe(true);
        } else {
          expectRefusal(r, /\b(target|type|weights|means|std|name|path|json|extra)\b/);
          expect(existsSync(out)).toBe(false);
        }
      }),
      { seed: 40, numRuns: 80 },
    );
    // both branches were exercised
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(80);
  });
});

describe('property: --data points read by diffusion likelihood', () => {
  const cell = fc.oneof(
    { weight: 20, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }).map(String) },
    fc.constantFrom('', ' ', '0x10', 'NaN', 'Infinity', '1e400', '1_0', 'abc', '+.5', '-0', '1e-400', '"1"', '1e300'),
  );
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 4 });
  let target = '';
  beforeAll(() => {
    target = tmp.path('lik-target.json');
    writeFileSync(
      target,
      JSON.stringify({
        type: 'gaussian-mixture',
        weights: [0.5, 0.5],
        means: [
          [-1, 0],
          [1, 0],
        ],
        std: [0.4, 0.4],
      }),
    );
  });

  it('a finite NLL per point, or one line naming --data', async () => {
    let k = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), fc.boolean(), async (rs, header, json) => {
        const f = tmp.path(`points-${k++}.${json ? 'json' : 'csv'}`);
        const text = json
          ? `[${rs.map((r) => `[${r.join(',')}]`).join(',')}]`
          : (header ? 'x,y\n' : '') + rs.map((r) => r.join(',')).join('\n');
        writeFileSync(f, text);
        const argv = ['--json', 'diffusion', 'likelihood', '--exact-score', '--target', target, '--data', f];
        const r = await runCli([...argv, '--rtol', '1e-3', '--atol', '1e-3']);
        if (r.code === 0) {
          accepted++;
          expect(allFinite(JSON.parse(r.stdout))).toBe(true);
        } else {
          expectRefusal(r, /--data/);
        }
      }),
      { seed: 41, numRuns: 80 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('property: ntk --test inputs', () => {
  let problem = '';
  beforeAll(async () => {
    problem = tmp.path('ntk-problem.json');
    expect((await runCli(['init', '--n', '3', '--d', '2', '--m', '4', '--seed', '2', '--out', problem])).code).toBe(0);
  });

  it('finite predictions, or one line naming x or --test', async () => {
    let k = 0;
    let accepted = 0;
    const test = fc.record({ x: fc.array(fc.array(entry, { minLength: 1, maxLength: 3 }), { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(test, async (t) => {
        const f = tmp.path(`test-${k++}.json`);
        writeFileSync(f, JSON.stringify(t));
        const r = await runCli(['--json', 'ntk', '--problem', problem, '--test', f, '--ridge', '0.1']);
        if (r.code === 0) {
          accepted++;
          expect(allFinite(JSON.parse(r.stdout))).toBe(true);
        } else {
          // (an empty x is named as the regression's `xTest`)
          expectRefusal(r, /\bx\b|xTest|--test|prediction/);
        }
      }),
      { seed: 42, numRuns: 60 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('property: checkpoints read by train --resume', () => {
  let problem = '';
  let checkpoint: Record<string, unknown> = {};
  beforeAll(async () => {
    problem = tmp.path('ck-problem.json');
    expect((await runCli(['init', '--n', '3', '--d', '2', '--m', '4', '--seed', '3', '--out', problem])).code).toBe(0);
    const out = tmp.path('ck-base.json');
    const r = await runCli([
      '--quiet',
      'train',
      '--problem',
      problem,
      '--out',
      out,
      '--eta',
      '0.1',
      '--steps',
      '4',
      '--checkpoint-every',
      '2',
    ]);
    expect(r.code).toBe(0);
    checkpoint = JSON.parse(readFileSync(tmp.path('ck-base.checkpoint.json'), 'utf8')) as Record<string, unknown>;
  });

  it('a resumed run with finite results, or one line naming the checkpoint (and its field)', async () => {
    let k = 0;
    let accepted = 0;
    const keys = () => Object.keys(checkpoint);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.oneof(entry, fc.array(entry, { maxLength: 2 })), async (i, value) => {
        const key = keys()[i % keys().length] as string;
        const out = tmp.path(`ck-${k}.json`);
        const ck = tmp.path(`ck-${k++}.checkpoint.json`);
        writeFileSync(ck, JSON.stringify({ ...checkpoint, [key]: value }));
        const argv = ['--quiet', '--json', 'train', '--problem', problem, '--out', out, '--eta', '0.1'];
        const r = await runCli([...argv, '--steps', '6', '--checkpoint', ck, '--resume']);
        if (r.code === 0) {
          accepted++;
          expect(allFinite(JSON.parse(r.stdout))).toBe(true);
        } else {
          expectRefusal(r, /checkpoint|--resume|--eta|--steps|--momentum|--precision/);
          expect(existsSync(out)).toBe(false);
        }
      }),
      { seed: 43, numRuns: 60 },
    );
    expect(accepted).toBeLessThan(60);
  });

  it.each([
    ['an array', []],
    ['an object of the wrong shape', { kind: 'alea', alea: { c: 1 }, spare: null }],
    ['a state with a non-number spare', { kind: 'alea', alea: { c: 1, s0: 0.1, s1: 0.2, s2: 0.3 }, spare: 'x' }],
  ])('rng: %s is refused naming the checkpoint and its `rng` field, nothing written', async (_, rng) => {
    const out = tmp.path('ck-rng.json');
    const ck = tmp.path('ck-rng.checkpoint.json');
    writeFileSync(ck, JSON.stringify({ ...checkpoint, rng }));
    const argv = ['--quiet', '--json', 'train', '--problem', problem, '--out', out, '--eta', '0.1'];
    const r = await runCli([...argv, '--steps', '6', '--checkpoint', ck, '--resume']);
    expectRefusal(r, /checkpoint ".*ck-rng\.checkpoint\.json": rng: expected a generator state/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('property: checkpoints read by attention train --resume', () => {
  let problem = '';
  let checkpoint: Record<string, unknown> = {};
  beforeAll(async () => {
    problem = tmp.path('ack-problem.json');
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
    expect((await runCli(['--quiet', ...a, '--out', problem])).code).toBe(0);
    const out = tmp.path('ack-base.json');
    const train = ['attention', 'train', '--problem', problem, '--out', out, '--eta', '0.1', '--steps', '4'];
    expect((await runCli(['--quiet', ...train, '--checkpoint-every', '2'])).code).toBe(0);
    checkpoint = JSON.parse(readFileSync(tmp.path('ack-base.checkpoint.json'), 'utf8')) as Record<string, unknown>;
  });

  it('a resumed run with finite results, or one line naming the checkpoint (and its field)', async () => {
    let k = 0;
    let accepted = 0;
    const keys = () => Object.keys(checkpoint);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.oneof(entry, fc.array(entry, { maxLength: 2 })), async (i, value) => {
        const key = keys()[i % keys().length] as string;
        const out = tmp.path(`ack-${k}.json`);
        const ck = tmp.path(`ack-${k++}.checkpoint.json`);
        writeFileSync(ck, JSON.stringify({ ...checkpoint, [key]: value }));
        const argv = ['--quiet', '--json', 'attention', 'train', '--problem', problem, '--out', out, '--eta', '0.1'];
        const r = await runCli([...argv, '--steps', '6', '--checkpoint', ck, '--resume']);
        if (r.code === 0) {
          accepted++;
          expect(allFinite(JSON.parse(r.stdout))).toBe(true);
        } else {
          expectRefusal(r, /checkpoint/);
          expect(existsSync(out)).toBe(false);
        }
      }),
      { seed: 44, numRuns: 60 },
    );
    // most edits break the checkpoint: a property that accepted everything would test nothing
    expect(accepted).toBeLessThan(60);
  });
});

describe('property: attention files read by attention eval, ntk and train', () => {
  /** An attention file of N = 1, d = 2, n' = 2, H = 2, d_h = 1 (what `attention init` writes, fixed here). */
  const BASE = {
    x: [
      [
        [0.5, -0.2],
        [0.8, -1.3],
      ],
    ],
    y: [
      [
        [-0.7, 0.01],
        [0.12, -0.11],
      ],
    ],
    wk: [[[0.65, 0.69]], [[0.65, 0.69]]],
    wq: [[[-0.33, -0.73]], [[-0.33, -0.73]]],
    wv: [
      [
        [-0.33, 0.14],
        [0.97, 1.13],
      ],
      [
        [0.33, -0.14],
        [-0.97, -1.13],
      ],
    ],
    scaling: 'ntk',
    temperature: 1,
  };
  const PATHS = [
    'x',
    'x.0',
    'x.0.1',
    'x.0.1.0',
    'y.0.0.1',
    'y.0',
    'wk',
    'wk.1',
    'wk.1.0.1',
    'wq.0.0',
    'wv.1.1.0',
    'wv.0',
    'scaling',
    'temperature',
    'extra',
  ];
  /** A valid file with one field or entry replaced (or, one time in five, left as it is). */
  const file = fc.oneof(
    { weight: 1, arbitrary: fc.constant<{ path: string; doc: Record<string, unknown> }>({ path: '', doc: BASE }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...PATHS),
          fc.oneof(
            entry,
            fc.array(entry, { maxLength: 3 }),
            fc.constantFrom('ntk', 'mean-field', 'linear', 1e5, 1e-300),
          ),
        )
        .map(([path, value]) => {
          const t = JSON.parse(JSON.stringify(BASE)) as Record<string, unknown>;
          const keys = path.split('.');
          let o = t;
          for (const key of keys.slice(0, -1)) o = o[key] as Record<string, unknown>;
          o[keys[keys.length - 1] as string] = value;
          return { path, doc: t };
        }),
    },
  );

  it.each([
    ['eval', [] as string[]],
    ['ntk', []],
    ['train', ['--steps', '2', '--eta', '0.01']],
  ])('attention %s: finite outputs, or one line naming the field', async (command, extra) => {
    let k = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(file, async ({ path, doc }) => {
        const f = tmp.path(`attention-${command}-${k}.json`);
        const out = tmp.path(`attention-${command}-out-${k++}.json`);
        writeFileSync(f, JSON.stringify(doc));
        const argv = ['--quiet', '--json', 'attention', command, '--problem', f, ...extra];
        const r = await runCli(command === 'train' ? [...argv, '--out', out] : argv);
        if (r.code === 0) {
          accepted++;
          expect({ path, doc, finite: allFinite(JSON.parse(r.stdout)) }).toMatchObject({ finite: true });
          if (command === 'train') expect(allFinite(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);
        } else {
          const top = path.split('.')[0] ?? '';
          // a wrong shape may be named on the array it disagrees with; values and other fields on their own name
          const fields = ['x', 'y', 'wk', 'wq', 'wv'].includes(top) ? /\b(x|y|wk|wq|wv)\b/ : new RegExp(`\\b${top}\\b`);
          expect({ path, doc, stderr: r.stderr }).toMatchObject({ stderr: expect.stringMatching(fields) });
          expectRefusal(r, fields);
          expect(existsSync(out)).toBe(false);
        }
      }),
      { seed: 50 + command.length, numRuns: 50 },
    );
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(50);
  });
});
