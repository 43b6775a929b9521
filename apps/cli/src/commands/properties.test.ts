/**
 * Issue #20, property-based: every generated value of a numeric option, and every generated problem file,
 * is either accepted with finite outputs, or refused with exit 1 and one line naming the field — and no
 * output file is written. Seeds are fixed (fast-check `seed`), so a failure reproduces.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

/** Option values as a hostile or careless user types them. */
const optionValue = fc.oneof(
  fc.integer({ min: -3, max: 300 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('', ' ', '0x10', '1e400', '-0', '1_000', 'NaN', 'Infinity', '2.5', '1e9', '9007199254740993', '3abc'),
);

function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

describe('property: numeric options of init', () => {
  it('accepted with a finite problem file, or refused in one line naming the option, with no file', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('--n', '--d', '--m', '--sigma'), optionValue, async (option, value) => {
        const out = tmp.path(`init-${k++}.json`);
        const args: Record<string, string> = { '--n': '3', '--d': '2', '--m': '4', '--sigma': '1' };
        args[option] = value;
        // a small cap keeps accepted runs small; sizes above it must be refused by the memory check
        const argv = ['--max-memory', '1MB', 'init', ...Object.entries(args).flat(), '--out', out];
        const r = await runCli(argv);
        if (r.code === 0) {
          expect(allFinite(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);
          rmSync(out);
        } else {
          expect(r.code).toBe(1);
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(r.stderr).toContain(option);
          expect(existsSync(out)).toBe(false);
        }
      }),
      { seed: 20, numRuns: 120 },
    );
  });
});

describe('property: problem files read by eval', () => {
  /** Matrices with entries that may be anything JSON can hold. */
  const entry = fc.oneof(
    { weight: 30, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
    fc.constantFrom(null, '0.2', 1e300, -1e300, 1e-300, [0.1], true),
  );
  const matrix = (rows: number, cols: number) =>
    fc.array(fc.array(entry, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
  const problem = fc
    .record({
      n: fc.integer({ min: 1, max: 3 }),
      d: fc.integer({ min: 1, max: 2 }),
      m: fc.constantFrom(2, 4),
    })
    .chain(({ n, d, m }) =>
      fc.record({
        activation: fc.constantFrom('softmax', 'relu', 'exp', 'tanh', 7),
        x: matrix(n, d),
        y: matrix(n, d),
        w: matrix(m, d),
        a: matrix(d, m),
      }),
    );

  it('finite F, loss and gradient, or one line naming the field', async () => {
    let k = 0;
    let accepted = 0;
    const fields = /\b(json|activation|x|y|w|a|F|loss|gradient)\b/;
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const f = tmp.path(`prob-${k++}.json`);
        writeFileSync(f, JSON.stringify(p));
        const r = await runCli(['--quiet', 'eval', '--problem', f, '--json']);
        if (r.code === 0) {
          accepted++;
          expect(allFinite(JSON.parse(r.stdout))).toBe(true);
        } else {
          expect(r.code).toBe(1);
          expect(r.stdout).toBe('');
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(r.stderr).toMatch(fields);
        }
      }),
      { seed: 21, numRuns: 150 },
    );
    // both branches were exercised (the generator is not all-refused)
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(150);
  });
});
