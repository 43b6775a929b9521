/**
 * The scale row of issue 17: λ_min and λ_max of the NTK Gram matrix H(W) (Definition 3.6 of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax", 2024) at n·d = 32768 (n = 4096, d_in = d_out = 8, m = 4096,
 * symmetric initialisation, unit-sphere inputs, seed 1), whole process, float64:
 *
 * - ours: `softmax-ntk --json ntk --problem P`, which takes the matrix-free route at this size
 *   (`largeSpectrum`: Lanczos on the structured product; H, 8.6 GB, is never formed), its progress on stderr;
 * - PyTorch: scale_torch.py, the same route in torch float64 (all threads), since the dense
 *   `torch.linalg.eigvalsh` of the 32768² float64 matrix needs 8.6 GB plus workspace and ~N³ = 3.5·10¹³ flops;
 *   with `--dense-n N` also torch's dense eigvalsh at n = N samples (n·d = 8N), for an N³ extrapolation.
 *
 * Each side: wall time of the whole process, its peak RSS (GNU time), the 1-minute load before and after.
 *
 *   pnpm exec tsx --tsconfig tooling/bench/peers/tsconfig.json tooling/bench/peers/scale.ts \
 *     [--n 4096] [--d 8] [--m 4096] [--confirm-zero] [--dense-n N] [--skip-torch] [--out DIR]
 *
 * `--confirm-zero`: both sides keep iterating after the rank bound has settled λ_min = 0, until the smallest Ritz
 * value is ≤ 1e-6·λ_max (the numerical confirmation; many more products).
 *
 * Writes DIR/scale-<date>.md (default bench/results/) and prints it. Needs the CLI built
 * (`pnpm turbo run build --filter=softmax-ntk...`) and /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeProblem } from '@softmax-ntk/network';
import { writeProblemFile } from '@softmax-ntk/network/node';
import { ensurePython } from './python';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const n = Number(opt('n') ?? 4096);
const d = Number(opt('d') ?? 8);
const m = Number(opt('m') ?? 4096);
const denseN = Number(opt('dense-n') ?? 0);
const confirmZero = args.includes('--confirm-zero');
const outDir = opt('out') ?? join(root, 'bench', 'results');
const load1 = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

interface Row {
  side: string;
  result: Record<string, unknown>;
  wallS: number;
  rssGiB: number;
  loadBefore: number;
  loadAfter: number;
}

/** Runs a command under GNU time; its last stdout line is JSON. Progress (stderr) is passed through. */
function run(side: string, cmd: string[]): Row {
  const loadBefore = load1();
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB %M', ...cmd], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wallS = (performance.now() - t0) / 1000;
  const loadAfter = load1();
  process.stderr.write(r.stderr.split('\n').slice(-6).join('\n'));
  if (r.status !== 0) throw new Error(`${side}: exit ${r.status}: ${r.stderr.slice(-2000)}`);
  const rss = /MAXRSS_KB (\d+)/.exec(r.stderr);
  const lines = r.stdout.trim().split('\n');
  return {
    side,
    result: JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>,
    wallS,
    rssGiB: rss ? Number(rss[1]) / 2 ** 20 : NaN,
    loadBefore,
    loadAfter,
  };
}

ensurePython('/usr/bin/python3');
const dir = mkdtempSync(join(tmpdir(), 'scale-'));
const problemPath = join(dir, 'problem.json');
writeProblemFile(
  problemPath,
  makeProblem({ n, dIn: d, dOut: d, numNeurons: m, sigma: 1, seed: 1, data: 'unit-sphere' }).problem,
);
const rows: Row[] = [];
rows.push(
  run('ours: softmax-ntk ntk (matrix-free, float64)', [
    process.execPath,
    join(root, 'apps', 'cli', 'bin', 'softmax-ntk.js'),
    '--json',
    'ntk',
    '--matrix-free',
    '--problem',
    problemPath,
    ...(confirmZero ? ['--confirm-zero'] : []),
  ]),
);
if (!args.includes('--skip-torch')) {
  const torch = ['/usr/bin/python3', join(here, 'scale_torch.py'), problemPath, '--threads', String(cpus().length)];
  if (confirmZero) torch.push('--confirm-zero');
  rows.push(run('PyTorch: same route (float64, all threads)', torch));
  if (denseN > 0) {
    const dense = ['/usr/bin/python3', join(here, 'scale_torch.py'), problemPath, '--threads', String(cpus().length)];
    rows.push(run(`PyTorch: dense eigvalsh at n = ${denseN}`, [...dense, '--dense-n', String(denseN)]));
  }
}

const fmt = (v: unknown): string => {
  if (v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(12);
  return typeof v === 'string' ? v : JSON.stringify(v);
};
const date = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '-');
const md = [
  `# Scale: λ_min, λ_max of H at n·d = ${n * d} (${date} UTC)`,
  '',
  `n = ${n}, d_in = d_out = ${d}, m = ${m}, symmetric init, unit-sphere x, seed 1; float64. ` +
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB. ` +
    'Whole process (start-up and reading the problem file included); peak RSS by GNU time; load = 1-minute average.',
  '',
  '| side | route | λ_min | λ_max | smallest Ritz value | products | wall (s) | peak RSS (GiB) | load before → after |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.side} | ${fmt(r.result['route'] ?? r.result['method'])} | ${fmt(r.result['lambdaMin'])} | ${fmt(r.result['lambdaMax'])} | ` +
      `${fmt(r.result['ritzMin'])} | ${fmt(r.result['products'])} | ${r.wallS.toFixed(1)} | ${r.rssGiB.toFixed(2)} | ` +
      `${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)} |`,
  ),
  '',
  rows.length > 1 && rows[1]
    ? `Ratio ours / PyTorch (wall): ${((rows[0] as Row).wallS / rows[1].wallS).toFixed(2)}; peak RSS: ${((rows[0] as Row).rssGiB / rows[1].rssGiB).toFixed(2)}.`
    : 'PyTorch skipped.',
  '',
  'λ_min is 0 exactly when rank H ≤ (m/2)·d_in < n·d (symmetric pairs; `gramRankBound`); the smallest Ritz value is',
  'the numerical upper bound on it from the same Krylov space. A figure taken at load above ~1.5 is not evidence.',
  '',
];
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `scale-${date}.md`);
writeFileSync(file, md.join('\n'));
console.log(md.join('\n'));
console.log(`wrote ${file}`);
