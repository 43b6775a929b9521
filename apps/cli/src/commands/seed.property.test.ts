/**
 * Issue #20, property-based, over the global `--seed` on every command that uses it (init, train, attention init,
 * diffusion train/sample/eval/likelihood, verify; `reproduce` takes the same global option, parsed by the same code
 * before any command runs, and runs for minutes, so it is not run here): every generated value is either accepted
 * with finite outputs — and, where the command is cheap, the output is a function of the seed (the same seed gives
 * the same file, a different one a different file) — or refused with exit 1, one line naming --seed, and no file.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { allFinite, expectOneLineNaming, fileFinite } from '../../test/finite';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

/** Seeds as a hostile or careless user types them. */
const seedValue = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.maxSafeInteger().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '',
    ' ',
    '-0',
    '+7',
    ' 7 ',
    '007',
    '0x10',
    '1e3',
    '1_000',
    '9007199254740991',
    '9007199254740993',
    '-9007199254740991',
    'NaN',
    'Infinity',
    '٣', // ARABIC-INDIC DIGIT THREE
    '７', // FULLWIDTH DIGIT SEVEN
    '9'.repeat(5000),
    '1'.repeat(15),
  ),
);

/** The seed a value means, when the CLI must accept it: an optionally signed run of ASCII digits, a safe integer. */
function meaning(value: string): number | undefined {
  const t = value.trim();
  const v = Number(t);
  return /^[+-]?\d+$/.test(t) && Number.isSafeInteger(v) ? v : undefined;
}

interface Case {
  argv: (out: string) => string[];
  /** The output file's extension, if the command writes one. */
  ext?: '.json' | '.csv';
  /** Compare the file with the seed-0 run's: equal exactly when the seed means 0. */
  deterministic?: true;
  numRuns: number;
  seed: number;
}

let problem = '';
let target = '';
let data = '';
beforeAll(async () => {
  problem = tmp.path('problem.json');
  expect((await runCli(['init', '--n', '3', '--d', '2', '--m', '4', '--out', problem])).code).toBe(0);
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
});

const CASES: Record<string, Case> = {
  init: {
    argv: (out) => ['init', '--n', '3', '--d', '2', '--m', '4', '--out', out],
    ext: '.json',
    deterministic: true,
    numRuns: 40,
    seed: 50,
  },
  'attention init': {
    argv: (out) => [
      ...['attention', 'init', '--sequences', '2', '--dim', '2', '--tokens', '2', '--heads', '2', '--head-dim', '1'],
      ...['--out', out],
    ],
    ext: '.json',
    deterministic: true,
    numRuns: 30,
    seed: 51,
  },
  train: {
    argv: (out) => ['train', '--problem', problem, '--out', out, '--steps', '3'],
    ext: '.json',
    numRuns: 15,
    seed: 52,
  },
  'diffusion train': {
    argv: (out) => [
      ...['diffusion', 'train', '--target', target, '--out', out, '--no-plot', '--model', 'ntk'],
      ...['--n', '8', '--m', '8'],
    ],
    ext: '.json',
    deterministic: true,
    numRuns: 12,
    seed: 53,
  },
  'diffusion sample': {
    argv: (out) => [
      ...['diffusion', 'sample', '--exact-score', '--target', target, '--out', out, '--no-plot'],
      ...['--count', '4', '--steps', '5'],
    ],
    ext: '.csv',
    deterministic: true,
    numRuns: 15,
    seed: 54,
  },
  'diffusion eval': {
    argv: () => [
      ...['diffusion', 'eval', '--exact-score', '--target', target, '--rtol', '0.001', '--atol', '0.001'],
      ...['--count', '4', '--steps', '3', '--score-times', '2', '--score-points', '3', '--nll-points', '2'],
    ],
    numRuns: 10,
    seed: 55,
  },
  'diffusion likelihood --method hutchinson': {
    argv: () => [
      ...['diffusion', 'likelihood', '--exact-score', '--target', target, '--data', data],
      ...['--method', 'hutchinson', '--probes', '2', '--rtol', '0.001', '--atol', '0.001'],
    ],
    numRuns: 10,
    seed: 56,
  },
  verify: {
    argv: () => ['verify', '--quick', '--only', 'claim-3.4'],
    numRuns: 10,
    seed: 57,
  },
};

describe('property: --seed on every command that uses it', () => {
  it.each(Object.keys(CASES))(
    '%s: accepted with finite (and seed-determined) outputs, or refused in one line naming --seed, with no file',
    async (name) => {
      const c = CASES[name] as Case;
      const slug = name.replace(/\W+/g, '-');
      let seed0: string | undefined;
      if (c.deterministic && c.ext) {
        const out0 = tmp.path(`${slug}-seed0${c.ext}`);
        expect((await runCli(['--quiet', '--json', '--seed', '0', ...c.argv(out0)])).code).toBe(0);
        seed0 = readFileSync(out0, 'utf8');
      }
      let k = 0;
      await fc.assert(
        fc.asyncProperty(seedValue, async (value) => {
          const out = tmp.path(`${slug}-${k++}${c.ext ?? '.none'}`);
          const r = await runCli(['--quiet', '--json', '--seed', value, ...c.argv(out)]);
          const seed = meaning(value);
          if (seed === undefined) {
            expectOneLineNaming(r, '--seed');
            if (c.ext) expect(existsSync(out)).toBe(false);
            return;
          }
          expect({ value, code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
          expect(allFinite(JSON.parse(r.stdout))).toBe(true);
          if (!c.ext) return;
          expect(fileFinite(out)).toBe(true);
          // the same seed, the same file; another seed, another file (a seed that is ignored fails here)
          if (seed0 !== undefined)
            expect({ value, same: readFileSync(out, 'utf8') === seed0 }).toEqual({ value, same: seed === 0 });
          rmSync(out);
        }),
        { seed: c.seed, numRuns: c.numRuns },
      );
    },
    300_000,
  );
});
