#!/usr/bin/env node
// Mutation testing (StrykerJS with its jest runner) of the core maths, as a tool, not a gate:
//   pnpm mutation                 every target below
//   pnpm mutation linalg-random   the targets whose name contains the word
//   pnpm mutation --summary       only rewrite the summary from the JSON reports
// Each target runs Stryker inside its package (so jest uses that package's preset and only the
// tests related to a mutated file run), writes Stryker's JSON report to
// bench/results/mutation/<target>.json, and this script then writes bench/results/mutation/README.md:
// the score per file and every surviving mutant, with a column for the reason it is equivalent
// (filled in by hand from bench/results/mutation/equivalent.json, keyed by file:line:mutator).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'bench', 'results', 'mutation');

/**
 * What is mutated: the core maths of issue #15, folder by folder, each against the tests of its own folder
 * (a module's own tests must kill its mutants; running every test that imports, say, Rng would take hours).
 */
const TARGETS = [
  { name: 'linalg-random', pkg: 'packages/linalg', dirs: ['src/random'] },
  { name: 'linalg-blas', pkg: 'packages/linalg', dirs: ['src/blas'] },
  { name: 'linalg-lapack', pkg: 'packages/linalg', dirs: ['src/lapack'] },
  { name: 'network-network', pkg: 'packages/network', dirs: ['src/network', 'src/init'] },
  { name: 'ntk-gram', pkg: 'packages/ntk', dirs: ['src/gram'] },
  { name: 'ntk-spectrum', pkg: 'packages/ntk', dirs: ['src/spectrum', 'src/regression'] },
  { name: 'diffusion-sde', pkg: 'packages/diffusion', dirs: ['src/sde'] },
  { name: 'diffusion-model', pkg: 'packages/diffusion', dirs: ['src/model', 'src/sample'] },
  { name: 'diffusion-metrics', pkg: 'packages/diffusion', dirs: ['src/metrics'] },
];

// `--summary`: rewrite the summary from the JSON reports already there, without running Stryker.
const summaryOnly = process.argv.includes('--summary');
const words = process.argv.slice(2).filter((w) => w !== '--summary');
const chosen = words.length ? TARGETS.filter((t) => words.some((w) => t.name.includes(w))) : TARGETS;
if (chosen.length === 0) {
  console.error(`mutation: no target matches ${words.join(' ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

for (const t of summaryOnly ? [] : chosen) {
  const cwd = join(ROOT, t.pkg);
  const config = {
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    jest: {
      projectType: 'custom',
      configFile: 'jest.config.cjs',
      config: { testMatch: t.dirs.map((d) => `<rootDir>/${d}/**/*.test.ts`) },
      enableFindRelatedTests: false,
    },
    coverageAnalysis: 'perTest',
    mutate: [...t.dirs.map((d) => `${d}/**/*.ts`), '!**/*.test.ts'],
    reporters: ['json', 'clear-text', 'progress'],
    jsonReporter: { fileName: join(OUT, `${t.name}.json`) },
    concurrency: 2,
    timeoutMS: 60000,
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    ignoreStatic: true,
  };
  const file = join(cwd, '.stryker.generated.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  console.log(`\n# ${t.name}: stryker in ${t.pkg} on ${t.dirs.join(', ')}`);
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'stryker'), ['run', file], { cwd, stdio: 'inherit' });
  if (r.status !== 0) console.error(`mutation: ${t.name} exited with ${r.status}`);
}

// --- the summary: score per file, every survivor, and the reason it is equivalent where one is recorded
const equivalentFile = join(OUT, 'equivalent.json');
const equivalent = existsSync(equivalentFile) ? JSON.parse(readFileSync(equivalentFile, 'utf8')) : {};
const lines = [
  '# Mutation testing of the core maths',
  '',
  'Made by `pnpm mutation [target…]` (StrykerJS + jest runner); one JSON report per target beside this file.',
  'Score = killed / (killed + survived + no coverage + timeout counted as killed); a survivor is a missing',
  'test or an equivalent mutant, whose reason is recorded in `equivalent.json` and shown below.',
  '',
  '| target | file | mutants | killed | survived | no coverage | score |',
  '|---|---|---|---|---|---|---|',
];
const survivors = [];
for (const f of readdirSync(OUT).filter((n) => n.endsWith('.json') && n !== 'equivalent.json')) {
  const report = JSON.parse(readFileSync(join(OUT, f), 'utf8'));
  const target = f.replace(/\.json$/, '');
  for (const [path, fileReport] of Object.entries(report.files ?? {})) {
    const ms = fileReport.mutants ?? [];
    const count = (s) => ms.filter((m) => m.status === s).length;
    const killed = count('Killed') + count('Timeout');
    const survived = count('Survived');
    const noCov = count('NoCoverage');
    const valid = killed + survived + noCov;
    const score = valid ? ((100 * killed) / valid).toFixed(1) : '—';
    const pkg = TARGETS.find((x) => x.name === target)?.pkg ?? '';
    const rel = relative(ROOT, path.startsWith('/') ? path : join(ROOT, pkg, path));
    lines.push(`| ${target} | ${rel} | ${ms.length} | ${killed} | ${survived} | ${noCov} | ${score} % |`);
    for (const m of ms.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const key = `${rel}:${m.location.start.line}:${m.mutatorName}`;
      survivors.push(
        `| ${rel}:${m.location.start.line} | ${m.mutatorName} | ${m.status} | \`${String(m.replacement ?? '')
          .replace(/\|/g, '\\|')
          .replace(/\n/g, ' ')
          .slice(0, 60)}\` | ${equivalent[key] ?? 'not yet justified: a missing test'} |`,
      );
    }
  }
}
lines.push('', '## Survivors', '', '| where | mutator | status | replacement | reason |', '|---|---|---|---|---|');
lines.push(...survivors);
writeFileSync(join(OUT, 'README.md'), lines.join('\n') + '\n');
console.log(`\nmutation: summary in ${relative(ROOT, join(OUT, 'README.md'))}`);
