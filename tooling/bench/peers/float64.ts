/**
 * The float64 rows of the peer benchmark (issue 17): in process — the float64 GD step (Definition 3.5 with the
 * gradient of Claim 3.4) and dense eigvalsh / eigh at nd = 2048 — and whole process — `softmax-ntk ntk` and
 * `softmax-ntk train --steps 200` against a plain script of the same job — on the same problem file, both sides
 * float64. Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 *
 * The peer is PyTorch's float64 path where torch is installed (tooling/bench/peers/run.ts, torch_peer.py); where it
 * is not, NumPy on the same OpenBLAS/LAPACK (numpy_peer.py: dsyevd for eigvalsh, as torch.linalg.eigvalsh; the
 * closed-form step in vectorised NumPy), and every row says which. The peer at its best: a warm-up, the best of
 * 1 thread and all threads (OPENBLAS_NUM_THREADS), best-of and median of the repetitions; the step's peer time is
 * checked against a bare script of the same loop. Each row records the 1-minute load (/proc/loadavg) before and
 * after; a row that saw load > --max-load (1.5) is re-run after a pause (--retries, default 1), and if the machine
 * stays busy it is kept but marked "under load" — its ratio is not evidence for or against a target.
 *
 *   pnpm bench:float64 [--reps N] [--retries N] [--wait S] [--max-load L] [--only id,id] [--out DIR]
 *
 * Writes DIR/float64-<date>.{md,json} (default bench/results/) and prints the table. The whole-process rows need
 * the CLI built (`pnpm turbo run build --filter=softmax-ntk...`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateLambdaMax, makeProblem } from '@softmax-ntk/network';
import { writeProblemFile } from '@softmax-ntk/network/node';
import { gram } from '@softmax-ntk/ntk';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const reps = Number(opt('reps') ?? 5);
const retries = Number(opt('retries') ?? 1);
const waitS = Number(opt('wait') ?? 30);
const maxLoad = Number(opt('max-load') ?? 1.5);
const only = opt('only')?.split(',');
const outDir = opt('out') ?? join(root, 'bench', 'results');
const threadsAll = availableParallelism();

const load1 = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const median = (xs: number[]): number => {
  const s = [...xs].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
};
const best = (xs: number[]): number => Math.min(...xs);
const rel = (p: number, q: number): number => Math.abs(p - q) / Math.max(Math.abs(q), Number.MIN_VALUE);

interface Timing {
  wall: number[];
  cpu?: number[];
  [key: string]: unknown;
}

/** Runs a command, returns its last stdout line as JSON (and the wall time and peak RSS of the whole process). */
function run(cmd: string[], env: Record<string, string> = {}): { out: Timing; ms: number; rssMb: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB %M', ...cmd], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /RSS_KB (\d+)/.exec(r.stderr);
  const line = r.stdout.trim().split('\n').at(-1) ?? '{}';
  return { out: JSON.parse(line) as Timing, ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const tsx = ['npx', 'tsx', '--tsconfig', join(here, 'tsconfig.json')];
const py = ['python3', join(here, 'numpy_peer.py')];
const cli = ['node', join(root, 'apps', 'cli', 'bin', 'softmax-ntk.js')];

interface Row {
  id: string;
  what: string;
  peer: string;
  ours: { best: number; median: number; cpuMedian?: number; rssMb?: number };
  theirs: { best: number; median: number; cpuMedian?: number; rssMb?: number; threads: number };
  /** Best over best. */
  ratio: number;
  ratioCpu?: number;
  agreement: number;
  agreementNote: string;
  crossCheck?: string;
  load: [number, number];
  attempts: number;
  underLoad: boolean;
}

/** In process: each side's own timer around the work after a warm-up; the peer at 1 thread and at all threads. */
function inProcess(
  id: string,
  what: string,
  oursCmd: string[],
  peerCmd: string[],
  agree: (o: Timing, p: Timing) => [number, string],
): Omit<Row, 'load' | 'attempts' | 'underLoad'> {
  const o = run(oursCmd);
  let theirs: Row['theirs'] | undefined;
  let p: Timing | undefined;
  for (const threads of [1, threadsAll]) {
    const r = run(peerCmd, { OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) });
    const cand = {
      best: best(r.out.wall),
      median: median(r.out.wall),
      cpuMedian: r.out.cpu ? median(r.out.cpu) : undefined,
      rssMb: r.rssMb,
      threads,
    };
    if (!theirs || cand.best < theirs.best) {
      theirs = cand;
      p = r.out;
    }
  }
  const ours = {
    best: best(o.out.wall),
    median: median(o.out.wall),
    cpuMedian: o.out.cpu ? median(o.out.cpu) : undefined,
    rssMb: o.rssMb,
  };
  const t = theirs as Row['theirs'];
  const [agreement, agreementNote] = agree(o.out, p as Timing);
  return {
    id,
    what,
    peer: 'NumPy (OpenBLAS/LAPACK) — PyTorch not installed here',
    ours,
    theirs: t,
    ratio: ours.best / t.best,
    ratioCpu: ours.cpuMedian !== undefined && t.cpuMedian !== undefined ? ours.cpuMedian / t.cpuMedian : undefined,
    agreement,
    agreementNote,
  };
}

/** Whole process: wall time of each process from spawn to exit, alternating ours and the peer, after one warm-up each. */
function wholeProcess(
  id: string,
  what: string,
  oursCmd: string[],
  peerCmd: string[],
  agree: (o: Timing, p: Timing) => [number, string],
): Omit<Row, 'load' | 'attempts' | 'underLoad'> {
  // The peer at 1 thread and at all threads (OPENBLAS_NUM_THREADS), the better kept.
  const peerEnv = (threads: number) => ({ OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) });
  run(oursCmd);
  run(peerCmd, peerEnv(1));
  const to: number[] = [];
  const tp: Record<number, number[]> = { 1: [], [threadsAll]: [] };
  let o: ReturnType<typeof run> | undefined;
  let p: ReturnType<typeof run> | undefined;
  for (let r = 0; r < Math.max(2, Math.min(reps, 3)); r++) {
    o = run(oursCmd);
    to.push(o.ms);
    for (const threads of [1, threadsAll]) {
      p = run(peerCmd, peerEnv(threads));
      tp[threads]?.push(p.ms);
    }
  }
  const oo = o as ReturnType<typeof run>;
  const pp = p as ReturnType<typeof run>;
  const threads = best(tp[1] as number[]) <= best(tp[threadsAll] as number[]) ? 1 : threadsAll;
  const peerTimes = tp[threads] as number[];
  const [agreement, agreementNote] = agree(oo.out, pp.out);
  return {
    id,
    what,
    peer: 'NumPy script of the same job (OpenBLAS) — PyTorch not installed here',
    ours: { best: best(to), median: median(to), rssMb: oo.rssMb },
    theirs: { best: best(peerTimes), median: median(peerTimes), rssMb: pp.rssMb, threads },
    ratio: best(to) / best(peerTimes),
    agreement,
    agreementNote,
  };
}

/** Runs a row, re-running it after a pause while the load exceeded maxLoad; the last attempt is kept. */
async function withLoadCheck(measure: () => Omit<Row, 'load' | 'attempts' | 'underLoad'>): Promise<Row> {
  for (let attempt = 1; ; attempt++) {
    const l0 = load1();
    const r = measure();
    const l1 = load1();
    const busy = Math.max(l0, l1) > maxLoad;
    const row: Row = { ...r, load: [l0, l1], attempts: attempt, underLoad: busy };
    console.log(
      `${r.id}: ours ${r.ours.best.toFixed(1)} ms, peer ${r.theirs.best.toFixed(1)} ms (ratio ${r.ratio.toFixed(2)}), load ${l0.toFixed(2)}–${l1.toFixed(2)}${busy ? ' — over ' + maxLoad : ''}`,
    );
    if (!busy || attempt > retries) return row;
    await new Promise((res) => setTimeout(res, 1000 * waitS));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-float64-'));
  const P = join(dir, 'problem.json');
  // The problem of run.ts's GD and λ_min rows: unit-sphere inputs, σ = 1, symmetric initialisation, (256, 8, 4096).
  const { problem } = makeProblem({
    n: 256,
    dIn: 8,
    dOut: 8,
    numNeurons: 4096,
    sigma: 1,
    seed: 1,
    data: 'unit-sphere',
  });
  writeProblemFile(P, problem);
  const H = gram({ w: problem.w, a: problem.a, x: problem.x, activation: problem.activation, precision: 'float64' });
  const hPath = join(dir, 'H.f64');
  writeFileSync(hPath, new Uint8Array(H.data.buffer, H.data.byteOffset, H.data.byteLength));
  const n = H.rows;
  const eta = 1 / (await estimateLambdaMax({ problem, iterations: 20 }));
  const want = (id: string): boolean => !only || only.includes(id);
  const rows: Row[] = [];
  const eigAgree = (o: Timing, p: Timing): [number, string] => [
    Math.max(
      rel(o['lambdaMin'] as number, p['lambdaMin'] as number),
      rel(o['lambdaMax'] as number, p['lambdaMax'] as number),
    ),
    'max relative difference of λ_min, λ_max',
  ];

  if (want('step64')) {
    rows.push(
      await withLoadCheck(() => {
        const r = inProcess(
          'step64',
          'float64 GD step, n = 256, d = 8 (in and out), m = 4096: ours `softmaxGradient64` + W − η·ΔW',
          [...tsx, join(here, 'ours64.ts'), 'step', P, String(4 * reps)],
          [...py, 'step', P, String(4 * reps)],
          (o, p) => [rel(o['loss'] as number, p['loss'] as number), 'relative difference of the loss L(W(0))'],
        );
        // The cross-check: the peer's in-harness time against a bare loop of the same step in a fresh process.
        const plain = run([...py, 'plain-step', P, String(4 * reps)], {
          OPENBLAS_NUM_THREADS: String(r.theirs.threads),
        });
        const ratio = median(plain.out.wall) / r.theirs.median;
        return {
          ...r,
          crossCheck: `bare NumPy loop median ${median(plain.out.wall).toFixed(1)} ms = ${ratio.toFixed(2)} × the harness's${Math.abs(ratio - 1) > 0.3 ? ' (differ by > 30 %: suspect)' : ''}`,
        };
      }),
    );
  }
  for (const [id, kind, what, count] of [
    ['eigvalsh2048', 'vals', `dense eigvalsh of H (nd = ${n}, float64)`, reps],
    ['eigh2048', 'vecs', `dense eigh (values and vectors) of H (nd = ${n}, float64)`, 2],
  ] as const) {
    if (!want(id)) continue;
    rows.push(
      await withLoadCheck(() =>
        inProcess(
          id,
          what,
          [...tsx, join(here, 'ours64.ts'), 'eig', hPath, String(n), String(count), kind],
          [...py, 'eig', hPath, String(n), String(count), kind],
          eigAgree,
        ),
      ),
    );
  }
  const cliBuilt = existsSync(join(root, 'apps', 'cli', 'dist', 'index.js'));
  if (want('ntk-process') && cliBuilt) {
    rows.push(
      await withLoadCheck(() =>
        wholeProcess(
          'ntk-process',
          '`softmax-ntk ntk --problem P` (H float64, λ_min, λ_max) vs a NumPy script (H by Definition 3.6, eigvalsh)',
          [...cli, '--json', '--quiet', 'ntk', '--problem', P],
          [...py, 'ntk', P],
          eigAgree,
        ),
      ),
    );
  }
  if (want('train200-process') && cliBuilt) {
    const out = join(dir, 'trained.json');
    rows.push(
      await withLoadCheck(() =>
        wholeProcess(
          'train200-process',
          '`softmax-ntk train --problem P --steps 200 --eta η` (float64, writes the trained problem, history and plots) vs a NumPy loop of 200 steps',
          [...cli, '--json', '--quiet', 'train', '--problem', P, '--steps', '200', '--eta', String(eta), '--out', out],
          [...py, 'train', P, '200', String(eta)],
          (o, p) => [rel(o['loss'] as number, p['loss'] as number), 'relative difference of the final loss'],
        ),
      ),
    );
  }
  if (!cliBuilt) console.log('whole-process rows skipped: apps/cli/dist missing (build the CLI first)');

  const date = new Date();
  const stamp = date.toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const machine = `${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(1));
  const md = [
    `# float64 rows, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine}. Peer: ${rows[0]?.peer ?? '—'}. Times in ms: best / median of the repetitions (wall), CPU time`,
    `(median, the process's own user + system) beside it; ratio = ours best / peer best. Load = 1-minute load average`,
    `before–after the row; rows over ${maxLoad} were re-run up to ${retries} time(s) after ${waitS} s and are marked`,
    '**under load** when the machine stayed busy: their ratios are not evidence for or against a target.',
    '',
    '| row | ours (best / median) | ours CPU | peer (best / median, threads) | peer CPU | ratio (wall) | ratio (CPU) | peak RSS ours / peer (MB) | agreement | load | status |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id}: ${r.what} | ${fmt(r.ours.best)} / ${fmt(r.ours.median)} | ${fmt(r.ours.cpuMedian)} | ${fmt(r.theirs.best)} / ${fmt(r.theirs.median)}, ${r.theirs.threads} | ${fmt(r.theirs.cpuMedian)} | ${r.ratio.toFixed(2)} | ${r.ratioCpu?.toFixed(2) ?? '—'} | ${fmt(r.ours.rssMb)} / ${fmt(r.theirs.rssMb)} | ${r.agreement.toExponential(1)} (${r.agreementNote}) | ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)} | ${r.underLoad ? `**under load** (${r.attempts} attempts)` : 'load ≤ ' + maxLoad} |`,
    ),
    '',
    ...rows.filter((r) => r.crossCheck).map((r) => `Cross-check (${r.id}): ${r.crossCheck}.`),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `float64-${stamp}.md`), md);
  writeFileSync(
    join(outDir, `float64-${stamp}.json`),
    JSON.stringify({ machine, date: date.toISOString(), maxLoad, rows }, null, 2) + '\n',
  );
  console.log(md);
}

await main();
