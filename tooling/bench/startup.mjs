#!/usr/bin/env node
// Start-up benchmark (issue #14; a benchmark, not a timed test): whole-process
// wall time of `node -e 0`, `softmax-ntk --help`, `--version` and `info`, of
// `softmax-ntk ntk` on a tiny problem in float64 and float32 (issue #17: what a
// computing command pays before and after its computation — module loading,
// backend initialisation, the problem file, exit), and of a fresh Node that
// only imports one package's main entry, each the median
// of N runs (the first, warm-up run of each is discarded). Each process's CPU
// time (user + system, from a `--require` preload that reports
// `process.cpuUsage()` at exit) is given beside its wall time: on a busy
// machine the wall time grows with the queue for the cores, the CPU time much
// less.
//
// The 1-minute load average (`uptime`) is read before and after each row. A
// row whose load exceeds 1.5 is not printed (its figure would say more about
// the other processes than about ours) unless `--allow-load` is given; then it
// is printed and marked. Needs `pnpm build` first (the CLI and the packages
// run from dist).
//
// Usage: pnpm bench:startup [--runs N] [--allow-load] [--json] [--record]
//   --record  also writes bench/results/startup-<date>.json and .md
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The load average above which a row is refused without --allow-load. */
export const MAX_LOAD = 1.5;
/** Targets of issue #14: the CLI's light commands within 5× of `node -e 0`; each package's import under 0.25 s. */
export const CLI_RATIO_TARGET = 5;
export const IMPORT_TARGET_SECONDS = 0.25;
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'sweep', 'attention', 'verify'];

/** The median of a non-empty list. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The rows measured: a label, the node arguments, and the target it is held to. `tinyProblem` is a problem file
 * (n = 4, d = 2, m = 8) for the `ntk` rows, whose computation is negligible: they time everything else.
 */
export function cases(tinyProblem) {
  const cli = join(root, 'apps/cli/bin/softmax-ntk.js');
  const ntk = (precision) => ({
    label: `softmax-ntk --precision ${precision} ntk (n = 4, d = 2, m = 8)`,
    args: [cli, '--json', '--quiet', '--precision', precision, 'ntk', '--problem', tinyProblem],
    kind: 'command',
  });
  return [
    { label: 'node -e 0', args: ['-e', '0'], kind: 'baseline' },
    { label: 'softmax-ntk --help', args: [cli, '--help'], kind: 'cli' },
    { label: 'softmax-ntk --version', args: [cli, '--version'], kind: 'cli' },
    { label: 'softmax-ntk info', args: [cli, 'info'], kind: 'cli' },
    ...(tinyProblem ? [ntk('float64'), ntk('float32')] : []),
    ...PACKAGES.map((p) => ({
      label: `import('@softmax-ntk/${p}')`,
      // The import alone, timed inside the process and printed on stdout.
      args: [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import('@softmax-ntk/${p}'); process.stdout.write(String((performance.now() - t) / 1000));`,
      ],
      kind: 'import',
    })),
  ];
}

function parseArgs(argv) {
  const o = { runs: 7, allowLoad: false, json: false, record: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--allow-load') o.allowLoad = true;
    else if (a === '--json') o.json = true;
    else if (a === '--record') o.record = true;
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = a === '--runs' ? argv[++i] : a.slice('--runs='.length);
      if (!/^[1-9]\d*$/.test(v ?? '')) throw new Error(`invalid argument: \`--runs\` must be an integer ≥ 1, got ${v}`);
      o.runs = Number(v);
    } else throw new Error(`invalid argument: unknown option ${a} (known: --runs N, --allow-load, --json, --record)`);
  }
  return o;
}

/** One run of `node <args>`: wall seconds, the process's own CPU seconds, and the import seconds it printed. */
function runOnce(args, preload, cpuFile) {
  rmSync(cpuFile, { force: true });
  const t0 = process.hrtime.bigint();
  // From apps/cli: it depends on every package, so `import('@softmax-ntk/<pkg>')` resolves as in an app.
  const r = spawnSync(process.execPath, ['--require', preload, ...args], {
    cwd: join(root, 'apps/cli'),
    env: { ...process.env, SOFTMAX_NTK_STARTUP_CPU_FILE: cpuFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr).trim()}`);
  const cpu = Number(readFileSync(cpuFile, 'utf8'));
  const printed = Number(String(r.stdout).trim());
  return { wall, cpu, inner: Number.isFinite(printed) ? printed : undefined };
}

function measure(c, runs, preload, cpuFile) {
  const loadBefore = loadavg()[0];
  runOnce(c.args, preload, cpuFile); // warm-up: file-system cache
  const samples = Array.from({ length: runs }, () => runOnce(c.args, preload, cpuFile));
  const loadAfter = loadavg()[0];
  return {
    label: c.label,
    kind: c.kind,
    runs,
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.cpu)),
    importSeconds: c.kind === 'import' ? median(samples.map((s) => s.inner ?? NaN)) : undefined,
    load: [loadBefore, loadAfter],
  };
}

/** The target a row is held to, and whether it met it (undefined for the baseline). */
export function verdict(row, baselineWall) {
  if (row.kind === 'cli') {
    const ratio = row.wall / baselineWall;
    return {
      target: `≤ ${CLI_RATIO_TARGET}× node -e 0`,
      value: `${ratio.toFixed(1)}×`,
      met: ratio <= CLI_RATIO_TARGET,
    };
  }
  if (row.kind === 'import') {
    const own = row.importSeconds;
    return { target: `< ${IMPORT_TARGET_SECONDS} s`, value: `${own.toFixed(3)} s`, met: own < IMPORT_TARGET_SECONDS };
  }
  return undefined;
}

function markdown(rows, date) {
  const lines = [
    `Start-up, ${date}: median of ${rows[0]?.runs ?? 0} runs each; CPU = the process's user + system time.`,
    '',
    '| what | wall s | CPU s | load (1 min) before → after | target | measured | met |',
    '|---|---|---|---|---|---|---|',
  ];
  const baseline = rows.find((r) => r.kind === 'baseline');
  for (const r of rows) {
    const loaded = Math.max(...r.load) > MAX_LOAD;
    const v = baseline && verdict(r, baseline.wall);
    lines.push(
      `| ${r.label} | ${r.wall.toFixed(3)} | ${r.cpu.toFixed(3)} | ${r.load.map((l) => l.toFixed(2)).join(' → ')}${loaded ? ' (loaded machine)' : ''} | ${v?.target ?? '—'} | ${v?.value ?? '—'} | ${v ? (v.met ? 'yes' : 'no') : '—'} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`bench:startup: ${err.message}`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'softmax-ntk-startup-'));
  const preload = join(tmp, 'cpu.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.SOFTMAX_NTK_STARTUP_CPU_FILE, String((u.user + u.system) / 1e6)); });\n`,
  );
  const cpuFile = join(tmp, 'cpu.txt');
  const tiny = join(tmp, 'tiny.json');
  const init = spawnSync(
    process.execPath,
    [
      join(root, 'apps/cli/bin/softmax-ntk.js'),
      '--quiet',
      '--seed',
      '1',
      'init',
      '--n',
      '4',
      '--d',
      '2',
      '--m',
      '8',
      '--out',
      tiny,
    ],
    { encoding: 'utf8' },
  );
  if (init.status !== 0) {
    console.error(`bench:startup: softmax-ntk init failed (run \`pnpm build\` first): ${String(init.stderr).trim()}`);
    return 2;
  }
  const rows = [];
  let refused = 0;
  try {
    for (const c of cases(tiny)) {
      const load = loadavg()[0];
      if (load > MAX_LOAD && !o.allowLoad) {
        // Refused before running: measuring would cost the busy machine and give an unfair figure.
        console.error(`bench:startup: ${c.label}: not measured, load ${load.toFixed(2)} > ${MAX_LOAD} (--allow-load)`);
        refused++;
        continue;
      }
      const row = measure(c, o.runs, preload, cpuFile);
      if (Math.max(...row.load) > MAX_LOAD && !o.allowLoad) {
        console.error(
          `bench:startup: ${c.label}: not printed, load rose to ${Math.max(...row.load).toFixed(2)} > ${MAX_LOAD} (--allow-load)`,
        );
        refused++;
        continue;
      }
      rows.push(row);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const baseline = rows.find((r) => r.kind === 'baseline');
  const result = {
    date,
    runs: o.runs,
    node: process.version,
    maxLoad: MAX_LOAD,
    allowLoad: o.allowLoad,
    rows: rows.map((r) => ({
      ...r,
      loaded: Math.max(...r.load) > MAX_LOAD,
      verdict: baseline && verdict(r, baseline.wall),
    })),
  };
  const md = markdown(rows, date);
  if (o.json) console.log(JSON.stringify(result, null, 2));
  else if (rows.length) console.log(md);
  if (o.record && rows.length) {
    const dir = join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
    writeFileSync(join(dir, `startup-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(dir, `startup-${stamp}.md`), `${md}\n`);
  }
  return refused ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
