#!/usr/bin/env node
// Mutation testing (StrykerJS with its jest runner) of the core maths, as a tool, not a gate:
//   pnpm mutation                          every target below, one at a time
//   pnpm mutation linalg-random            the targets whose name contains the word
//   pnpm mutation diffusion-model --files src/model/exactScore.ts,src/sample/sample.ts
//                                          a PARTIAL run: only those files of the target are mutated (labelled so)
//   pnpm mutation ntk-gram --force         ignore the incremental file, test every mutant again
//   pnpm mutation linalg-lapack --files src/lapack/internal/sterf.ts --skip-tests src/lapack/internal/tridiagonalThreads.test.ts
//                                          a PARTIAL run that also leaves those test files out (recorded per mutated
//                                          file and listed in the summary: its mutants had fewer tests to kill them)
//   pnpm mutation --summary                only rewrite the summary from the JSON reports
// A target's `keepTests` un-skips some of its `skipTests` for a `--files` run of the files named there (the
// model-file tests, skipped for trainScoreModel.ts's mutants, are the ones that pin modelFile*.ts and modelSchema.ts);
// the summary lists those files beside the skipped test.
// A target is complete when each of its files (its dirs and files, less its exclude) is in its JSON report or has
// a run record, whether one run or several `--files` batches mutated them; otherwise the summary labels it PARTIAL
// and names the files never mutated. runs.json keeps each target's last run and, per file, the run that last
// mutated it (date, that run's wall time and load), shown beside the file's score.
// Each target runs Stryker inside its package (so jest uses that package's preset) with jest restricted to the
// target's own test files; coverageAnalysis "perTest" makes Stryker run, for each mutant, only the tests that
// execute it, so a mutant is never counted killed by a test that does not run it. Incremental mode: the JSON
// report bench/results/mutation/<target>.json is also Stryker's incremental file, so a re-run tests only the
// mutants whose code or covering tests changed (`--force` to re-test all). The summary,
// bench/results/mutation/README.md, gives the score per file and per target and every surviving mutant with the
// reason it is equivalent, from bench/results/mutation/equivalent.json. An entry there names the file, the
// mutator, the original source text, the replacement and the source line (whitespace-normalised) — never the
// line number, which other edits move; `line` is kept only as a hint (to choose between identical lines).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'bench', 'results', 'mutation');
const RUNS = join(OUT, 'runs.json');
const EQUIVALENT = join(OUT, 'equivalent.json');

/**
 * What is mutated: the core maths of issue #15, folder by folder, each against the tests of its own folders
 * (a module's own tests, and its `*.mutants.test.ts`, must kill its mutants; running every test that imports,
 * say, Rng would take hours).
 */
const TARGETS = [
  { name: 'linalg-random', pkg: 'packages/linalg', dirs: ['src/random'] },
  {
    name: 'linalg-blas',
    pkg: 'packages/linalg',
    dirs: ['src/blas'],
    // The structured product H·v of the softmax NTK (two thin passes of the SIMD kernel over S, like rowProducts32 a
    // product of the Gram kind): ntk's largeSpectrum runs on it (ntk-spectrum mutates its thin wrapper). And the row
    // softmax that forms its S (network's float64 forward pass runs it too).
    files: ['src/fused/softmaxGramProduct.ts', 'src/fused/rowSoftmax.ts'],
    // Left out of the mutation run only (CI runs them): gemm.mutants.test.ts pins the same lines (the packed kernel
    // beyond the WebAssembly memory, bit for bit) with `kernelsFit` answering false, in milliseconds; and
    // syrk.mutants.test.ts those of syrk.test.ts.
    skipTests: {
      'src/blas/gemm.beyondWasmMemory.test.ts':
        'a real 4 GiB product (K = 2²⁶, stride-0 operands): ~1 s, and a 60 s timeout under every mutant that breaks the packed loops',
      'src/blas/syrk.test.ts':
        'fast-check properties of both paths with a per-entry reference (~20 s per packing.ts or syrk.ts mutant on the shared machine); syrk.mutants.test.ts pins the JavaScript path bit for bit and the WebAssembly path, triangles, offsets, edge sizes and threshold in about a second',
    },
  },
  {
    name: 'linalg-lapack',
    pkg: 'packages/linalg',
    dirs: ['src/lapack'],
    // test support (Gaussian, Haar-orthogonal and prescribed-spectrum matrices for the tests), not shipped maths
    exclude: { 'src/lapack/internal/testing.ts': 'test support used only by the tests (not exported)' },
    // Left out of the mutation run only (CI runs it): eigh.mutants.test.ts pins the same code (both routes, known
    // spectra, exact identities) in about a second.
    // The QL/QR loops of tridiagonal.ts and sterf.ts mutated to run forever (`m++` → `m--` reads past the array's
    // end, undefined, and a NaN test is never true) cost Stryker's timeout each: Stryker waits 1.5 × the covering
    // tests' dry-run time plus this margin, and those tests take seconds, so 15 s (not 60) still leaves several
    // times their run time for a slower but finishing mutant on the loaded machine.
    timeoutMS: 15000,
    skipTests: {
      'src/lapack/eigh.test.ts':
        'n = 2048 eigh, a 40-run fast-check property and cyclic-Jacobi references up to n = 130: minutes per eigh.ts, eighWasm.ts or tridiagonal.ts mutant on the shared machine',
      // Every earlier batch left it out with `--skip-tests` (it reaches sterf.ts, tridiagonal.ts, eigh.ts and
      // eighWasm.ts through its references too); tridiagonalThreads.mutants.test.ts pins the same module.
      'src/lapack/internal/tridiagonalThreads.test.ts':
        'the two-thread eigvalsh against cyclic Jacobi for five matrix families up to n = 190, at n = 700, and from the CommonJS build in two child processes: tens of seconds per mutant; tridiagonalThreads.mutants.test.ts pins the module (small known spectra, the entry check, when the path applies, the worker started, kept, grown, stopped and given up) in a few seconds',
      'src/lapack/internal/stedc.test.ts':
        'divide and conquer against QL for eight tridiagonal families at nine sizes up to 257 (72 cases, seconds per stedc.ts mutant: 662 mutants took an estimated 2–3 h); stedc.mutants.test.ts pins the same lines (two and three levels of merges, every deflation branch, scaling, NaN-filled memory, the secular solver in closed form) in about a second',
    },
  },
  {
    name: 'network-network',
    pkg: 'packages/network',
    // src/internal holds the maths src/network and src/init delegate to (forward, gradient and Jacobian products over
    // `Ops`, the float64 and float32 ops, the loss, the GD engine, the argument validation); its tests sit beside it
    // (*.mutants.test.ts) and in src/network.
    dirs: ['src/network', 'src/init', 'src/internal'],
    exclude: {
      'src/internal/checkpoint.ts':
        'training checkpoints as JSON text (encoding, parsing, history truncation), no maths; the train and CLI suites test it',
      'src/internal/jsonNumbers.ts':
        'float64 numbers and rows written as round-tripping JSON text, no maths; problem-file and checkpoint tests pin it',
    },
    // The element loops of ops64.ts and engine.ts mutated to run forever cost the whole timeout (with 60 s, 2 of the
    // first 33 mutants took 2 of the run's first 4 minutes). All the target's tests run in under 3 s net (the dry run),
    // and Stryker adds 1.5 × the covering tests' time, so 15 s on top still tells an endless loop from a slow run.
    timeoutMS: 15000,
  },
  {
    name: 'ntk-gram',
    pkg: 'packages/ntk',
    // src/internal holds the maths gram.ts and gramAsync.ts delegate to (the float64 bands, the float32 factors and
    // tiles, the input factor of crossGram); its tests sit beside it (gramBands64.test.ts) and in src/gram. It also
    // holds validate.ts, the ntk's argument checks, which validate.mutants.test.ts pins by whole messages.
    dirs: ['src/gram', 'src/internal'],
    exclude: {
      'src/internal/gramPool.ts':
        'worker-pool plumbing (starting, feeding and stopping worker threads, atomics and barriers), no arithmetic of H: its mutants run in the workers, which Stryker does not instrument; gramAsync.test.ts checks its results',
      'src/internal/gramWorker.ts':
        "the worker threads' entry (message loop around buildChunk/TileRunner/runBand64 of gramTiles.ts and gramBands64.ts, which are mutated here), run only inside workers that Stryker does not instrument",
      'src/internal/softmaxProduct.ts':
        'mutated in ntk-spectrum (its `files`): it is the H·v product of largeSpectrum, whose tests pin it',
    },
    // The band, tile and transpose loops of src/internal mutated to run forever cost the whole timeout: with 60 s, 4
    // of gramBands64.ts's first 48 mutants took 4 of the run's first 2 minutes. Their covering tests take well under
    // a second each (Stryker adds 1.5 × their dry-run time), so 15 s on top still tells an endless loop from a slow run.
    timeoutMS: 15000,
    // Left out of the mutation run only (CI runs it): it imports gram.ts, so jest's related-test search ran it for
    // every gram.ts mutant, starting worker threads (tsx loader + a tfjs backend each) — about a minute per mutant.
    // gram.test.ts and gram.mutants.test.ts pin gram.ts in this thread against the float64 reference.
    skipTests: {
      'src/gram/gramAsync.test.ts':
        'the worker-thread tests of gramAsync (~1 min per gram.ts mutant: it imports gram.ts as its reference); gramAsync.ts itself is not run here',
    },
  },
  {
    name: 'ntk-spectrum',
    pkg: 'packages/ntk',
    dirs: ['src/spectrum', 'src/regression'],
    // The structured product v ↦ H·v of largeSpectrum lives in src/internal; its tests sit in src/spectrum.
    files: ['src/internal/softmaxProduct.ts'],
    // A largeSpectrum.ts mutant that keeps the Lanczos loop from stopping costs the whole timeout; the covering tests
    // take a few seconds (Stryker adds 1.5 × their dry-run time), so 15 s on top still tells an endless loop apart.
    timeoutMS: 15000,
  },
  {
    name: 'ntk-drift',
    pkg: 'packages/ntk',
    // The NTK's drift during training (Lemma 5.1: ‖H(W) − H(W̃)‖_F and the radius; the training recorders of
    // λ_min(H(τ)) and the drift).
    dirs: ['src/drift'],
    // kernelDrift.ts's sum and radius loops mutated to run forever (`k++` → `k--`: the index goes negative, reads
    // undefined, and `k < length` stays true) cost the whole timeout; the covering tests take well under a second
    // each (Stryker adds 1.5 × their dry-run time), so 15 s on top still tells an endless loop from a slow run.
    timeoutMS: 15000,
  },
  {
    name: 'diffusion-sde',
    pkg: 'packages/diffusion',
    dirs: ['src/sde'],
    // A schedule.ts mutant that makes the expression check's 2001-point loop endless (`i++` → `i--` on a polynomial
    // g, finite at every negative t) costs the whole timeout; the covering tests run in well under a second each, so
    // 15 s on top of the expected time still tells an endless loop from a slow run.
    timeoutMS: 15000,
    // Left out of the mutation run only (CI runs them): each costs tens of seconds per schedule.ts mutant, and
    // schedule.mutants.test.ts pins the same code with exact values and whole refusal messages in milliseconds.
    skipTests: {
      'src/sde/schedule.property.test.ts':
        'a seeded fast-check fuzz of the expression grammar (400 strings, each with 2001 positivity checks and quadrature), ~25 s per schedule.ts mutant',
      'src/sde/scheduleParserLoading.test.ts':
        'the lazy loading of the expression parser (src/internal/safeExpression.ts, not mutated here): it loads a fresh mathjs three times per schedule.ts mutant, tens of seconds on the shared machine',
    },
  },
  {
    name: 'diffusion-model',
    pkg: 'packages/diffusion',
    dirs: ['src/model', 'src/sample'],
    // The primal NTK solve of trainScoreModel lives in src/internal; its tests (primalNtk.test.ts) sit in src/model.
    files: ['src/internal/primalNtk.ts'],
    // Left out of the mutation run only (CI runs them): statistical checks of thousands of samples, which every
    // sampler mutant would re-run; sample.mutants.test.ts and scheduler.mutants.test.ts pin the same steps by hand.
    skipTests: {
      'src/sample/sample.test.ts':
        'moments of 4000 samples from every sampler (~30 s per sample.ts mutant on the shared machine); sample.mutants.test.ts writes each step out by hand on 3 points',
      // The model-file tests call trainScoreModel only to make their fixtures (in beforeAll, or in every test), so
      // each trainScoreModel.ts mutant re-ran all of them; a `--files` run of modelFile*.ts or modelSchema.ts keeps
      // them (keepTests below).
      'src/model/modelFile.test.ts':
        'the model-file round trip and refusals (~7 s per trainScoreModel.ts mutant: every test trains its own fixture); trainScoreModel.mutants.test.ts pins the training record against the literal reference',
      'src/model/modelFile.property.test.ts':
        'a fast-check fuzz of model files (~5 s per trainScoreModel.ts mutant: its fixture is trained in beforeAll)',
      'src/model/modelFile.hardening.test.ts':
        'refusals of hostile model files (~6 s per trainScoreModel.ts mutant: its fixture is trained in beforeAll)',
      'src/sample/scheduler.test.ts':
        'a 1000-sample DDIM run judged by energy distance and mode shares (~20 s per scheduler.ts mutant); scheduler.mutants.test.ts writes each step out by hand on 3 points',
    },
    // Skipped tests that a `--files` run of these files keeps: they are what pins the model-file code.
    keepTests: Object.fromEntries(
      [
        'src/model/modelFile.test.ts',
        'src/model/modelFile.property.test.ts',
        'src/model/modelFile.hardening.test.ts',
      ].map((f) => [f, ['src/model/modelFile.ts', 'src/model/modelFileIo.ts', 'src/model/modelSchema.ts']]),
    ),
  },
  {
    name: 'diffusion-metrics',
    pkg: 'packages/diffusion',
    dirs: ['src/metrics'],
    // A mutant that makes a pair loop endless costs the whole timeout; the metrics' tests run in well under a second
    // each (a mutant's whole jest run, start-up included, takes 4–8 s on the shared machine), so 15 s on top of the
    // expected time still tells an endless loop from a slow run.
    timeoutMS: 15000,
  },
  {
    name: 'diffusion-likelihood',
    pkg: 'packages/diffusion',
    dirs: ['src/likelihood'],
    // The RK45 (Dormand–Prince) integrator of the probability-flow ODE lives in src/internal; its tests sit in
    // src/likelihood (the samplers use it too, but the likelihood's tests pin it).
    files: ['src/internal/dopri5.ts'],
    // A dopri5.ts mutant that breaks the step control (h never shrinks or grows, t never advances) runs until the
    // 100,000-step limit or forever and costs the whole timeout: with 60 s, 8 of the first 35 mutants took 8 of the
    // run's first 10 minutes on the loaded machine. The covering tests take well under a second each (Stryker adds
    // 1.5 × their dry-run time), so 15 s on top still tells an endless loop from a slow but finishing run.
    timeoutMS: 15000,
  },
  {
    name: 'diffusion-data',
    pkg: 'packages/diffusion',
    // The maths behind the score model's training data and its error measure: the denoising pairs and the paper's
    // network input (Section 6.1), the exact mixture marginals and scores, the normalisation to ‖y‖ ≤ 1, and the
    // helpers of src/internal they use (the exact JVPs of the divergence, the stratified times, the quadrature).
    dirs: ['src/data', 'src/target', 'src/internal'],
    exclude: {
      'src/internal/dopri5.ts': 'mutated in diffusion-likelihood (its `files`): the likelihood tests pin it',
      'src/internal/primalNtk.ts': 'mutated in diffusion-model (its `files`): the model tests pin it',
      'src/internal/readJson.ts': 'file reading and JSON parsing with error messages (IO), no arithmetic',
      'src/internal/safeExpression.ts':
        'the schedule-expression parser (mathjs sandbox, grammar checks): parsing, tested with the schedules in diffusion-sde',
      'src/target/parseTarget.ts': 'reading and validating a target spec (messages, shapes), no arithmetic of p₀',
      'src/target/targetFile.ts': 'reading target and data files from disk (IO, hashes, CSV/JSON parsing)',
      'src/target/targetSchema.ts': 'the JSON schema of the target file (declarations), no arithmetic',
      'src/target/target.ts': 'types, the list of names and the error class of targets, no arithmetic',
    },
    // A quadrature.ts mutant that keeps the bisection from stopping (2⁴⁰ intervals before maxDepth) or a
    // stratifiedTimes.ts mutant that makes its loop endless costs the whole timeout; the covering tests take well
    // under a second each (Stryker adds 1.5 × their dry-run time), so 15 s on top still tells an endless loop apart.
    timeoutMS: 15000,
    // Left out of the mutation run only (CI runs it): denoisingData.mutants.test.ts pins every pair entry by entry.
    skipTests: {
      'src/data/denoisingData.test.ts':
        'statistical checks of 2000–4000 pairs against the float64 reference (α_t, σ_t² by nested Simpson quadrature for every pair): 14 s alone on a quiet machine, 75 s under the shared load, per mutant of mixture.ts, normalization.ts, networkInput.ts or denoisingData.ts on the shared machine; denoisingData.mutants.test.ts writes each pair out by hand in milliseconds',
    },
  },
];

function fail(message) {
  console.error(`mutation: ${message}`);
  process.exit(2);
}

/** The files a target mutates, relative to its package: its dirs' sources and its files, less its exclude. */
function targetSources(t) {
  return [
    ...t.dirs.flatMap((d) =>
      readdirSync(join(ROOT, t.pkg, d), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => `${d}/${f}`)
        .filter((f) => !(f in (t.exclude ?? {}))),
    ),
    ...(t.files ?? []),
  ].sort();
}

/**
 * Which of a target's files have been mutated: those in its JSON report (Stryker keeps every batch's files there)
 * or named by a run record (a file with no mutant at all is not in the report): its per-file record, or, for the
 * runs made before those, the union of its batches' files (`partial`). `lastBatch` is the files the target's last
 * run mutated, as far as the per-file records tell (empty for runs made before them).
 */
function targetCoverage(t, report, run) {
  const pkgDir = join(ROOT, t.pkg);
  const reported = new Set(
    Object.keys(report?.files ?? {}).map((p) => relative(pkgDir, p.startsWith('/') ? p : join(pkgDir, p))),
  );
  const sources = targetSources(t);
  const batches = Array.isArray(run?.partial) ? run.partial : [];
  const missing = sources.filter((f) => !reported.has(f) && !run?.files?.[f] && !batches.includes(f));
  const lastBatch = run ? sources.filter((f) => run.files?.[f]?.date === run.date) : [];
  return { sources, missing, lastBatch };
}

const argv = process.argv.slice(2);
const summaryOnly = argv.includes('--summary');
const force = argv.includes('--force');
const filesAt = argv.indexOf('--files');
const files = filesAt >= 0 ? (argv[filesAt + 1] ?? '').split(',').filter(Boolean) : null;
if (files && files.length === 0) fail('`--files` needs a comma-separated list of files, got nothing');
const skipAt = argv.indexOf('--skip-tests');
const skipTests = skipAt >= 0 ? (argv[skipAt + 1] ?? '').split(',').filter(Boolean) : [];
if (skipAt >= 0 && skipTests.length === 0)
  fail('`--skip-tests` needs a comma-separated list of test files, got nothing');
if (skipAt >= 0 && !files) fail('`--skip-tests` needs `--files` (it is recorded per mutated file)');
const words = argv.filter(
  (w, i) => !w.startsWith('--') && (filesAt < 0 || i !== filesAt + 1) && (skipAt < 0 || i !== skipAt + 1),
);
const chosen = words.length ? TARGETS.filter((t) => words.some((w) => t.name.includes(w))) : TARGETS;
if (chosen.length === 0)
  fail(`no target matches ${words.join(' ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
if (files && chosen.length !== 1) fail('`--files` needs exactly one target');
if (files) {
  const t = chosen[0];
  for (const f of files) {
    if (!t.dirs.some((d) => f.startsWith(`${d}/`)) && !(t.files ?? []).includes(f))
      fail(`\`--files\`: ${f} is not under ${t.dirs.join(' or ')}`);
    if (!existsSync(join(ROOT, t.pkg, f))) fail(`\`--files\`: ${f} does not exist in ${t.pkg}`);
  }
  for (const f of skipTests) {
    if (!f.endsWith('.test.ts') || !existsSync(join(ROOT, t.pkg, f)))
      fail(`\`--skip-tests\`: ${f} is not a test file of ${t.pkg}`);
  }
}
/** Whether this `--files` run keeps the target's skipped test f (its `keepTests` names one of the files mutated). */
const keptFor = (t, f) => (files ?? []).some((m) => (t.keepTests?.[f] ?? []).includes(m));
mkdirSync(OUT, { recursive: true });
const readRuns = () => (existsSync(RUNS) ? JSON.parse(readFileSync(RUNS, 'utf8')) : {});
let runs = readRuns();

for (const t of summaryOnly ? [] : chosen) {
  const cwd = join(ROOT, t.pkg);
  const report = join(OUT, `${t.name}.json`);
  const config = {
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    jest: {
      projectType: 'custom',
      configFile: 'jest.config.cjs',
      // Only the target's own tests (with the *.mutants.test.ts beside the modules) are run at all.
      config: {
        // (and the tests beside a file the target mutates outside its folders: `files`)
        testMatch: [
          ...t.dirs.map((d) => `<rootDir>/${d}/**/*.test.ts`),
          ...(t.files ?? []).map((f) => `<rootDir>/${f.replace(/\.ts$/, '')}*.test.ts`),
        ],
        // A target's `skipTests` (slow tests whose code its *.mutants.test.ts pins) are left out of this run only.
        // `--skip-tests` leaves more out, for this run only.
        testPathIgnorePatterns: [
          '/node_modules/',
          ...[...Object.keys(t.skipTests ?? {}).filter((f) => !keptFor(t, f)), ...skipTests].map(
            (f) => `<rootDir>/${f}`,
          ),
        ],
      },
      // Per mutant, jest runs only the test files that import the mutated file (jest --findRelatedTests), and in
      // them only the tests that cover the mutant (perTest below): without it every test file of the target is
      // loaded (tfjs, wasm) for every mutant, 14 s a mutant for scoreModel.ts.
      enableFindRelatedTests: true,
    },
    // Each mutant runs only against the tests that execute it (and is NoCoverage when none does).
    coverageAnalysis: 'perTest',
    // Never mutated: tests, and each target's `exclude` (test support; the wasm kernels are in src/wasm, base64
    // generated from AssemblyScript in assembly/, outside every target: Stryker cannot mutate them meaningfully).
    mutate: files ?? [
      ...t.dirs.map((d) => `${d}/**/*.ts`),
      ...(t.files ?? []),
      '!**/*.test.ts',
      ...Object.keys(t.exclude ?? {}).map((f) => `!${f}`),
    ],
    // The JSON report is the incremental file: one file per target, committed, so a re-run is cheap.
    incremental: true,
    incrementalFile: report,
    force,
    reporters: ['clear-text', 'progress'],
    // The machine is shared: one test process.
    concurrency: 1,
    // Added to each mutant's expected test time before it counts as a timeout (killed): an endless loop costs this.
    timeoutMS: t.timeoutMS ?? 60000,
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    // Static mutants (module-level constants) would re-run every test of the target per mutant; they are left
    // out and counted as "static, not run" in the summary, never as killed.
    ignoreStatic: true,
  };
  const file = join(cwd, '.stryker.generated.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  console.log(`\n# ${t.name}: stryker in ${t.pkg} on ${files ? files.join(', ') : t.dirs.join(', ')}`);
  const started = new Date();
  const loadBefore = loadavg()[0];
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'stryker'), ['run', file], { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`mutation: ${t.name} exited with ${r.status}; its report and run record are left as they were`);
    continue;
  }
  // runs.json as it is now: another target's run (or a merge) may have written it while this one ran, and only this
  // target's record is this run's to change.
  runs = readRuns();
  // A PARTIAL run keeps the earlier batches' results in the incremental report (Stryker carries over the mutants
  // of files outside `mutate`), so its scope is the union with the earlier batches' files; a whole run resets it.
  const before = runs[t.name]?.partial;
  const partial = files && Array.isArray(before) ? [...before, ...files.filter((f) => !before.includes(f))] : files;
  // The tests each file's latest batch left out (`--skip-tests`), kept across partial runs like `partial`.
  const skipped = { ...(files && Array.isArray(before) ? (runs[t.name]?.skippedTests ?? {}) : {}) };
  for (const f of files ?? []) {
    if (skipTests.length) skipped[f] = skipTests;
    else delete skipped[f];
  }
  const record = {
    date: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    load1: [Number(loadBefore.toFixed(1)), Number(loadavg()[0].toFixed(1))],
  };
  runs[t.name] = {
    ...record,
    partial: partial ?? false,
    incremental: !force,
    ...(Object.keys(skipped).length ? { skippedTests: skipped } : {}),
    // Each file's last run (this run's record for the files it mutated), kept across runs, whole or partial.
    files: Object.fromEntries(
      Object.entries({
        ...(runs[t.name]?.files ?? {}),
        ...Object.fromEntries((files ?? targetSources(t)).map((f) => [f, record])),
      }).sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
  // Written whole to a temporary file, then renamed over runs.json: a reader never sees half a file.
  writeFileSync(`${RUNS}.${process.pid}.tmp`, JSON.stringify(runs, null, 2) + '\n');
  renameSync(`${RUNS}.${process.pid}.tmp`, RUNS);
}

// --- the summary: score per file and per target, every survivor, and the reason it is equivalent
const norm = (s) => s.replace(/\s+/g, ' ').trim();
/** The source text between two report locations (1-based lines and columns; end exclusive). */
function sourceText(lines, start, end) {
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [
    lines[start.line - 1].slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1].slice(0, end.column - 1),
  ].join('\n');
}
const short = (s, n = 70) => {
  const one = norm(String(s));
  return (one.length > n ? `${one.slice(0, n - 1)}…` : one).replace(/\|/g, '\\|').replace(/`/g, "'");
};

const equivalents = existsSync(EQUIVALENT) ? JSON.parse(readFileSync(EQUIVALENT, 'utf8')) : [];
if (!Array.isArray(equivalents))
  fail('equivalent.json must be an array of {file, mutator, original, replacement, context, line, reason}');
for (const [i, e] of equivalents.entries()) {
  for (const k of ['file', 'mutator', 'original', 'replacement', 'context', 'reason']) {
    if (typeof e[k] !== 'string' || e[k] === '') fail(`equivalent.json[${i}].${k} must be a non-empty string`);
  }
}
const used = new Set();

const lines = [
  '# Mutation testing of the core maths',
  '',
  'Made by `pnpm mutation [target…]` (StrykerJS 9 + jest runner, `coverageAnalysis: "perTest"`, concurrency 1,',
  'incremental); one JSON report per target beside this file (also the incremental file), run records in',
  '`runs.json`. Score = (killed + timeout) / (killed + timeout + survived + no coverage). Static mutants',
  '(module-level initialisers) are not run (`ignoreStatic`) and are counted apart, never as killed; so is a run',
  'error (the covering tests could not run: a test file failing to load under the mutant), as Stryker does. A survivor is',
  'a missing test or an equivalent mutant whose reason is recorded in `equivalent.json` and shown below; the',
  'entries are matched on file, mutator, original text, replacement and the source line, not on line numbers.',
  '',
  '## Runs',
  '',
  '| target | date (UTC) | wall time | load (1-min, start → end, 2 cores shared) | scope |',
  '|---|---|---|---|---|',
];
const byTarget = [];
const perFile = [];
const survivors = [];
const reports = readdirSync(OUT)
  .filter((n) => n.endsWith('.json') && n !== 'equivalent.json' && n !== 'runs.json')
  .sort((a, b) => TARGETS.findIndex((t) => `${t.name}.json` === a) - TARGETS.findIndex((t) => `${t.name}.json` === b));
for (const f of reports) {
  const report = JSON.parse(readFileSync(join(OUT, f), 'utf8'));
  const target = f.replace(/\.json$/, '');
  const pkg = TARGETS.find((x) => x.name === target)?.pkg ?? '';
  const run = runs[target];
  const spec = TARGETS.find((x) => x.name === target);
  const cover = spec ? targetCoverage(spec, report, run) : { sources: [], missing: [], lastBatch: [] };
  const lastBatch = cover.lastBatch.length ? cover.lastBatch.join(', ') : '(before per-file run records)';
  const scope = cover.missing.length
    ? `**PARTIAL**: never mutated: ${cover.missing.join(', ')}; last batch: ${lastBatch}`
    : run?.partial
      ? `all ${cover.sources.length} files, in batches; last batch: ${lastBatch}`
      : `all ${cover.sources.length} file${cover.sources.length === 1 ? '' : 's'}, in one run`;
  lines.push(
    run
      ? `| ${target} | ${run.date.slice(0, 16).replace('T', ' ')} | ${run.seconds} s | ${run.load1[0]} → ${run.load1[1]} | ${scope} |`
      : `| ${target} | (before run records) | — | — | see git log |`,
  );
  const total = { mutants: 0, killed: 0, survived: 0, noCov: 0, ignored: 0, errors: 0, justified: 0 };
  for (const [path, fileReport] of Object.entries(report.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const ms = fileReport.mutants ?? [];
    const src = (fileReport.source ?? '').split('\n');
    const count = (s) => ms.filter((m) => m.status === s).length;
    const killed = count('Killed') + count('Timeout');
    const survived = count('Survived');
    const noCov = count('NoCoverage');
    const ignored = count('Ignored');
    // A mutant whose tests could not run at all (a suite that fails to load, a crashed runner): not scored.
    const errors = count('RuntimeError') + count('CompileError');
    const valid = killed + survived + noCov;
    const rel = relative(ROOT, path.startsWith('/') ? path : join(ROOT, pkg, path));
    const last = run?.files?.[relative(join(ROOT, pkg), join(ROOT, rel))];
    const lastRun = last
      ? `${last.date.slice(0, 16).replace('T', ' ')}, ${last.seconds} s, ${last.load1[0]} → ${last.load1[1]}`
      : '(before per-file run records)';
    let justified = 0;
    for (const m of ms.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const original = sourceText(src, m.location.start, m.location.end);
      const context = norm(src.slice(m.location.start.line - 1, m.location.end.line).join(' '));
      const candidates = equivalents
        .map((e, i) => ({ e, i }))
        .filter(
          ({ e }) =>
            e.file === rel &&
            e.mutator === m.mutatorName &&
            norm(e.original) === norm(original) &&
            norm(e.replacement) === norm(String(m.replacement ?? '')) &&
            norm(e.context) === context,
        )
        .sort(
          (a, b) =>
            Math.abs((a.e.line ?? 0) - m.location.start.line) - Math.abs((b.e.line ?? 0) - m.location.start.line),
        );
      const hit = candidates.find(({ i }) => !used.has(i)) ?? candidates[0];
      if (hit) {
        used.add(hit.i);
        justified += 1;
      }
      survivors.push(
        `| ${target} | ${rel}:${m.location.start.line} | ${m.mutatorName} | ${m.status} | \`${short(original, 50)}\` → \`${short(
          m.replacement ?? '',
          50,
        )}\` | ${hit ? hit.e.reason : '**not justified: a missing test**'} |`,
      );
    }
    const score = valid ? ((100 * killed) / valid).toFixed(1) : '—';
    perFile.push(
      `| ${target} | ${rel} | ${ms.length} | ${killed} | ${survived} | ${noCov} | ${ignored} | ${errors} | ${justified} | ${score} % | ${lastRun} |`,
    );
    total.mutants += ms.length;
    total.killed += killed;
    total.survived += survived;
    total.noCov += noCov;
    total.ignored += ignored;
    total.errors += errors;
    total.justified += justified;
  }
  const valid = total.killed + total.survived + total.noCov;
  const score = valid ? ((100 * total.killed) / valid).toFixed(1) : '—';
  const withEq = valid ? ((100 * (total.killed + total.justified)) / valid).toFixed(1) : '—';
  byTarget.push(
    `| ${target}${cover.missing.length ? ' (PARTIAL)' : ''} | ${total.mutants} | ${total.killed} | ${total.survived} | ${total.noCov} | ${total.ignored} | ${total.errors} | ${total.justified} | ${score} % | ${withEq} % |`,
  );
}
lines.push(
  '',
  '## Score per target',
  '',
  '"score" counts every survivor against the tests; "killed or justified" counts the equivalent mutants of',
  '`equivalent.json` as not-a-missing-test.',
  '',
  '| target | mutants | killed | survived | no coverage | static, not run | run error, not scored | justified equivalent | score | killed or justified |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...byTarget,
  '',
  '## Score per file',
  '',
  '"last mutated" is the run that last mutated the file: its date, wall time and load (1-min, start → end); a',
  'batch of several files shares one wall time.',
  '',
  '| target | file | mutants | killed | survived | no coverage | static, not run | run error, not scored | justified equivalent | score | last mutated (UTC, wall time, load) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...perFile,
  '',
  '## Survivors',
  '',
  '| target | where (line at the run) | mutator | status | original → replacement | reason |',
  '|---|---|---|---|---|---|',
  ...survivors,
);
// What has not been mutated: targets with no report, and the files no run or batch has mutated yet.
const notRun = [];
for (const t of TARGETS) {
  const report = join(OUT, `${t.name}.json`);
  if (!existsSync(report)) notRun.push(`- ${t.name}: not run (${targetSources(t).length} files)`);
  else {
    const { missing } = targetCoverage(t, JSON.parse(readFileSync(report, 'utf8')), runs[t.name]);
    if (missing.length) notRun.push(`- ${t.name}: never mutated: ${missing.join(', ')}`);
  }
}
if (notRun.length) lines.push('', '## Not run (no score is claimed for these)', '', ...notRun);
const excluded = TARGETS.flatMap((t) =>
  Object.entries(t.exclude ?? {}).map(([f, why]) => `- ${t.name}: ${t.pkg}/${f}: ${why}`),
);
if (excluded.length) lines.push('', '## Excluded from mutation (not counted)', '', ...excluded);
const skippedTests = TARGETS.flatMap((t) => [
  ...Object.entries(t.skipTests ?? {}).map(
    ([f, why]) =>
      `- ${t.name}: ${t.pkg}/${f}: ${why}${t.keepTests?.[f] ? `; kept (run) for the mutants of ${t.keepTests[f].join(', ')}` : ''}`,
  ),
  ...Object.entries(runs[t.name]?.skippedTests ?? {}).map(
    ([file, tests]) =>
      `- ${t.name}: for ${t.pkg}/${file} only (\`--skip-tests\`): ${tests.map((f) => `${t.pkg}/${f}`).join(', ')}; its mutants were run against the target's other tests`,
  ),
]);
if (skippedTests.length)
  lines.push(
    '',
    '## Tests left out of the mutation run (CI runs them; not counted as killing anything)',
    '',
    ...skippedTests,
  );
const stale = equivalents.filter((_, i) => !used.has(i));
if (stale.length) {
  lines.push('', '## Justifications that match no survivor (stale: the code or the run changed)', '');
  for (const e of stale)
    lines.push(
      `- ${e.file} (near line ${e.line ?? '?'}), ${e.mutator}: \`${short(e.original, 50)}\` → \`${short(e.replacement, 50)}\``,
    );
}
writeFileSync(join(OUT, 'README.md'), lines.join('\n') + '\n');
console.log(`\nmutation: summary in ${relative(ROOT, join(OUT, 'README.md'))}`);
