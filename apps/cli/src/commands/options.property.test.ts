/**
 * Issue #20, property-based, over the numeric options of the commands that compute (init's and the problem
 * files' are in properties.test.ts): every generated value of one option, the others small and valid, is either
 * accepted with finite outputs (stdout and every file written), or refused with exit 1 and one line naming the
 * option — and no output file is written. Seeds are fixed (fast-check `seed`), so a failure reproduces.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { allFinite, fileFinite } from '../../test/finite';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

/** Option values as a hostile or careless user types them. */
const optionValue = fc.oneof(
  fc.integer({ min: -3, max: 300 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '',
    ' ',
    '0x10',
    '1e400',
    '-0',
    '1_000',
    'NaN',
    'Infinity',
    '2.5',
    '1e9',
    '1e-300',
    '9007199254740993',
    '3abc',
  ),
);

interface Case {
  /** The command and its fixed arguments; `OUT` is replaced by a fresh output path. */
  argv: (out: string) => string[];
  /** Output file extension (undefined: the command prints its result only, or `out` is a directory). */
  ext?: '.json' | '.csv';
  /** `out` is a directory (a sweep's): refused runs must not create it; accepted ones write finite results.jsonl. */
  outDir?: true;
  /** `--max-memory` of the case (default 1MB, which keeps accepted runs small). */
  maxMemory?: string;
  /** Small valid values of the options under test; one of them is replaced by the generated value. */
  options: Record<string, string>;
  /**
   * Training may diverge on a generated step size: that is exit 1 with one line naming the option to lower
   * (`training diverged: … (the last finite state was written to OUT); lower --eta-scale`), and the files written
   * hold the last finite state — finite numbers, checked like an accepted run's.
   */
  diverges?: true;
  numRuns: number;
  seed: number;
}

let problem = '';
let target = '';
let data = '';
let attention = '';
let grid = '';
let model = '';
beforeAll(async () => {
  attention = tmp.path('attention.json');
  const a = ['attention', 'init', '--sequences', '2', '--dim', '2', '--tokens', '2', '--heads', '2', '--head-dim', '1'];
  expect((await runCli(['--quiet', ...a, '--out', attention])).code).toBe(0);
  grid = tmp.path('grid.json');
  writeFileSync(grid, JSON.stringify({ experiment: 'train', axes: { n: [3, 4] }, fixed: { m: 4, d: 1, steps: 3 } }));
  problem = tmp.path('problem.json');
  // m = 16: with the symmetric initialisation rank H ≤ (m/2)·d_in = 16 ≥ n·d_out = 6, so H* is not structurally
  // singular (at m = 4 the bound is 4 < 6: λ_min(H*) = 0 exactly, and its rounded sign decided whether `bounds` ran)
  expect((await runCli(['init', '--n', '3', '--d', '2', '--m', '16', '--seed', '1', '--out', problem])).code).toBe(0);
  target = tmp.path('target.json');
  writeFileSync(
    target,
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
  data = tmp.path('points.csv');
  writeFileSync(data, '-1,0\n1,0.2\n0,0.5\n');
  model = tmp.path('model.json');
  const train = ['diffusion', 'train', '--target', target, '--out', model, '--model', 'ntk', '--n', '8', '--m', '8'];
  expect((await runCli(['--quiet', ...train, '--no-plot'])).code).toBe(0);
});

const CASES: Record<string, Case> = {
  train: {
    argv: (out) => ['train', '--problem', problem, '--out', out],
    ext: '.json',
    options: { '--eta': '0.1', '--steps': '5', '--epsilon': '0', '--momentum': '0', '--track-kernel': '2' },
    numRuns: 40,
    seed: 30,
  },
  'train --eta auto': {
    argv: (out) => ['train', '--problem', problem, '--out', out, '--eta', 'auto'],
    ext: '.json',
    options: { '--eta-scale': '1', '--steps': '3', '--checkpoint-every': '2' },
    numRuns: 25,
    seed: 31,
  },
  ntk: {
    // (--out writes H in binary; the printed result is checked)
    argv: () => ['ntk', '--problem', problem],
    options: { '--ridge': '0.1', '--threads': '1' },
    numRuns: 25,
    seed: 32,
  },
  'diffusion train': {
    argv: (out) => ['diffusion', 'train', '--target', target, '--out', out, '--no-plot', '--model', 'nn'],
    ext: '.json',
    options: {
      '--n': '8',
      '--m': '8',
      '--sigma': '1',
      '--eta': 'auto',
      '--eta-scale': '1',
      '--momentum': '0',
      '--steps': '3',
      '--t0': '0.01',
      '--T': '1',
      '--time-scale': '3',
    },
    numRuns: 40,
    seed: 33,
  },
  'diffusion train --model ntk': {
    argv: (out) => ['diffusion', 'train', '--target', target, '--out', out, '--no-plot', '--model', 'ntk'],
    ext: '.json',
    options: { '--n': '8', '--m': '8', '--ridge': '0.0001' },
    numRuns: 20,
    seed: 34,
  },
  'diffusion sample': {
    argv: (out) => ['diffusion', 'sample', '--exact-score', '--target', target, '--out', out, '--no-plot'],
    ext: '.csv',
    options: { '--count': '5', '--steps': '5', '--corrector': '0', '--snr': '0.16', '--t0': '0.001', '--T': '1' },
    numRuns: 40,
    seed: 35,
  },
  'diffusion likelihood': {
    argv: () => ['diffusion', 'likelihood', '--exact-score', '--target', target, '--data', data],
    options: { '--probes': '2', '--rtol': '0.001', '--atol': '0.001', '--eps': '0.001', '--T': '1' },
    numRuns: 40,
    seed: 36,
  },
  'diffusion likelihood --method hutchinson': {
    argv: () => [
      'diffusion',
      'likelihood',
      '--exact-score',
      '--target',
      target,
      '--data',
      data,
      '--method',
      'hutchinson',
      '--rtol',
      '0.001',
      '--atol',
      '0.001',
    ],
    options: { '--probes': '2' },
    numRuns: 15,
    seed: 37,
  },
  'diffusion eval': {
    argv: () => ['diffusion', 'eval', '--exact-score', '--target', target, '--rtol', '0.001', '--atol', '0.001'],
    options: {
      '--count': '4',
      '--steps': '3',
      '--score-times': '2',
      '--score-points': '3',
      '--nll-points': '2',
    },
    numRuns: 30,
    seed: 38,
  },
  'init --d-in --d-out': {
    argv: (out) => ['init', '--n', '3', '--m', '4', '--out', out],
    ext: '.json',
    options: { '--d-in': '2', '--d-out': '1' },
    numRuns: 30,
    seed: 47,
  },
  'diffusion sample --model': {
    argv: (out) => ['diffusion', 'sample', '--model', model, '--out', out, '--no-plot'],
    ext: '.csv',
    options: { '--clip-radius': '1', '--count': '4', '--steps': '3' },
    numRuns: 30,
    seed: 48,
  },
  'attention init': {
    argv: (out) => ['attention', 'init', '--out', out],
    ext: '.json',
    options: {
      '--sequences': '2',
      '--dim': '2',
      '--tokens': '2',
      '--heads': '2',
      '--head-dim': '1',
      '--temperature': '1',
    },
    numRuns: 40,
    seed: 39,
  },
  'attention init --task teacher': {
    argv: (out) => ['attention', 'init', '--task', 'teacher', '--out', out],
    ext: '.json',
    options: {
      '--teacher-heads': '2',
      '--heads': '2',
      '--head-dim': '1',
      '--dim': '2',
      '--tokens': '2',
      '--sequences': '2',
    },
    numRuns: 20,
    seed: 40,
  },
  'attention train': {
    argv: (out) => ['attention', 'train', '--problem', attention, '--out', out],
    ext: '.json',
    // --eta auto (the default): λ_max(H(0)) of the 2×2×2 problem once per run. --track-kernel and --checkpoint-every
    // 1000 by default: a generated --steps of hundreds would otherwise take a spectrum and an fsync'ed checkpoint
    // every step. (This case was dropped after running > 7 min: a generated --eta-scale of 1.13e167 diverged, the
    // line named no option and the last finite state was written, so the property failed and fast-check shrank the
    // value through dozens of training runs. The line now ends "lower --eta-scale"; see `diverges`.)
    options: {
      '--eta-scale': '1',
      '--steps': '3',
      '--epsilon': '0',
      '--checkpoint-every': '1000',
      '--track-kernel': '1000',
    },
    diverges: true,
    numRuns: 25,
    seed: 41,
  },
  'attention train --schedule alternating --eta': {
    argv: (out) => ['attention', 'train', '--problem', attention, '--out', out, '--schedule', 'alternating'],
    ext: '.json',
    options: { '--eta': '0.1', '--alternate-every': '2', '--steps': '3' },
    numRuns: 30,
    seed: 42,
  },
  bounds: {
    argv: () => ['bounds'],
    options: {
      '--n': '4',
      '--d': '2',
      '--lambda': '0.1',
      '--delta': '0.05',
      '--sigma': '1',
      '--epsilon': '0.001',
      '--C': '11',
    },
    numRuns: 40,
    seed: 43,
  },
  'bounds --problem': {
    argv: () => ['bounds', '--problem', problem],
    options: { '--steps': '5', '--delta': '0.05', '--epsilon': '0.001' },
    numRuns: 25,
    seed: 44,
  },
  'sweep run': {
    argv: (out) => ['sweep', 'run', grid, '--out', out],
    outDir: true,
    options: { '--attempts': '1' },
    numRuns: 15,
    seed: 45,
  },
  'sweep run --executor threads': {
    argv: (out) => ['sweep', 'run', grid, '--out', out, '--executor', 'threads'],
    outDir: true,
    // 200MB: up to 4 threads of ≥ 50 MB each are accepted (under 1MB every --workers would be refused)
    maxMemory: '200MB',
    options: { '--workers': '1', '--timeout': '60' },
    numRuns: 12,
    seed: 46,
  },
};

describe('property: numeric options of train, ntk, bounds, the diffusion, attention and sweep commands', () => {
  it.each(Object.keys(CASES))(
    '%s: accepted with finite outputs, or refused in one line naming the option, with no file',
    async (name) => {
      const c = CASES[name] as Case;
      let k = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...Object.keys(c.options)), optionValue, async (option, value) => {
          const out = tmp.path(`${name.replace(/\W+/g, '-')}-${k++}${c.ext ?? '.none'}`);
          const args = { ...c.options, [option]: value };
          // a small cap keeps accepted runs small; sizes above it must be refused by the memory check
          const argv = [
            '--quiet',
            '--json',
            '--max-memory',
            c.maxMemory ?? '1MB',
            ...c.argv(out),
            ...Object.entries(args).flat(),
          ];
          const r = await runCli(argv);
          if (r.code === 0) {
            expect(allFinite(JSON.parse(r.stdout))).toBe(true);
            if (c.ext) {
              expect(fileFinite(out)).toBe(true);
              rmSync(out);
            }
            if (c.outDir) {
              const results = readFileSync(`${out}/results.jsonl`, 'utf8').trim().split('\n');
              expect(results.map((l) => allFinite(JSON.parse(l)))).toEqual(results.map(() => true));
              rmSync(out, { recursive: true });
            }
          } else if (c.diverges && c.ext && r.stderr.includes('training diverged: ')) {
            expect({ option, value, code: r.code, stderr: r.stderr }).toMatchObject({ code: 1 });
            expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
            expect(r.stderr).toMatch(new RegExp(`; lower ${option}\\n$`));
            expect(fileFinite(out)).toBe(true);
            rmSync(out);
          } else {
            expect({ option, value, code: r.code, stderr: r.stderr }).toMatchObject({ code: 1 });
            expect(r.stdout).toBe('');
            expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
            expect(r.stderr).toContain(option);
            if (c.ext || c.outDir) expect(existsSync(out)).toBe(false);
          }
        }),
        { seed: c.seed, numRuns: c.numRuns },
      );
    },
    300_000,
  );
});
