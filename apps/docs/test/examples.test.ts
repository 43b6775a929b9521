/**
 * The `@example` blocks of the packages' TSDoc comments (what the API pages show) are honest: each runs against the
 * built packages, and what each `console.log` line prints is what its `// <output>` comment says. The core maths
 * and the functions that the package READMEs' examples use have an example.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const app = path.resolve(__dirname, '..');
const root = path.resolve(app, '../..');
// (in the docs app's folder, so that the examples' imports resolve to its workspace dependencies)
const dir = path.join(app, 'test-artifacts/examples');

interface Example {
  pkg: string;
  file: string;
  line: number;
  name: string;
  code: string;
  expected: (string | null)[];
}

/** Functions that must have an example: the core maths, what the READMEs' examples call, attention's and sweep's API. */
const REQUIRED: Record<string, string[]> = {
  linalg: ['Rng', 'matmul', 'gramian', 'cholesky', 'choleskySolve', 'eigvalsh', 'lanczos', 'cg'],
  network: ['makeProblem', 'parseProblem', 'forward', 'gradient', 'evaluate', 'train'],
  ntk: ['gram', 'spectrum', 'ntkRegression', 'kernelDrift'],
  diffusion: ['makeSchedule', 'parseTarget', 'exactScore', 'sample', 'likelihood', 'modeCoverage', 'trainScoreModel'],
  verify: ['theoryConstants', 'lineChart', 'runChecks'],
  attention: [
    'makeAttentionTask',
    'initAttention',
    'forward',
    'evaluate',
    'attentionJacobian',
    'attentionGram',
    'attentionSpectrum',
    'trainAttention',
    'attentionKernelRecorders',
  ],
  sweep: ['parseGrid', 'cellId', 'fitLogLog', 'scaling', 'experimentOf'],
};

let examples: Example[];
let printed: Record<string, { lines: string[]; error?: string }>;

beforeAll(() => {
  // (scripts/examples.mjs is an ES module that jest's CommonJS runtime cannot load: ask node)
  examples = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { collectExamples } from './scripts/examples.mjs'; console.log(JSON.stringify(collectExamples(${JSON.stringify(root)})));`,
      ],
      { cwd: app, encoding: 'utf8' },
    ),
  ) as Example[];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = examples.map((e, k) => {
    const f = path.join(dir, `${k}-${e.pkg}-${e.name}.mjs`);
    writeFileSync(f, e.code);
    return f;
  });
  // One process runs them all, one after the other, each with its own console.log capture.
  const driver = path.join(dir, 'run.mjs');
  writeFileSync(
    driver,
    `import { format } from 'node:util';
const log = console.log;
const out = {};
for (const f of ${JSON.stringify(files)}) {
  const lines = [];
  console.log = (...args) => lines.push(...format(...args).split('\\n'));
  try {
    await import(f);
    out[f] = { lines };
  } catch (e) {
    out[f] = { lines, error: String(e && e.stack ? e.stack : e) };
  }
}
console.log = log;
log(JSON.stringify(out));
process.exit(0);
`,
  );
  const result = JSON.parse(
    execFileSync(process.execPath, [driver], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 })
      .trim()
      .split('\n')
      .pop()!,
  ) as Record<string, { lines: string[]; error?: string }>;
  printed = Object.fromEntries(examples.map((e, k) => [`${e.file}:${e.line}`, result[files[k]!]!]));
}, 600000);

test('the packages have @example blocks, and every console.log line of one says what it prints', () => {
  expect(examples.length).toBeGreaterThanOrEqual(20);
  const silent = examples.filter((e) => e.expected.length === 0 || e.expected.includes(null));
  expect(silent.map((e) => `${e.file}:${e.line} (${e.name})`)).toEqual([]);
});

test.each(Object.entries(REQUIRED))('%s: the core functions have an example', (pkg, names) => {
  const have = new Set(examples.filter((e) => e.pkg === pkg).map((e) => e.name));
  expect(names.filter((n) => !have.has(n))).toEqual([]);
});

test('each example runs and prints what its comments say', () => {
  type Wrong = { where: string; error?: string; printed?: string[]; comments?: (string | null)[] };
  const wrong = examples.flatMap((e): Wrong[] => {
    const got = printed[`${e.file}:${e.line}`]!;
    const where = `${e.file}:${e.line} (${e.name})`;
    if (got.error) return [{ where, error: got.error.split('\n').slice(0, 3).join(' | ') }];
    const lines = got.lines.map((l) => l.trim());
    return JSON.stringify(lines) === JSON.stringify(e.expected)
      ? []
      : [{ where, printed: lines, comments: e.expected }];
  });
  expect(wrong).toEqual([]);
});
