/**
 * The `@example` blocks of the packages' TSDoc comments (what the API pages show) are honest: each runs against the
 * built packages, and what each `console.log` line prints is what its `// <output>` comment says. Every function and
 * class that a package exports has one — from its main entry, from its Node-only entry `@softmax-ntk/<pkg>/node`,
 * and each function of a namespace an entry exports (verify's `reference`) — read with the TypeScript compiler
 * (scripts/examples.mjs).
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

interface Exported {
  /** The package (`network`), or its Node-only entry (`network/node`). */
  pkg: string;
  name: string;
  kind: 'function' | 'class';
  file: string;
  /** The namespace that exports it (verify's `reference`), if any. */
  namespace?: string;
}

let examples: Example[];
let exported: Exported[];
let printed: Record<string, { lines: string[]; error?: string }>;

beforeAll(() => {
  // (scripts/examples.mjs is an ES module that jest's CommonJS runtime cannot load: ask node)
  [examples, exported] = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { collectExamples, exportedValues } from './scripts/examples.mjs';
const root = ${JSON.stringify(root)};
console.log(JSON.stringify([collectExamples(root), await exportedValues(root)]));`,
      ],
      { cwd: app, encoding: 'utf8', maxBuffer: 1 << 26 },
    ),
  ) as [Example[], Exported[]];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = examples.map((e, k) => {
    // (the name is a declaration's text, e.g. `finalCorrectorSteps?: number;`: a `?` in a file URL is a query)
    const f = path.join(dir, `${k}-${e.pkg}-${e.name.replace(/[^\w.-]+/g, '_')}.mjs`);
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

test('every function and class that a package exports has an example (a re-export: where it is declared)', () => {
  // (the count guards the enumeration itself: an empty or truncated list would pass the check below; 168 from the
  // main entries, 45 from the Node-only entries, 10 of verify's `reference` namespace when this was written)
  expect(exported.length).toBeGreaterThanOrEqual(220);
  for (const name of ['forward', 'gradient', 'gram', 'spectrum', 'ntkRegression', 'trainScoreModel', 'sample'])
    expect(exported.map((e) => e.name)).toContain(name);
  const have = new Set(examples.map((e) => `${e.file}#${e.name}`));
  const missing = exported
    .filter((e) => !have.has(`${e.file}#${e.name}`))
    .map((e) => `${e.pkg}: ${e.kind} ${e.namespace ? `${e.namespace}.` : ''}${e.name}`);
  expect(missing).toEqual([]);
});

test("the Node-only entries and verify's `reference` namespace are counted (each needs an example too)", () => {
  // (a one-line bug in the enumeration — node.ts not read, namespaces skipped — would empty these lists, and the
  // test above would pass without them)
  const node = exported.filter((e) => e.pkg.endsWith('/node'));
  expect(new Set(node.map((e) => e.pkg.replace(/\/node$/, '')))).toEqual(
    new Set(['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep']),
  );
  for (const name of ['runSweep', 'sweepStatus', 'collectSweep', 'gramAsync', 'readProblemFile', 'writeReport'])
    expect(node.map((e) => e.name)).toContain(name);
  // the Node `train` of network is its own function, not the main entry's
  expect(node.find((e) => e.pkg === 'network/node' && e.name === 'train')?.file).toBe(
    'packages/network/src/train/trainNode.ts',
  );
  const reference = exported.filter((e) => e.namespace === 'reference').map((e) => e.name);
  expect(reference.sort()).toEqual(
    [
      'crossGram',
      'forward',
      'gradient',
      'gradientAutodiff',
      'gradientClaim34',
      'gradientFiniteDifference',
      'gram',
      'loss',
      'softmaxScores',
      'testKernel',
    ].sort(),
  );
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
